using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OneWindow.Applications;
using OneWindow.Catalog;
using OneWindow.Divisions;

namespace OneWindow.Server.Infrastructure;

/// <summary>
/// The text people see, in the current request's culture (zh-CN by default, English with <c>?culture=en</c> or the
/// culture cookie): every text comes from the resource files <c>Resources/Text.resx</c> (Chinese, the neutral
/// language) and <c>Resources/Text.en.resx</c> through ASP.NET Core's <see cref="IStringLocalizer"/>. A key is the
/// Chinese text itself (with <c>@…</c> where one Chinese text needs two English ones); arguments fill
/// <c>{0}</c>, <c>{1}</c> as in <see cref="string.Format(string, object?[])"/>.
/// </summary>
public static class Ui
{
    private static readonly IStringLocalizer Texts = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance).Create(typeof(Text));

    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The text under <paramref name="key"/> in the current culture.</summary>
    public static string T(string key) => Texts[key];

    /// <summary>The text under <paramref name="key"/>, its placeholders filled with <paramref name="args"/>.</summary>
    public static string T(string key, params object[] args) => Texts[key, args];

    /// <summary>
    /// A text about <paramref name="count"/> things (placeholder <c>{0}</c>), then <paramref name="more"/> as <c>{1}</c>…:
    /// in English the singular form (key <c>…#one</c>) when there is exactly one — "1 working day", not "1 working days".
    /// </summary>
    public static string Count(string key, long count, params object[] more)
    {
        object[] args = [count, .. more];
        if (English && count == 1 && Texts[key + "#one"] is { ResourceNotFound: false } one)
        {
            return string.Format(CultureInfo.CurrentCulture, one.Value, args);
        }
        return Texts[key, args];
    }

    public static string Lang => English ? "en" : "zh-CN";

    /// <summary>A day as people write it: 2026年12月3日, or 3 Dec 2026.</summary>
    public static string Day(DateOnly day) =>
        day.ToString(English ? "d MMM yyyy" : "yyyy年M月d日", CultureInfo.InvariantCulture);

    /// <summary>The day of an instant in the service's time zone (the clock's).</summary>
    public static string Day(DateTimeOffset at, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return Day(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, clock.LocalTimeZone).DateTime));
    }

    /// <summary>An instant to the minute in the service's time zone: 2026年12月3日 14:05, or 3 Dec 2026, 14:05.</summary>
    public static string When(DateTimeOffset at, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var local = TimeZoneInfo.ConvertTime(at, clock.LocalTimeZone);
        return Day(DateOnly.FromDateTime(local.DateTime)) + (English ? ", " : " ") + local.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>A staff member's roles by their names (经办、审核…).</summary>
    public static string Roles(OneWindow.Identity.StaffRoles roles) => string.Join(T("、"), Enum.GetValues<OneWindow.Identity.StaffRoles>()
        .Where(r => r != OneWindow.Identity.StaffRoles.None && roles.HasFlag(r))
        .Select(r => r switch
        {
            OneWindow.Identity.StaffRoles.Clerk => T("经办"),
            OneWindow.Identity.StaffRoles.Reviewer => T("审核"),
            OneWindow.Identity.StaffRoles.UnitAdmin => T("单位管理员"),
            OneWindow.Identity.StaffRoles.Supervisor => T("监管"),
            OneWindow.Identity.StaffRoles.PlatformAdmin => T("平台管理员"),
            _ => T("其他"),
        }));

    public static string Department(DepartmentKind kind) => kind switch
    {
        DepartmentKind.VillageCommittee => T("村（居）民委员会"),
        DepartmentKind.TownshipCentre => T("乡镇（街道）便民服务中心"),
        DepartmentKind.Police => T("公安"),
        DepartmentKind.Health => T("卫生健康"),
        DepartmentKind.MedicalInsurance => T("医疗保障"),
        DepartmentKind.HumanResourcesSocialSecurity => T("人力资源和社会保障"),
        DepartmentKind.Tax => T("税务"),
        DepartmentKind.MarketRegulation => T("市场监督管理"),
        DepartmentKind.HousingFund => T("住房公积金"),
        DepartmentKind.Bank => T("银行"),
        DepartmentKind.CivilAffairs => T("民政"),
        DepartmentKind.Education => T("教育"),
        DepartmentKind.Transport => T("交通运输"),
        DepartmentKind.Utilities => T("水电气网"),
        DepartmentKind.NaturalResources => T("自然资源"),
        DepartmentKind.Court => T("人民法院"),
        DepartmentKind.DisabledPersonsFederation => T("残疾人联合会"),
        DepartmentKind.DevelopmentReform => T("发展改革"),
        DepartmentKind.SecuritiesRegulation => T("证券监管"),
        DepartmentKind.Commerce => T("商务"),
        DepartmentKind.HousingUrbanRural => T("住房和城乡建设"),
        DepartmentKind.GovernmentServices => T("政务服务管理"),
    };

    public static string Level(DivisionLevel level) => level switch
    {
        DivisionLevel.Province => T("省级"),
        DivisionLevel.City => T("市级"),
        DivisionLevel.County => T("县级"),
        DivisionLevel.Township => T("乡镇（街道）级"),
        DivisionLevel.Village => T("村（社区）级"),
    };

    public static string FieldType(FieldType type) => type switch
    {
        OneWindow.Catalog.FieldType.Text => T("文本"),
        OneWindow.Catalog.FieldType.Number => T("数字"),
        OneWindow.Catalog.FieldType.Date => T("日期"),
        OneWindow.Catalog.FieldType.IdNumber => T("身份证号码@id-number"),
        OneWindow.Catalog.FieldType.Uscc => T("统一社会信用代码"),
        OneWindow.Catalog.FieldType.Phone => T("手机号码"),
        OneWindow.Catalog.FieldType.Email => T("电子邮箱"),
        OneWindow.Catalog.FieldType.Choice => T("选项"),
        OneWindow.Catalog.FieldType.Boolean => T("是/否"),
    };

    public static string Output(ItemOutput output) => output.Kind switch
    {
        OutputKind.Certificate => T("电子证照@electronic-certificate") + (output.ValidityDays is { } d ? Count("（有效期 {0} 天）", d) : ""),
        OutputKind.Record => T("办理记录"),
    };

    public static string State(TaskState state) => state switch
    {
        TaskState.Waiting => T("等待前置事项"),
        TaskState.Queued => T("待受理"),
        TaskState.Accepted => T("办理中"),
        TaskState.SupplementRequested => T("待补正"),
        TaskState.Approved => T("已办结"),
        TaskState.Refused => T("不予办理@state"),
        TaskState.Cancelled => T("已取消"),
    };

    public static string State(ApplicationState state) => state switch
    {
        ApplicationState.InProgress => T("办理中@in-progress"),
        ApplicationState.Completed => T("已办结@completed"),
        ApplicationState.PartlyCompleted => T("部分办结"),
        ApplicationState.Refused => T("不予办理@state"),
    };

    public static string Handover(Handover step) => step switch
    {
        OneWindow.Applications.Handover.None => T("电子结果，已在您的账户中"),
        OneWindow.Applications.Handover.AwaitingDispatch => T("待寄出或待领取"),
        OneWindow.Applications.Handover.ReadyForCollection => T("可到窗口领取"),
        OneWindow.Applications.Handover.Mailed => T("已寄出"),
        OneWindow.Applications.Handover.HandedOver => T("已送达或已领取"),
    };

    public static string Channel(Channel channel) => channel switch
    {
        OneWindow.Applications.Channel.Web => T("网上"),
        OneWindow.Applications.Channel.Mobile => T("手机"),
        OneWindow.Applications.Channel.Kiosk => T("自助终端"),
        OneWindow.Applications.Channel.Counter => T("窗口"),
    };

    /// <summary>A timeline entry's kind, as people say it.</summary>
    public static string Event(string kind) => kind switch
    {
        "submitted" => T("提交申请@submitted"),
        "queued" => T("送达办理单位"),
        "accepted" => T("已受理"),
        "supplement-requested" => T("要求补正@supplement-requested"),
        "supplement-answered" => T("已补正"),
        "approved" => T("办结@approved"),
        "refused" => T("不予办理@state"),
        "cancelled" => T("取消"),
        "escalated" => T("超期，已报上级督办"),
        "completed" => T("全部办结"),
        "partly-completed" => T("部分办结@partly-done"),
        "ready-for-collection" => T("可领取"),
        "mailed" => T("已寄出"),
        "handed-over" => T("已送达@handed-over"),
        "data-consent" => T("同意使用共享数据"),
        _ => kind,
    };

    /// <summary>A timeline entry's note as people read it: the data items a consent read by their names (<paramref name="sharedItems"/>), not their codes.</summary>
    public static string? EventNote(ApplicationEvent entry, IReadOnlyDictionary<string, string> sharedItems)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(sharedItems);
        return entry.Kind == "data-consent" && entry.Note is { } codes
            ? string.Join(T("、"), codes.Split(',').Select(code => sharedItems.GetValueOrDefault(code, code)))
            : entry.Note;
    }
}
