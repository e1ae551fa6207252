using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.DataSharing;
using OneWindow.Formats;
using OneWindow.Identity;

namespace OneWindow.Proactive;

/// <summary>
/// Works the inbox of the benefit rules. For each event: the rules that listen for it; for each rule the acting unit
/// (the granted item's department at the division the matter belongs to, as tasks are routed); the subject's records
/// the rule reads, each a granted read by that unit for the rule's purpose (its name) — recorded in the person's data
/// log and the ledger like any read, refused when the unit holds no grant; then the decision, and a
/// <see cref="BenefitGrant"/> when it grants. An event's grants and its being processed commit together; the unique
/// (rule, event, subject) index makes a replay — or a second worker — grant nothing twice.
/// </summary>
public sealed class GrantBenefits(OneWindowDb db, ProactiveRules rules, SubjectKeys keys, DataReadRecorder recorder, TimeProvider clock)
{
    /// <summary>How long a worker holds an event before another may take it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <summary>Takes up to <paramref name="batch"/> pending events, one at a time, and returns how many it processed.</summary>
    public async Task<int> ProcessPendingAsync(int batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var pending = await db.ProactiveEvents.AsNoTracking().Where(e => e.ProcessedAt == null && e.LeasedUntil < now)
            .OrderBy(e => e.Id).Select(e => e.Id).Take(batch).ToListAsync(ct);
        var processed = 0;
        foreach (var id in pending)
        {
            var until = clock.GetUtcNow().Add(Lease).ToUnixTimeMilliseconds();
            var taken = await db.ProactiveEvents.Where(e => e.Id == id && e.ProcessedAt == null && e.LeasedUntil < now)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeasedUntil, until).SetProperty(e => e.Attempts, e => e.Attempts + 1), ct);
            if (taken == 0)
            {
                continue; // another worker has it
            }
            await ProcessAsync(id, ct);
            processed++;
        }
        return processed;
    }

    private async Task ProcessAsync(Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var entry = await db.ProactiveEvents.FirstAsync(e => e.Id == id, ct);
        var notes = new List<string>();
        var facts = await ApprovedTasks.FactsAsync(db, entry.ApplicationId, entry.TaskId, ct);
        var grants = new List<BenefitGrant>();
        if (facts is null)
        {
            notes.Add(Texts.T("the approved task was not found"));
        }
        else
        {
            var e = new RuleEvent(entry.EventId, entry.Kind, entry.Source, facts.Values);
            foreach (var rule in rules.Engine.Listening(entry.Kind, entry.Source))
            {
                var decided = await DecideAsync(rule, e, facts.DivisionCode, ct);
                if (decided.Note is { } note)
                {
                    notes.Add($"{rule.Code}: {note}");
                }
                if (decided.Grant is { } grant)
                {
                    grants.Add(grant);
                }
            }
        }
        entry.ProcessedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        entry.Note = notes.Count == 0 ? null : Clip(string.Join("; ", notes));
        db.BenefitGrants.AddRange(grants);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (grants.Count > 0 && Storage.DbErrors.IsUniqueViolation(ex))
        {
            // Granted already (a replay, or another worker first): keep the grants there are, mark this event processed.
            db.ChangeTracker.Clear();
            await db.ProactiveEvents.Where(x => x.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ProcessedAt, entry.ProcessedAt), ct);
        }
    }

    private static string Clip(string text) => text.Length <= 1000 ? text : text[..1000];

    /// <summary>The unit that grants <paramref name="item"/> for a matter of <paramref name="divisionCode"/>, routed like a task.</summary>
    public async Task<Outcome<RoutableUnit>> ActingUnitAsync(ServiceItem item, string divisionCode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        var units = (await UnitQueries.OfDepartmentsAtAsync(db, [item.Department], [TaskRouter.CompetentDivision(item, divisionCode)], ct))
            .Select(u => new RoutableUnit(u.Id, u.Name, u.Department, u.DivisionCode));
        return TaskRouter.Route(item, divisionCode, units);
    }

    /// <summary>One rule's decision on an event, read and made for its acting unit; a grant to add, or why there is none to make.</summary>
    /// <param name="known">Records already read for this decision (a scan has read the scanned one), by data item.</param>
    /// <param name="engine">The engine to decide with: the rules in force, or the trial engine of a dry run.</param>
    public async Task<(BenefitGrant? Grant, RuleDecision? Decision, string? Note)> DecideAsync(BenefitRule rule, RuleEvent e, string divisionCode, CancellationToken ct,
        IReadOnlyDictionary<string, JsonObject>? known = null, RuleEngine? engine = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(e);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var subject = e.Values.GetValueOrDefault(rule.Subject)?.Trim().ToUpperInvariant();
        if (subject is null || !ResidentIdNumber.Parse(subject, today).IsValid)
        {
            return (null, null, Texts.T("the event names no valid identity number for the subject"));
        }
        var item = await CatalogQueries.ItemAsync(db, rule.Grant.Item, ct);
        if (item is null)
        {
            return (null, null, Texts.T("unknown item {0}", rule.Grant.Item));
        }
        var routed = await ActingUnitAsync(item, divisionCode, ct);
        if (!routed.Succeeded)
        {
            return (null, null, routed.Failure!.Detail);
        }
        var unit = routed.Value!;
        var records = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);
        foreach (var (code, record) in known ?? new Dictionary<string, JsonObject>())
        {
            records[code] = record;
        }
        foreach (var read in rule.When.Where(c => c.Data is not null && !records.ContainsKey(c.Data)).GroupBy(c => c.Data!, StringComparer.Ordinal))
        {
            var shared = await SharedDataItems.FindAsync(db, read.Key, ct);
            if (shared is null)
            {
                return (null, null, Texts.T("{0} is not a shared data item", read.Key));
            }
            var fields = read.Select(c => c.Field!).Distinct(StringComparer.Ordinal).ToList();
            var result = await ReadRecord.ForUnitAsync(unit.Id, Guid.Empty, shared, subject, rule.Name, fields, db, keys, recorder, clock, ct);
            if (result.Succeeded)
            {
                records[read.Key] = result.Value!.Data;
            }
            else if (result.Failure is Missing)
            {
                records[read.Key] = null; // no record: the conditions on it do not hold
            }
            else
            {
                return (null, null, result.Failure!.Detail); // the unit may not read it: no decision, and nothing read
            }
        }
        var decision = (engine ?? rules.Engine).Decide(rule, e, new Read(records), today);
        if (!decision.Grants)
        {
            return (null, decision, null);
        }
        var person = await AccountQueries.ResidentAsync(db, subject, ct);
        return (new BenefitGrant
        {
            RuleCode = rule.Code, EventId = e.Id, SubjectHash = keys.Of(DataSubjectKind.Resident, subject), PersonId = person?.Id,
            ItemCode = item.Code, UnitId = unit.Id, Fields = new Dictionary<string, string>(decision.Fields, StringComparer.Ordinal),
            Explanation = [.. decision.Observed], Amount = rule.Grant.Amount, State = BenefitState.Granted,
            GrantedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        }, decision, null);
    }

    /// <summary>The records read for one decision.</summary>
    private sealed class Read(Dictionary<string, JsonObject?> records) : ISubjectData
    {
        public JsonObject? Current(string item, string subjectIdNumber) => records.GetValueOrDefault(item);
    }
}
