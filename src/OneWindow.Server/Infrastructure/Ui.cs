using System.Globalization;
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
}
