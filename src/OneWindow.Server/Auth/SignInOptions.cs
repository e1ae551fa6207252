using System.ComponentModel.DataAnnotations;

namespace OneWindow.Server.Auth;

/// <summary>Configuration section <c>SignIn</c>: how many failed sign-ins a client and an account get.</summary>
public sealed class SignInOptions
{
    public const string Section = "SignIn";

    /// <summary>Failed sign-ins allowed per client address per window; then 429 with Retry-After.</summary>
    [Range(1, 10_000)]
    public int FailuresPerClient { get; set; } = 10;

    /// <summary>Failed sign-ins allowed per account name per window (whether or not the account exists).</summary>
    [Range(1, 10_000)]
    public int FailuresPerAccount { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
