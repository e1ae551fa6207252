namespace OneWindow.Departments;

/// <summary>
/// A unit's own system (部门业务系统), registered to receive that unit's tasks as signed webhooks instead of
/// (or besides) handling them in the staff workbench. The signing secret is kept wrapped under the
/// key-encryption key and shown to the unit's admin once, when it is made.
/// </summary>
public sealed class DepartmentEndpoint
{
    public required Guid UnitId { get; init; }

    /// <summary>Where tasks are posted: HTTPS (plain HTTP only to a loopback address, and only when configured).</summary>
    public required string Url { get; set; }

    /// <summary>The Standard Webhooks signing secret, wrapped with AES-256-GCM under the key-encryption key.</summary>
    public required byte[] EncryptedSecret { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset RegisteredAt { get; set; }

    public Guid RegisteredBy { get; set; }
}
