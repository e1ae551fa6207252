using Microsoft.Extensions.Options;
using OneWindow.Applications;
using OneWindow.Security;

namespace OneWindow.Federation;

/// <summary>What the federation verbs need besides the request's database context (one singleton of the process).</summary>
public sealed class FederationServices(IOptions<FederationOptions> options, KeyEncryption keys, SubmissionReferences references, SubmitApplication.Services submissions,
    FederationDispatch outbox, DataSharing.SubjectKeys subjectKeys, DataSharing.DataReadRecorder reads, TimeProvider clock)
{
    public FederationOptions Options => options.Value;

    public KeyEncryption Keys => keys;

    public SubmissionReferences References => references;

    public SubmitApplication.Services Submissions => submissions;

    /// <summary>Wakes this process's deliverer after a save that queued a message.</summary>
    public FederationDispatch Outbox => outbox;

    public TimeProvider Clock => clock;

    public DataSharing.SubjectKeys SubjectKeys => subjectKeys;

    /// <summary>Records reads made for another region's requests, as every read is recorded.</summary>
    public DataSharing.DataReadRecorder Reads => reads;
}
