using OneWindow.Common;

namespace OneWindow.DataSharing;

/// <summary>What people call these values, in the current UI culture: a message names them, never shows their API code.</summary>
/// <remarks>The Chinese names are the ones the server's pages show.</remarks>
public static class DataSharingNames
{
    /// <summary>Where a data grant stands, e.g. 待审批.</summary>
    public static string Name(this GrantState state) => state switch
    {
        GrantState.Requested => Texts.T("Waiting for approval"),
        GrantState.Approved => Texts.T("Approved"),
        GrantState.Refused => Texts.T("Refused (grant)"),
        GrantState.Revoked => Texts.T("Revoked"),
    };
}
