namespace OneWindow.Certificates;

/// <summary>Where a seal or signature specimen stands in its registration (备案).</summary>
public enum RegistrationStatus
{
    Submitted,
    Registered,
    Rejected,
    Revoked,
}
