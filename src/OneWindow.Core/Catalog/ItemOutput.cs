namespace OneWindow.Catalog;

/// <summary>What handling an item produces.</summary>
public enum OutputKind
{
    /// <summary>A signed certificate or licence (证照).</summary>
    Certificate,

    /// <summary>A record in a department's system (登记).</summary>
    Record,
}

/// <summary>The output of a service item.</summary>
public sealed record ItemOutput(OutputKind Kind, string? CertificateType, int? ValidityDays);
