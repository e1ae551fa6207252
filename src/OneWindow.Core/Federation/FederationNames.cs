using OneWindow.Common;

namespace OneWindow.Federation;

/// <summary>What people read for federation states, in their language.</summary>
public static class FederationNames
{
    public static string Name(ForwardedState state) => state switch
    {
        ForwardedState.Sending => Texts.T("Waiting to reach the other region's platform"),
        ForwardedState.Handling => Texts.T("Being handled in the other region"),
        ForwardedState.Completed => Texts.T("Completed"),
        ForwardedState.PartlyCompleted => Texts.T("Partly completed"),
        ForwardedState.Refused => Texts.T("Refused"),
        ForwardedState.NotAccepted => Texts.T("Not accepted by the other region"),
        _ => state.ToString(),
    };
}
