namespace OneWindow.Departments;

/// <summary>Where one webhook message stands.</summary>
public enum WebhookState
{
    Pending,   // waiting for its (next) attempt
    Delivered, // the department's endpoint answered 2xx
    Dead,      // every attempt failed: on the dead-letter list until an admin replays it
}
