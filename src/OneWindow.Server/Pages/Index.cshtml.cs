using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages;

/// <summary>The home page: a different start for visitors, residents and staff.</summary>
public sealed class IndexModel(UserManager<OneWindow.Identity.Account> users, OneWindowDb db, OneWindow.Calendar.CalendarCache calendars, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<OneWindow.Federation.FederationOptions> federation) : PageModel
{
    /// <summary>The staff member's unit settles bills of people insured in other regions (a federated platform's medical insurance).</summary>
    public bool CrossRegionClaims => federation.Value.Enabled && Unit?.Department == OneWindow.Catalog.DepartmentKind.MedicalInsurance;

    /// <summary>For staff: what needs their unit today.</summary>
    public OneWindow.Applications.TaskQueue.Today? Today { get; private set; }

    /// <summary>The staff member's own latest actions on tasks.</summary>
    public IReadOnlyList<OneWindow.Applications.TaskQueue.Recent> Recent { get; private set; } = [];

    /// <summary>For admins: calendar years that must be imported, and applications waiting for them.</summary>
    public (IReadOnlyList<int> MissingYears, int PendingDueDates) Calendar { get; private set; } = ([], 0);

    public OneWindow.Identity.Account? Account { get; private set; }

    public Unit? Unit { get; private set; }

    public IReadOnlyList<OneWindow.Identity.Account> Colleagues { get; private set; } = [];

    public string RoleNames => Ui.Roles(Account?.Roles ?? StaffRoles.None);

    /// <summary>For visitors: the bundles residents can apply for, in catalog order, with what each saves.</summary>
    public IReadOnlyList<(OneWindow.Catalog.Bundle Bundle, OneWindow.Catalog.BundleSavings Saves)> Bundles { get; private set; } = [];

    public bool Elder => ElderMode.IsOn(HttpContext);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Account = User.Identity?.IsAuthenticated == true ? await CurrentAccount.GetAsync(User, users) : null;
        if (Account?.UnitId is { } unitId)
        {
            Unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, ct);
            Colleagues = await db.Users.AsNoTracking().Where(a => a.UnitId == unitId).OrderBy(a => a.UserName).ToListAsync(ct);
            Today = await OneWindow.Applications.TaskQueue.TodayAsync(db, unitId, await calendars.GetAsync(db, ct), DateOnly.FromDateTime(clock.GetLocalNow().DateTime), ct);
            Recent = await OneWindow.Applications.TaskQueue.RecentAsync(db, Account.Id, 8, ct);
        }
        if (Account is null)
        {
            var bundles = await db.Bundles.AsNoTracking().OrderBy(b => b.Batch).ThenBy(b => b.Code).ToListAsync(ct);
            var codes = bundles.SelectMany(b => b.Items).Distinct().ToList();
            var items = await db.ServiceItems.AsNoTracking().Where(i => codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, ct);
            Bundles = [.. bundles
                .Where(b => b.Audience.Contains(OneWindow.Catalog.ApplicantKind.Resident))
                .Select(b => (b, OneWindow.Catalog.BundleSavings.Of(b, items)))];
        }
        if (Account?.Has(StaffRoles.PlatformAdmin) == true || Account?.Has(StaffRoles.UnitAdmin) == true)
        {
            Calendar = await CalendarHealthCheck.StateAsync(db, calendars, ct);
        }
    }
}
