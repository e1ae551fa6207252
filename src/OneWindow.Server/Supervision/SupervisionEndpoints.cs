using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using MiniExcelLibs;
using OneWindow.Applications;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;
using OneWindow.Supervision;
using OwClaims = OneWindow.Server.Infrastructure.Claims;

namespace OneWindow.Server.Supervision;

/// <summary>
/// 运行监管 over HTTP: the dashboard's measures for a supervisor's subtree, and every table of it as CSV or Excel — the
/// case list too, which is written row by row to a temporary file while it is read (constant memory at any size) and then sent.
/// </summary>
public static class SupervisionEndpoints
{
    public const int DefaultDays = 30;

    public static void MapSupervision(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/supervision").WithTags("Supervision").RequireAuthorization(OwClaims.StaffPolicy);
        group.MapGet("", async Task<Results<Ok<SupervisionBoard.Result>, ProblemHttpResult>> (ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct,
            DateOnly? from = null, DateOnly? to = null, string? division = null, string? department = null) =>
        {
            var filter = ReadFilter(clock, from, to, division, department);
            if (!filter.Succeeded)
            {
                return Problems.From(filter.Failure!);
            }
            var result = await SupervisionBoard.QueryAsync(db, (await CurrentAccount.GetAsync(user, users))!, filter.Value!, clock, ct);
            return result.Succeeded ? TypedResults.Ok(result.Value!) : Problems.From(result.Failure!);
        });
        group.MapGet("/export", async Task<IResult> (ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct,
            string? table = null, string? format = null, DateOnly? from = null, DateOnly? to = null, string? division = null, string? department = null) =>
        {
            var errors = new FieldErrors();
            if (table is not ("children" or "items" or "days" or "overdue" or "cases"))
            {
                errors.Add("table", Texts.T("must be one of: children, items, days, overdue, cases"));
            }
            if (format is not ("csv" or "xlsx"))
            {
                errors.Add("format", Texts.T("must be csv or xlsx"));
            }
            var filter = ReadFilter(clock, from, to, division, department);
            if (!filter.Succeeded)
            {
                errors.AddAll(filter.Failure!, "filter");
            }
            if (errors.Any)
            {
                return Problems.From(errors.ToFailure());
            }
            var actor = (await CurrentAccount.GetAsync(user, users))!;
            var board = await SupervisionBoard.QueryAsync(db, actor, filter.Value!, clock, ct);
            if (!board.Succeeded)
            {
                return Problems.From(board.Failure!);
            }
            var rows = table == "cases" ? CaseRows(db, board.Value!, clock) : TableRows(board.Value!, table!);
            var path = Path.Combine(Path.GetTempPath(), $"onewindow-export-{Guid.NewGuid():N}.{format}");
            await Task.Run(() => MiniExcel.SaveAs(path, rows, excelType: format == "csv" ? ExcelType.CSV : ExcelType.XLSX), ct);
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            var name = $"{board.Value!.Division}-{table}-{board.Value.From:yyyyMMdd}-{board.Value.To:yyyyMMdd}.{format}";
            return TypedResults.File(file, format == "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
        });
    }

    /// <summary>The period (default: the last 30 days up to today), the division and the department, read.</summary>
    public static Outcome<SupervisionBoard.Filter> ReadFilter(TimeProvider clock, DateOnly? from, DateOnly? to, string? division, string? department)
    {
        ArgumentNullException.ThrowIfNull(clock);
        OneWindow.Catalog.DepartmentKind? kind = null;
        if (department is { Length: > 0 })
        {
            if (Enum.TryParse<OneWindow.Catalog.DepartmentKind>(department.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                kind = parsed;
            }
            else
            {
                return ValidationFailed.Single("department", Texts.T("is not a department"));
            }
        }
        var end = to ?? DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        return new SupervisionBoard.Filter(from ?? end.AddDays(1 - DefaultDays), end, division, kind);
    }

    private static Dictionary<string, object?> MeasureColumns(string keyName, string key, string name, SupervisionBoard.Measures m) => new(StringComparer.Ordinal)
    {
        [Texts.T("Code")] = key, [keyName] = name, [Texts.T("Received")] = m.Received, [Texts.T("Received online")] = m.ReceivedOnline, [Texts.T("Completed")] = m.Completed,
        [Texts.T("Partly completed")] = m.PartlyCompleted, [Texts.T("Refused")] = m.Refused, [Texts.T("Finished on time")] = m.OnTime,
        [Texts.T("Working days used")] = m.DaysUsed, [Texts.T("Working days promised")] = m.DaysPromised, [Texts.T("Supplements requested")] = m.Supplements,
        [Texts.T("Trips")] = m.Trips, [Texts.T("Trips for the separate items")] = m.TripsSeparately, [Texts.T("Forms")] = m.Forms, [Texts.T("Forms for the separate items")] = m.FormsSeparately,
        [Texts.T("Materials")] = m.Materials, [Texts.T("Materials for the separate items")] = m.MaterialsSeparately,
    };

    private static IEnumerable<Dictionary<string, object?>> TableRows(SupervisionBoard.Result board, string table) => table switch
    {
        "children" => board.Children.Select(r => MeasureColumns(Texts.T("Division"), r.Key, r.Name, r.Measures)),
        "items" => board.Items.Select(r => MeasureColumns(Texts.T("Service"), r.Key, r.Name, r.Measures)),
        "days" => board.Days.Select(r => MeasureColumns(Texts.T("Day"), r.Key, r.Key, r.Measures)),
        _ => board.Overdue.Select(t => new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [Texts.T("Case")] = t.CaseId.ToString(), [Texts.T("Service")] = t.Matter, [Texts.T("Unit")] = t.UnitName,
            [Texts.T("Due date")] = t.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), [Texts.T("Days overdue")] = t.DaysLate,
        }),
    };

    /// <summary>The subtree's cases submitted in the period, read one by one while the file is written.</summary>
    private static IEnumerable<Dictionary<string, object?>> CaseRows(OneWindowDb db, SupervisionBoard.Result board, TimeProvider clock)
    {
        var zone = clock.LocalTimeZone;
        var prefix = OneWindow.Divisions.Division.ScopePrefix(board.Division);
        foreach (var row in ApplicationQueries.InSubtree(db, prefix))
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(row.SubmittedAt, zone).DateTime);
            if (day < board.From || day > board.To)
            {
                continue;
            }
            yield return new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [Texts.T("Case")] = row.Id.ToString(), [Texts.T("Service")] = row.Code, [Texts.T("Division")] = row.DivisionCode, [Texts.T("Channel")] = EnumText.Of(row.Channel),
                [Texts.T("State")] = EnumText.Of(row.State), [Texts.T("Submitted")] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                [Texts.T("Due date")] = row.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            };
        }
    }
}
