using OneWindow.Calendar;
using OneWindow.Catalog;

namespace OneWindow.Applications;

/// <summary>
/// What one application saved its applicant, the measures the seeds' reports quote (材料、跑动次数、办理时间),
/// against what the separate items would have demanded: forms and fields filled, materials given, trips
/// made (one to apply at a counter, one to collect physical results at a window; none online or by mail)
/// versus one trip per item to apply and one more per document or card to collect, and working days
/// elapsed versus promised; and of the answers and materials, how many came from shared data (免填单、免提交). Pure: computed from the case, the catalog items and the official calendar.
/// </summary>
public sealed record CaseMeasures(
    int Forms, int FormsSeparately,
    int Fields, int FieldsSeparately,
    int Materials, int MaterialsSeparately,
    int Trips, int TripsSeparately, int TripsSaved,
    int WorkingDaysPromised, int WorkingDaysSeparately, int? WorkingDaysElapsed,
    int FieldsFromSharedData = 0, int MaterialsFromSharedData = 0)
{
    /// <param name="materialsGiven">Materials the applicant uploaded or gave as certificates in this case.</param>
    /// <param name="until">The day it was finished, or today while it is in progress (the service's time zone).</param>
    /// <param name="materialsFromSharedData">Of <paramref name="materialsGiven"/>, those given by shared data read with the applicant's consent (免提交).</param>
    /// <param name="submittedOn">The day it was submitted (the service's time zone).</param>
    public static CaseMeasures Of(Application application, IReadOnlyDictionary<string, ServiceItem> items, int materialsGiven, WorkingCalendar calendar, DateOnly submittedOn, DateOnly until, int materialsFromSharedData = 0)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(calendar);
        var tasks = application.Tasks.Where(t => items.ContainsKey(t.ItemCode)).Select(t => (Task: t, Item: items[t.ItemCode])).ToList();
        var physical = tasks.Count(t => t.Item.Output.Physical);
        var trips = (application.Channel == Channel.Counter ? 1 : 0)
            + (physical > 0 && application.Delivery == DeliveryMethod.Collect ? 1 : 0);
        var separately = tasks.Count + physical;
        var elapsed = calendar.WorkingDaysBetween(submittedOn, until);
        return new CaseMeasures(
            1, tasks.Count,
            application.Form.Count, tasks.Sum(t => t.Item.Fields.Count),
            materialsGiven, tasks.Sum(t => t.Item.Materials.Count(m => m.Required)),
            trips, separately, Math.Max(0, separately - trips),
            application.TimeLimitDays, tasks.Sum(t => t.Item.TimeLimitDays),
            elapsed.Succeeded ? elapsed.Value : null,
            application.Prefilled.Count, materialsFromSharedData);
    }
}
