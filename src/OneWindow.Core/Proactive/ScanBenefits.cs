using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.DataSharing;
using OneWindow.Formats;

namespace OneWindow.Proactive;

/// <summary>
/// The nightly (or on-demand) scan: for each rule set off by a scan, walk the current records of its data item; the
/// platform tests each record against the rule's conditions that need no other data (turned 80) and answers only which
/// subjects pass; for each of them not yet granted, the acting unit reads the record through its grant (recorded),
/// the rule decides with the rest of its conditions, and the grant is made — once per person and rule, however often
/// the scan runs. A dry run does the same and grants nothing: it says whom a rule would reach before it is switched on.
/// </summary>
public sealed class ScanBenefits(OneWindowDb db, ProactiveRules rules, GrantBenefits grants, DataReadRecorder recorder, TimeProvider clock)
{
    public const int PageSize = 1000;

    public sealed record Progress(string Rule, int Looked, int Total, int Candidates, int Granted);

    /// <summary>A rule's scan: records looked at, subjects whose own data passed, granted now, granted before, and for a dry run whom it would reach (masked).</summary>
    public sealed record Result(string Rule, bool DryRun, int Looked, int Candidates, int Granted, int AlreadyGranted, IReadOnlyList<string> Reached, IReadOnlyList<string> Notes);

    /// <summary>How far back a dry run of a rule set off by approvals looks, and at most how many approvals it tries.</summary>
    public static readonly TimeSpan TrialPeriod = TimeSpan.FromDays(90);

    public const int TrialApprovals = 1000;

    /// <summary>
    /// A dry run of a rule set off by approvals: tried on the latest approvals of its item (the last 90 days, at most
    /// 1,000), each decided as if it had just happened — reads through the acting unit's grant, recorded — granting nothing.
    /// </summary>
    public async Task<Outcome<Result>> TryOnApprovalsAsync(string ruleCode, CancellationToken ct)
    {
        var rule = rules.Trial.Rules.FirstOrDefault(r => r.Code == ruleCode);
        if (rule is null)
        {
            return new Missing("Rule");
        }
        if (rule.On.Kind != TriggerKind.TaskApproved)
        {
            return ValidationFailed.Single("rule", Texts.T("{0} is not set off by an approval", ruleCode));
        }
        var approvals = await Applications.ApprovedTasks.RecentAsync(db, rule.On.Item!, clock.GetUtcNow() - TrialPeriod, TrialApprovals, ct);
        int reachedCount = 0, before = 0;
        var reached = new List<string>();
        var notes = new List<string>();
        foreach (var (application, task, facts) in approvals)
        {
            var e = new RuleEvent($"{application}/{task}", TriggerKind.TaskApproved, facts.ItemCode, facts.Values);
            var (grant, decision, note) = await grants.DecideAsync(rule, e, facts.DivisionCode, ct, engine: rules.Trial);
            if (note is not null)
            {
                Note(notes, note);
            }
            if (grant is null)
            {
                continue;
            }
            if (await db.BenefitGrants.AnyAsync(g => g.RuleCode == rule.Code && g.EventId == e.Id && g.SubjectHash == grant.SubjectHash, ct))
            {
                before++;
                continue;
            }
            reachedCount++;
            if (reached.Count < 20)
            {
                reached.Add(Masked(e.Values, rule, decision!));
            }
        }
        return new Result(rule.Code, true, approvals.Count, reachedCount + before, reachedCount, before, reached, notes);
    }

    public async Task<Outcome<List<Result>>> RunAsync(string? ruleCode, bool dryRun, IProgress<Progress>? progress, CancellationToken ct)
    {
        var engine = dryRun ? rules.Trial : rules.Engine;
        var scanRules = engine.Rules.Where(r => r.On.Kind == TriggerKind.Scan && (ruleCode is null || r.Code == ruleCode)).ToList();
        if (ruleCode is not null && scanRules.Count == 0)
        {
            return engine.Rules.Any(r => r.Code == ruleCode)
                ? ValidationFailed.Single("rule", Texts.T("{0} is not set off by a scan", ruleCode))
                : new Missing("Rule");
        }
        var results = new List<Result>();
        foreach (var rule in scanRules)
        {
            results.Add(await ScanAsync(rule, engine, dryRun, progress, ct));
        }
        return results;
    }

    private async Task<Result> ScanAsync(BenefitRule rule, RuleEngine engine, bool dryRun, IProgress<Progress>? progress, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var itemCode = rule.On.Data!;
        var shared = await SharedDataItems.FindAsync(db, itemCode, ct);
        var item = await CatalogQueries.ItemAsync(db, rule.Grant.Item, ct);
        if (shared is null || item is null)
        {
            return new Result(rule.Code, dryRun, 0, 0, 0, 0, [], [Texts.T("unknown item {0}", shared is null ? itemCode : rule.Grant.Item)]);
        }
        var granted = (await db.BenefitGrants.AsNoTracking().Where(g => g.RuleCode == rule.Code && g.EventId == RuleEvent.ScanId).Select(g => g.SubjectHash).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        // What the unit reads of each candidate's record: its subject, the values the grant takes, the fields the rule tests.
        var fields = new[] { rule.Subject }.Concat((rule.Grant.Fields ?? new Dictionary<string, string>()).Values)
            .Concat(rule.When.Where(c => c.Data == itemCode).Select(c => c.Field!)).Distinct(StringComparer.Ordinal).ToList();
        var total = await SharedDataScan.SubjectsAsync(db, itemCode, ct);
        var units = new Dictionary<string, Outcome<Applications.RoutableUnit>>(StringComparer.Ordinal);
        var onlyScanned = rule.When.All(c => c.Data is null || c.Data == itemCode);
        int looked = 0, candidates = 0, made = 0, before = 0;
        var reached = new List<string>();
        var notes = new List<string>();
        Guid? after = null;
        do
        {
            var page = await SharedDataScan.MatchesAsync(db, itemCode, data => engine.Passes(rule, Values(data), today), after, PageSize, ct);
            looked += page.Looked;
            after = page.Next;
            candidates += page.Matches.Count;
            var fresh = page.Matches.Where(m => !granted.Contains(m.SubjectHash)).ToList();
            before += page.Matches.Count - fresh.Count;
            // Each grant decided on this page: made already (the slow path found its person), or to be made with the page's people.
            var decided = new List<(BenefitGrant? Made, RuleDecision Decision, string Hash, Guid Unit, IReadOnlyDictionary<string, string> Values)>();
            foreach (var place in fresh.GroupBy(m => m.DivisionCode))
            {
                if (place.Key is not { Length: 12 } division)
                {
                    Note(notes, Texts.T("a record names no division to route the benefit to"));
                    continue;
                }
                if (!units.TryGetValue(division, out var unit))
                {
                    units[division] = unit = await grants.ActingUnitAsync(item, division, ct);
                }
                if (!unit.Succeeded)
                {
                    Note(notes, unit.Failure!.Detail ?? unit.Failure.Title);
                    continue;
                }
                // The candidates' records, read through the unit's grant together (each read recorded, one commit).
                var read = await ReadRecord.ScannedForUnitAsync(unit.Value!.Id, shared, [.. place.Select(m => m.RecordId)], rule.Name, fields, db, recorder, clock, ct);
                if (!read.Succeeded)
                {
                    Note(notes, read.Failure!.Detail ?? read.Failure.Title);
                    continue;
                }
                foreach (var (hash, data) in read.Value!)
                {
                    var values = Values(data);
                    var e = new RuleEvent(RuleEvent.ScanId, TriggerKind.Scan, itemCode, values);
                    if (onlyScanned)
                    {
                        // Every condition reads the scanned record or nothing: decided here, no further read.
                        var decision = engine.Decide(rule, e, new Scanned(itemCode, data), today);
                        if (decision.Grants)
                        {
                            decided.Add((null, decision, hash, unit.Value.Id, values));
                        }
                        continue;
                    }
                    var (grant, slow, note) = await grants.DecideAsync(rule, e, division, ct, new Dictionary<string, JsonObject> { [itemCode] = data }, engine);
                    if (note is not null)
                    {
                        Note(notes, note);
                    }
                    if (grant is not null)
                    {
                        decided.Add((grant, slow!, hash, unit.Value.Id, values));
                    }
                }
            }
            if (dryRun)
            {
                made += decided.Count;
                reached.AddRange(decided.Take(20 - reached.Count).Select(d => Masked(d.Values, rule, d.Decision)));
            }
            else if (decided.Count > 0)
            {
                var people = await Identity.AccountQueries.ResidentIdsAsync(db, [.. decided.Where(d => d.Made is null).Select(d => d.Decision.Subject!)], ct);
                var grantsOfPage = decided.Select(d => d.Made ?? new BenefitGrant
                {
                    RuleCode = rule.Code, EventId = RuleEvent.ScanId, SubjectHash = d.Hash, PersonId = people.TryGetValue(d.Decision.Subject!, out var person) ? person : null,
                    ItemCode = item.Code, UnitId = d.Unit, Fields = new Dictionary<string, string>(d.Decision.Fields, StringComparer.Ordinal),
                    Explanation = [.. d.Decision.Observed], Amount = rule.Grant.Amount, State = BenefitState.Granted, GrantedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
                }).ToList();
                var saved = await SaveAsync(grantsOfPage, ct);
                made += saved;
                before += grantsOfPage.Count - saved;
                granted.UnionWith(grantsOfPage.Select(g => g.SubjectHash));
            }
            progress?.Report(new Progress(rule.Code, looked, total, candidates, made));
        }
        while (after is not null);
        return new Result(rule.Code, dryRun, looked, candidates, made, before, reached, notes);
    }

    /// <summary>The grants of one page in one commit; when one was granted meanwhile (another scan), one by one. Returns how many were made.</summary>
    private async Task<int> SaveAsync(List<BenefitGrant> page, CancellationToken ct)
    {
        var withPeople = page;
        db.BenefitGrants.AddRange(withPeople);
        try
        {
            await db.SaveChangesAsync(ct);
            return withPeople.Count;
        }
        catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex))
        {
            // granted meanwhile by another scan: one by one below
        }
        finally
        {
            db.ChangeTracker.Clear(); // a night's grants are not kept tracked: each save would look at all of them again
        }
        var made = 0;
        foreach (var grant in withPeople)
        {
            db.BenefitGrants.Add(grant);
            try
            {
                await db.SaveChangesAsync(ct);
                made++;
            }
            catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex))
            {
                // granted by another scan first
            }
            db.ChangeTracker.Clear();
        }
        return made;
    }

    /// <summary>The scanned record, the only data a rule deciding on the spot reads.</summary>
    private sealed class Scanned(string item, JsonObject record) : ISubjectData
    {
        public JsonObject? Current(string dataItem, string subjectIdNumber) => dataItem == item ? record : null;
    }

    private static void Note(List<string> notes, string note)
    {
        if (notes.Count < 20 && !notes.Contains(note))
        {
            notes.Add(note);
        }
    }

    /// <summary>Whom a dry run reached, as an admin may see it: the name's first character and the masked identity number.</summary>
    private static string Masked(IReadOnlyDictionary<string, string> values, BenefitRule rule, RuleDecision decision)
    {
        var name = (values.GetValueOrDefault("name") ?? rule.Grant.Fields?.Where(f => f.Key.EndsWith("Name", StringComparison.Ordinal)).Select(f => values.GetValueOrDefault(f.Value)).FirstOrDefault(v => v is not null))
            is { Length: > 0 } n ? n[..1] + new string('*', n.Length - 1) : "";
        return $"{name} {ResidentIdNumber.Mask(decision.Subject ?? values.GetValueOrDefault(rule.Subject) ?? "")}".Trim();
    }

    /// <summary>A record's values as text, as events carry them.</summary>
    public static Dictionary<string, string> Values(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in data)
        {
            var text = node?.GetValueKind() switch
            {
                JsonValueKind.String => node.GetValue<string>(),
                JsonValueKind.Number => node.GetValue<decimal>().ToString(CultureInfo.InvariantCulture),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            if (text is not null)
            {
                values[name] = text;
            }
        }
        return values;
    }
}
