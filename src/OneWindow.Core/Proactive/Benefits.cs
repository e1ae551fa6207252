using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.DataSharing;
using OneWindow.Identity;

namespace OneWindow.Proactive;

/// <summary>
/// Benefits granted without application, as people see and act on them: the person their own (with which rule,
/// which event and which data granted each, and the right to object — a normal application then takes over); the
/// acting unit's staff the grants to pay, each paid once (two at once: one wins, the other is told it is done).
/// </summary>
public static class Benefits
{
    /// <summary>What one condition saw, named for people: 医疗保险参保信息 · 生育保险: true.</summary>
    public sealed record Seen(string What, string? Value, bool Held);

    /// <summary>A granted value by its field's label, as the granted item's form names it; an identity number is shown masked on pages.</summary>
    public sealed record Labelled(string Label, string Value, bool IsIdNumber = false);

    public sealed record View(
        Guid Id, string RuleCode, string Rule, string Source, string ItemCode, string Item, Guid UnitId, string Unit, BenefitState State, string StateName,
        DateTimeOffset GrantedAt, IReadOnlyDictionary<string, string> Fields, IReadOnlyList<Labelled> Values, IReadOnlyList<Seen> Explanation, string? Objection, DateTimeOffset? SettledAt);

    /// <summary>The person's own benefits, newest first: granted to their account, or to their identity number before they registered.</summary>
    public static async Task<Outcome<List<View>>> MineAsync(Account person, OneWindowDb db, SubjectKeys keys, ProactiveRules rules, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(keys);
        if (person.Kind != AccountKind.Resident || person.IdNumber is null)
        {
            return new Forbidden(Texts.T("Only a resident has benefits granted without application"));
        }
        var hash = keys.Of(DataSubjectKind.Resident, person.IdNumber);
        var grants = await db.BenefitGrants.AsNoTracking().Where(g => g.PersonId == person.Id || g.SubjectHash == hash).OrderByDescending(g => g.Id).Take(100).ToListAsync(ct);
        return await ViewsAsync(grants, db, rules, ct);
    }

    /// <summary>The unit's grants, those still to pay first; for its staff.</summary>
    public static async Task<Outcome<List<View>>> OfUnitAsync(Account staff, OneWindowDb db, ProactiveRules rules, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(staff);
        if (staff.Kind != AccountKind.Staff || staff.UnitId is not { } unit)
        {
            return new Forbidden(Texts.T("Only staff of the granting unit see its benefits"));
        }
        var grants = await db.BenefitGrants.AsNoTracking().Where(g => g.UnitId == unit).OrderBy(g => g.State).ThenByDescending(g => g.Id).Take(200).ToListAsync(ct);
        return await ViewsAsync(grants, db, rules, ct);
    }

    /// <summary>The person objects: the grant is set aside (only while granted) and they apply in the normal way.</summary>
    public static async Task<Outcome<View>> ObjectAsync(Account person, Guid id, string? reason, OneWindowDb db, SubjectKeys keys, ProactiveRules rules, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(clock);
        var said = TextInput.Note(reason, "reason");
        if (!said.Succeeded)
        {
            return said.Failure!;
        }
        var hash = person.IdNumber is null ? null : keys.Of(DataSubjectKind.Resident, person.IdNumber);
        var grant = person.Kind != AccountKind.Resident ? null
            : await db.BenefitGrants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id && (g.PersonId == person.Id || g.SubjectHash == hash), ct);
        if (grant is null)
        {
            return new Missing("Benefit");
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var changed = await db.BenefitGrants.Where(g => g.Id == id && g.State == BenefitState.Granted)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.State, BenefitState.Objected).SetProperty(g => g.Objection, said.Value).SetProperty(g => g.SettledAt, now).SetProperty(g => g.SettledBy, person.Id), ct);
        return changed == 0 ? await ConflictAsync(id, db, ct) : await OneAsync(id, db, rules, ct);
    }

    /// <summary>The acting unit's reviewer records the payment (only while granted).</summary>
    public static async Task<Outcome<View>> PayAsync(Account staff, Guid id, OneWindowDb db, ProactiveRules rules, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(clock);
        if (staff.Kind != AccountKind.Staff || staff.UnitId is not { } unit || !staff.Has(StaffRoles.Reviewer))
        {
            return new Forbidden(Texts.T("Only a reviewer of the granting unit records a payment"));
        }
        if (!await db.BenefitGrants.AnyAsync(g => g.Id == id && g.UnitId == unit, ct))
        {
            return new Missing("Benefit");
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var changed = await db.BenefitGrants.Where(g => g.Id == id && g.UnitId == unit && g.State == BenefitState.Granted)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.State, BenefitState.Paid).SetProperty(g => g.SettledAt, now).SetProperty(g => g.SettledBy, staff.Id), ct);
        return changed == 0 ? await ConflictAsync(id, db, ct) : await OneAsync(id, db, rules, ct);
    }

    private static async Task<Failure> ConflictAsync(Guid id, OneWindowDb db, CancellationToken ct)
    {
        var state = await db.BenefitGrants.AsNoTracking().Where(g => g.Id == id).Select(g => g.State).FirstAsync(ct);
        return new StateConflict(Texts.T("This benefit is already {0}", state.Name()), EnumText.Of(state));
    }

    private static async Task<Outcome<View>> OneAsync(Guid id, OneWindowDb db, ProactiveRules rules, CancellationToken ct)
    {
        var grant = await db.BenefitGrants.AsNoTracking().FirstAsync(g => g.Id == id, ct);
        return (await ViewsAsync([grant], db, rules, ct)).Value!.Single();
    }

    public static string Name(this BenefitState state) => state switch
    {
        BenefitState.Granted => Texts.T("granted, to be paid"),
        BenefitState.Paid => Texts.T("paid"),
        BenefitState.Objected => Texts.T("objected to"),
    };

    private static async Task<Outcome<List<View>>> ViewsAsync(List<BenefitGrant> grants, OneWindowDb db, ProactiveRules rules, CancellationToken ct)
    {
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var items = await CatalogQueries.ItemsAsync(db, [.. grants.Select(g => g.ItemCode).Distinct()], ct);
        var units = await UnitQueries.NamesAsync(db, [.. grants.Select(g => g.UnitId).Distinct()], ct);
        var shared = (await SharedDataItems.AllAsync(db, ct)).ToDictionary(i => i.Code, StringComparer.Ordinal);
        var byCode = rules.Engine.Rules.ToDictionary(r => r.Code, StringComparer.Ordinal);
        string What(BenefitRule? rule, Observation seen)
        {
            var condition = rule is not null && seen.Condition < rule.When.Count ? rule.When[seen.Condition] : null;
            if (condition?.AgeAtLeast is { } age)
            {
                return Texts.T("age, at least {0}", age);
            }
            if (condition?.Data is { } data && shared.TryGetValue(data, out var item))
            {
                var field = item.Fields.FirstOrDefault(f => f.Name == condition.Field);
                return $"{(english ? item.NameEn : item.Name)} · {(field is null ? condition.Field : english ? field.LabelEn : field.Label)}";
            }
            return seen.Read;
        }
        return grants.Select(g =>
        {
            var rule = byCode.GetValueOrDefault(g.RuleCode);
            var item = items.GetValueOrDefault(g.ItemCode);
            return new View(g.Id, g.RuleCode, rule is null ? g.RuleCode : english ? rule.NameEn : rule.Name, rule?.Source ?? "", g.ItemCode,
                item is null ? g.ItemCode : english ? item.NameEn : item.Name, g.UnitId, units.GetValueOrDefault(g.UnitId, ""), g.State, g.State.Name(),
                DateTimeOffset.FromUnixTimeMilliseconds(g.GrantedAt), g.Fields,
                [.. g.Fields.Select(f => item?.Fields.FirstOrDefault(x => x.Name == f.Key) is { } field
                    ? new Labelled(english ? field.LabelEn : field.Label, field.Choices?.FirstOrDefault(c => c.Value == f.Value) is { } choice ? (english ? choice.LabelEn : choice.Label) : f.Value, field.Type == FieldType.IdNumber) : new Labelled(f.Key, f.Value))],
                [.. g.Explanation.Select(o => new Seen(What(rule, o), o.Seen, o.Held))],
                g.Objection, g.SettledAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null);
        }).ToList();
    }
}
