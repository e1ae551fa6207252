using System.Text.Json;

namespace OneWindow.Proactive;

/// <summary>What sets a rule off.</summary>
public enum TriggerKind
{
    /// <summary>A task of the catalog item <see cref="RuleTrigger.Item"/> is approved (a birth is registered, a disability certificate issued).</summary>
    TaskApproved,

    /// <summary>No event: the nightly (or on-demand) scan finds people who became eligible through data alone (turning 80).</summary>
    Scan,
}

/// <summary>The event a rule listens for: the approval of a catalog item's task, or a scan of a shared data item's records.</summary>
public sealed record RuleTrigger(TriggerKind Kind, string? Item = null, string? Data = null);

/// <summary>
/// One condition of a rule, read by whichever of its forms is given: a field of the subject's current record of a
/// shared data item (<see cref="Data"/> · <see cref="Field"/>), a value of the event (<see cref="Value"/>), or the
/// subject's age (<see cref="AgeAtLeast"/>, from the birth date in the identity number, on the day of evaluation);
/// compared by <see cref="EqualTo"/> or <see cref="In"/> (a record or value must exist to pass).
/// </summary>
public sealed record RuleCondition(
    string? Data = null, string? Field = null, string? Value = null, int? AgeAtLeast = null,
    JsonElement? EqualTo = null, IReadOnlyList<string>? In = null);

/// <summary>
/// What a rule grants: the catalog item (the benefit: 生育津贴, 高龄津贴), its values taken from the event
/// (<c>fields</c>: the item's field ← the event's value), and the amount when the rule fixes one.
/// </summary>
public sealed record RuleGrant(string Item, IReadOnlyDictionary<string, string>? Fields = null, decimal? Amount = null);

/// <summary>
/// A rule of benefits without application (免申即享): on an event, when the conditions on shared data hold for the
/// subject, grant the benefit. Rules are data (JSON checked against a schema), each naming the policy it comes from.
/// </summary>
/// <param name="Subject">The event's value holding the beneficiary's identity number (for a scan: the record's).</param>
/// <param name="Source">The policy or report the rule implements, shown to admins and to the person granted.</param>
public sealed record BenefitRule(
    string Code, string Name, string NameEn, string Source, RuleTrigger On, string Subject,
    IReadOnlyList<RuleCondition> When, RuleGrant Grant, bool Enabled = true);

/// <summary>The rules file.</summary>
public sealed record RuleSet(IReadOnlyList<BenefitRule> Rules);
