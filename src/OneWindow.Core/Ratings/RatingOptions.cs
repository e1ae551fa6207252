using OneWindow.Calendar;
using OneWindow.Security;

namespace OneWindow.Ratings;

/// <summary>Settings of 好差评 (section <c>Ratings</c>).</summary>
public sealed class RatingOptions
{
    public const string Section = "Ratings";

    /// <summary>How long after a matter is finished an unrated one is invited (智能邀评).</summary>
    public TimeSpan InvitationDelay { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long an invitation's rating link can be used.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(15);

    /// <summary>How often invitations are sent and overdue rectifications escalated; zero turns the sweep off.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>What the rating verbs need besides the database.</summary>
public sealed class RatingServices(TimeProvider clock, KeyEncryption keys, CalendarCache calendar, Microsoft.Extensions.Options.IOptions<RatingOptions> options)
{
    public TimeProvider Clock => clock;

    public KeyEncryption Keys => keys;

    public CalendarCache Calendar => calendar;

    public RatingOptions Options => options.Value;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
}
