using OneWindow.Common;

namespace OneWindow.Certificates;

/// <summary>What people call these values, in the current UI culture: a message names them, never shows their API code.</summary>
/// <remarks>The Chinese names are the ones the server's pages show.</remarks>
public static class CertificateNames
{
    /// <summary>Where a seal or signature specimen stands in its registration (备案).</summary>
    public static string Name(this RegistrationStatus status) => status switch
    {
        RegistrationStatus.Submitted => Texts.T("Waiting for registration"),
        RegistrationStatus.Registered => Texts.T("Registered"),
        RegistrationStatus.Rejected => Texts.T("Registration refused"),
        RegistrationStatus.Revoked => Texts.T("Revoked"),
    };
}
