using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Calendar;
using static OneWindow.Server.Applications.CaseEndpoints;

namespace OneWindow.Server.Applications;

/// <summary>
/// Cases as people see them: names, never codes — items, bundles and units from <see cref="SubmissionReferences"/>,
/// filers looked up once for the page — with each case's measures (what it saved against the separate items).
/// </summary>
public sealed class CaseViews(OneWindowDb db, CalendarCache calendars, SubmissionReferences references, TimeProvider clock)
{
    /// <param name="justSubmitted">The cases were saved by this request: only those made with a consent can have materials yet (the consent's shared data).</param>
    public async Task<List<CaseView>> OfAsync(IReadOnlyList<Application> applications, CancellationToken ct, bool justSubmitted = false)
    {
        var itemCodes = applications.SelectMany(a => a.Tasks.Select(t => t.ItemCode)).Distinct().ToList();
        var bundleCodes = applications.Where(a => a.BundleCode is not null).Select(a => a.BundleCode!).Distinct().ToList();
        var unitIds = applications.SelectMany(a => a.Tasks.Select(t => t.UnitId)).Distinct().ToList();
        var ids = applications.Where(a => !justSubmitted || a.ConsentId is not null).Select(a => a.Id).ToList();
        var items = await references.ItemsAsync(db, itemCodes, ct);
        var bundles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var code in bundleCodes)
        {
            if (await references.BundleAsync(db, code, ct) is { } bundle)
            {
                bundles[code] = bundle.Name;
            }
        }
        var units = await references.UnitNamesAsync(db, unitIds, ct);
        var filerIds = applications.Where(a => a.FiledById is not null).Select(a => a.FiledById!.Value).Distinct().ToList();
        var filers = filerIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => filerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.RealName, ct);
        var materials = ids.Count == 0 ? [] : await db.ApplicationMaterials.AsNoTracking().Where(m => ids.Contains(m.ApplicationId))
            .GroupBy(m => m.ApplicationId).Select(g => new { g.Key, Count = g.Count(), Shared = g.Count(m => m.Source == MaterialSource.SharedData) }).ToDictionaryAsync(g => g.Key, g => (g.Count, g.Shared), ct);
        var calendar = await calendars.GetAsync(db, ct);
        var zone = clock.LocalTimeZone;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        DateOnly Local(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        string ItemName(string code) => items.TryGetValue(code, out var item) ? item.Name : code;

        return [.. applications.Select(a =>
        {
            var finished = a.State == ApplicationState.InProgress ? (DateTimeOffset?)null : a.History.LastOrDefault(e => e.Kind is "completed" or "partly-completed" or "refused")?.At;
            return new CaseView(
                a.Id, a.BundleCode, a.ItemCode,
                a.BundleCode is { } b ? bundles.GetValueOrDefault(b, b) : ItemName(a.ItemCode!),
                a.State, a.SubmittedAt, a.DueDate,
                [.. a.Tasks.Select(t => units.GetValueOrDefault(t.UnitId, "")).Distinct()],
                a.Form,
                [.. a.Tasks.Select(t => new TaskView(t.Id, t.ItemCode, ItemName(t.ItemCode), t.UnitId, units.GetValueOrDefault(t.UnitId, ""), t.State, t.Requires, t.DueDate, t.Reason,
                    t.SupplementFields, t.SupplementMaterials, t.Result, t.Physical, t.Handover, t.Carrier, t.TrackingNumber))],
                a.History,
                a.Channel,
                a.FiledById is { } filer ? filers.GetValueOrDefault(filer) : null,
                a.Delivery,
                a.DeliveryAddress,
                CaseMeasures.Of(a, items, materials.GetValueOrDefault(a.Id).Count, calendar, Local(a.SubmittedAt), finished is { } at ? Local(at) : today, materials.GetValueOrDefault(a.Id).Shared),
                a.ConsentId,
                a.Prefilled);
        })];
    }
}
