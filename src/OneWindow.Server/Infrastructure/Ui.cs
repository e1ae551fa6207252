using System.Globalization;
using OneWindow.Applications;
using OneWindow.Catalog;
using OneWindow.Divisions;

namespace OneWindow.Server.Infrastructure;

/// <summary>Picks the Chinese or English text for the current request's culture (zh-CN by default).</summary>
public static class Ui
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string T(string zh, string en) => English ? en : zh;

    public static string Lang => English ? "en" : "zh-CN";

    public static string Department(DepartmentKind kind) => kind switch
    {
        DepartmentKind.VillageCommittee => T("村（居）民委员会", "Village/community committee"),
        DepartmentKind.TownshipCentre => T("乡镇（街道）便民服务中心", "Township service centre"),
        DepartmentKind.Police => T("公安", "Police"),
        DepartmentKind.Health => T("卫生健康", "Health"),
        DepartmentKind.MedicalInsurance => T("医疗保障", "Medical insurance"),
        DepartmentKind.HumanResourcesSocialSecurity => T("人力资源和社会保障", "Human resources and social security"),
        DepartmentKind.Tax => T("税务", "Tax"),
        DepartmentKind.MarketRegulation => T("市场监督管理", "Market regulation"),
        DepartmentKind.HousingFund => T("住房公积金", "Housing provident fund"),
        DepartmentKind.Bank => T("银行", "Bank"),
        DepartmentKind.CivilAffairs => T("民政", "Civil affairs"),
        DepartmentKind.Education => T("教育", "Education"),
        DepartmentKind.Transport => T("交通运输", "Transport"),
        DepartmentKind.Utilities => T("水电气网", "Utilities"),
        DepartmentKind.NaturalResources => T("自然资源", "Natural resources"),
        DepartmentKind.Court => T("人民法院", "Court"),
        DepartmentKind.DisabledPersonsFederation => T("残疾人联合会", "Disabled persons' federation"),
        DepartmentKind.DevelopmentReform => T("发展改革", "Development and reform"),
        DepartmentKind.SecuritiesRegulation => T("证券监管", "Securities regulation"),
        DepartmentKind.Commerce => T("商务", "Commerce"),
        DepartmentKind.HousingUrbanRural => T("住房和城乡建设", "Housing and urban-rural development"),
        DepartmentKind.GovernmentServices => T("政务服务管理", "Government services administration"),
    };

    public static string Level(DivisionLevel level) => level switch
    {
        DivisionLevel.Province => T("省级", "Province"),
        DivisionLevel.City => T("市级", "City"),
        DivisionLevel.County => T("县级", "County"),
        DivisionLevel.Township => T("乡镇（街道）级", "Township"),
        DivisionLevel.Village => T("村（社区）级", "Village"),
    };

    public static string FieldType(FieldType type) => type switch
    {
        OneWindow.Catalog.FieldType.Text => T("文本", "Text"),
        OneWindow.Catalog.FieldType.Number => T("数字", "Number"),
        OneWindow.Catalog.FieldType.Date => T("日期", "Date"),
        OneWindow.Catalog.FieldType.IdNumber => T("身份证号码", "ID number"),
        OneWindow.Catalog.FieldType.Uscc => T("统一社会信用代码", "Credit code"),
        OneWindow.Catalog.FieldType.Phone => T("手机号码", "Mobile number"),
        OneWindow.Catalog.FieldType.Email => T("电子邮箱", "Email"),
        OneWindow.Catalog.FieldType.Choice => T("选项", "Choice"),
        OneWindow.Catalog.FieldType.Boolean => T("是/否", "Yes/No"),
    };

    public static string Output(ItemOutput output) => output.Kind switch
    {
        OutputKind.Certificate => T("电子证照", "Electronic certificate") + (output.ValidityDays is { } d ? T($"（有效期 {d} 天）", $" (valid {d} days)") : ""),
        OutputKind.Record => T("办理记录", "Record"),
    };

    public static string State(TaskState state) => state switch
    {
        TaskState.Waiting => T("等待前置事项", "Waiting for earlier items"),
        TaskState.Queued => T("待受理", "Waiting to be accepted"),
        TaskState.Accepted => T("办理中", "Being handled"),
        TaskState.SupplementRequested => T("待补正", "Supplement requested"),
        TaskState.Approved => T("已办结", "Done"),
        TaskState.Refused => T("不予办理", "Refused"),
        TaskState.Cancelled => T("已取消", "Cancelled"),
    };

    public static string State(ApplicationState state) => state switch
    {
        ApplicationState.InProgress => T("办理中", "In progress"),
        ApplicationState.Completed => T("已办结", "Completed"),
        ApplicationState.PartlyCompleted => T("部分办结", "Partly completed"),
        ApplicationState.Refused => T("不予办理", "Refused"),
    };

    public static string Handover(Handover step) => step switch
    {
        OneWindow.Applications.Handover.None => T("电子结果，已在您的账户中", "Electronic, in your account"),
        OneWindow.Applications.Handover.AwaitingDispatch => T("待寄出或待领取", "Being prepared"),
        OneWindow.Applications.Handover.ReadyForCollection => T("可到窗口领取", "Ready at the window"),
        OneWindow.Applications.Handover.Mailed => T("已寄出", "Mailed"),
        OneWindow.Applications.Handover.HandedOver => T("已送达或已领取", "Handed over"),
    };

    public static string Channel(Channel channel) => channel switch
    {
        OneWindow.Applications.Channel.Web => T("网上", "Online"),
        OneWindow.Applications.Channel.Mobile => T("手机", "Mobile"),
        OneWindow.Applications.Channel.Kiosk => T("自助终端", "Kiosk"),
        OneWindow.Applications.Channel.Counter => T("窗口", "Counter"),
    };

    /// <summary>A timeline entry's kind, as people say it.</summary>
    public static string Event(string kind) => kind switch
    {
        "submitted" => T("提交申请", "Submitted"),
        "queued" => T("送达办理单位", "Sent to the unit"),
        "accepted" => T("已受理", "Accepted"),
        "supplement-requested" => T("要求补正", "Supplement requested"),
        "supplement-answered" => T("已补正", "Supplement given"),
        "approved" => T("办结", "Approved"),
        "refused" => T("不予办理", "Refused"),
        "cancelled" => T("取消", "Cancelled"),
        "escalated" => T("超期，已报上级督办", "Overdue, escalated"),
        "completed" => T("全部办结", "All done"),
        "partly-completed" => T("部分办结", "Partly done"),
        "ready-for-collection" => T("可领取", "Ready for collection"),
        "mailed" => T("已寄出", "Mailed"),
        "handed-over" => T("已送达", "Handed over"),
        _ => kind,
    };
}
