namespace OneWindow.Federation;

public enum ClaimState
{
    /// <summary>Settled: the fund's part and the person's part computed from the enrolment read in the insured region.</summary>
    Settled,

    /// <summary>Not settled across regions: not enrolled there, not paying, or no record.</summary>
    Refused,
}

/// <summary>
/// A medical bill settled where the person was treated for a person insured in another region, without prior filing
/// (异地就医直接结算，免备案): the claim as the treating region's medical-insurance unit entered it, the insured region's
/// enrolment read through that region's grant (the read's id and the signed answer's hash), and the settlement. Times are
/// Unix milliseconds.
/// </summary>
public sealed class CrossRegionClaim
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid UnitId { get; init; }

    public required Guid ClerkId { get; init; }

    public required string InsuredRegion { get; init; }

    public required string PatientIdNumber { get; init; }

    public required string PatientName { get; init; }

    public required string Hospital { get; init; }

    /// <summary>The hospital's number for the bill (结算单号): a bill is settled once per unit and hospital (null only on claims settled before it was asked for).</summary>
    public string? BillNumber { get; init; }

    public DateOnly AdmittedOn { get; init; }

    public DateOnly DischargedOn { get; init; }

    public decimal TotalAmount { get; init; }

    /// <summary>The part of the bill the insurance covers at all (within its catalogue); the ratio applies to it.</summary>
    public decimal EligibleAmount { get; init; }

    public ClaimState State { get; init; }

    /// <summary>The scheme and status the insured region's record says.</summary>
    public string? Scheme { get; init; }

    public string? Status { get; init; }

    public decimal? Ratio { get; init; }

    public decimal FundPays { get; init; }

    public decimal PersonPays { get; init; }

    public string? Reason { get; init; }

    /// <summary>The read request sent and the insured region's read (its data log entry).</summary>
    public Guid ReadRequestId { get; init; }

    public Guid? RemoteReadId { get; init; }

    public long SettledAt { get; init; }
}
