namespace OneWindow.Seeding;

/// <summary>Configuration section <c>Seed</c>: what is loaded on first start.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Divisions, the working-day calendar and the service catalog shipped with the platform.</summary>
    public bool ReferenceData { get; set; } = true;

    /// <summary>Demo units and accounts (README lists them). Turn off for a real deployment.</summary>
    public bool DemoAccounts { get; set; } = true;

    /// <summary>The shared data items departments publish and, with the demo accounts, the demo resident's records and one grant.</summary>
    public bool SharedData { get; set; } = true;

    /// <summary>The national 好差评 indicator sets shipped with the platform (new versions are added by id).</summary>
    public bool RatingIndicators { get; set; } = true;
}
