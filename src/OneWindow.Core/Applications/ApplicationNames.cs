using OneWindow.Common;

namespace OneWindow.Applications;

/// <summary>What people call these values, in the current UI culture: a message names them, never shows their API code.</summary>
/// <remarks>The Chinese names are the ones the server's pages show.</remarks>
public static class ApplicationNames
{
    /// <summary>Where a task stands, e.g. 待受理.</summary>
    public static string Name(this TaskState state) => state switch
    {
        TaskState.Waiting => Texts.T("Waiting for earlier items"),
        TaskState.Queued => Texts.T("Waiting to be accepted"),
        TaskState.Accepted => Texts.T("Being handled"),
        TaskState.SupplementRequested => Texts.T("Supplement requested"),
        TaskState.Approved => Texts.T("Done"),
        TaskState.Refused => Texts.T("Refused"),
        TaskState.Cancelled => Texts.T("Cancelled"),
    };

    /// <summary>Where a whole application stands, e.g. 部分办结.</summary>
    public static string Name(this ApplicationState state) => state switch
    {
        ApplicationState.InProgress => Texts.T("In progress"),
        ApplicationState.Completed => Texts.T("Completed"),
        ApplicationState.PartlyCompleted => Texts.T("Partly completed"),
        ApplicationState.Refused => Texts.T("Refused"),
    };

    /// <summary>Where a physical result stands, e.g. 已寄出.</summary>
    public static string Name(this Handover step) => step switch
    {
        Handover.None => Texts.T("Electronic, in your account"),
        Handover.AwaitingDispatch => Texts.T("Being prepared"),
        Handover.ReadyForCollection => Texts.T("Ready at the window"),
        Handover.Mailed => Texts.T("Mailed"),
        Handover.HandedOver => Texts.T("Handed over"),
    };
}
