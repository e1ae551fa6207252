using OneWindow.Catalog;
using OneWindow.Identity;
using OneWindow.Formats;

namespace OneWindow.Seeding;

/// <summary>The demo units and accounts of a fresh installation, in one real county (正定县, Hebei).</summary>
public static class DemoData
{
    /// <summary>Every demo account signs in with this password; change it before real use.</summary>
    public const string Password = "OneWindow#2026";

    public const string VillageCode = "130123100201";   // 西关村民委员会
    public const string TownshipCode = "130123100000";  // 正定镇
    public const string CountyCode = "130123000000";    // 正定县

    /// <summary>The persons in charge (市县乡村 liaison roster) of the levels above the demo village; fictitious names and numbers.</summary>
    public static readonly IReadOnlyList<(string Division, string Person, string Title, string Phone)> Liaisons =
    [
        (TownshipCode, "李建国", "正定镇镇长", "0311-88000101"),
        (CountyCode, "王志远", "正定县副县长", "0311-88000201"),
        ("130100000000", "赵文华", "石家庄市政务服务管理办公室主任", "0311-88000301"),
        ("130000000000", "周立新", "河北省政务服务管理办公室主任", "0311-88000401"),
    ];
    public const string CityCode = "130100000000";      // 石家庄市
    public const string ProvinceCode = "130000000000";  // 河北省

    public sealed record DemoUnit(string Key, string Name, UnitKind Kind, DepartmentKind Department, string DivisionCode, char Authority, char Type);

    public sealed record DemoAccount(string UserName, string RealName, string UnitKey, StaffRoles Roles);

    public static readonly IReadOnlyList<DemoUnit> Units =
    [
        new("village", "正定县正定镇西关村民委员会", UnitKind.VillageCommittee, DepartmentKind.VillageCommittee, VillageCode, '5', '4'),
        new("township", "正定县正定镇便民服务中心", UnitKind.TownshipCentre, DepartmentKind.TownshipCentre, TownshipCode, '1', '1'),
        new("police-station", "正定县公安局正定派出所", UnitKind.DepartmentOffice, DepartmentKind.Police, TownshipCode, '1', '1'),
        new("county-services", "正定县行政审批局", UnitKind.CountyBureau, DepartmentKind.GovernmentServices, CountyCode, '1', '1'),
        new("county-health", "正定县卫生健康局", UnitKind.DepartmentOffice, DepartmentKind.Health, CountyCode, '1', '1'),
        new("county-police", "正定县公安局", UnitKind.DepartmentOffice, DepartmentKind.Police, CountyCode, '1', '1'),
        new("county-medical-insurance", "正定县医疗保障局", UnitKind.DepartmentOffice, DepartmentKind.MedicalInsurance, CountyCode, '1', '1'),
        new("county-hrss", "正定县人力资源和社会保障局", UnitKind.DepartmentOffice, DepartmentKind.HumanResourcesSocialSecurity, CountyCode, '1', '1'),
        new("province-office", "河北省政务服务管理办公室", UnitKind.DepartmentOffice, DepartmentKind.GovernmentServices, ProvinceCode, '1', '1'),

        // Every department that an item or bundle of the catalog routes to for the demo village, at the
        // level the item names (DemoCoverageTests checks this against the catalog).
        new("township-health", "正定县正定镇卫生院", UnitKind.DepartmentOffice, DepartmentKind.Health, TownshipCode, '1', '2'),
        new("county-market", "正定县市场监督管理局", UnitKind.DepartmentOffice, DepartmentKind.MarketRegulation, CountyCode, '1', '1'),
        new("county-tax", "国家税务总局正定县税务局", UnitKind.DepartmentOffice, DepartmentKind.Tax, CountyCode, '1', '1'),
        new("county-bank", "河北正定农村商业银行", UnitKind.DepartmentOffice, DepartmentKind.Bank, CountyCode, '9', '1'),
        new("county-transport", "正定县交通运输局", UnitKind.DepartmentOffice, DepartmentKind.Transport, CountyCode, '1', '1'),
        new("county-utilities", "正定县水电气网联合报装服务中心", UnitKind.DepartmentOffice, DepartmentKind.Utilities, CountyCode, '9', '1'),
        new("county-natural-resources", "正定县自然资源和规划局", UnitKind.DepartmentOffice, DepartmentKind.NaturalResources, CountyCode, '1', '1'),
        new("county-housing", "正定县住房和城乡建设局", UnitKind.DepartmentOffice, DepartmentKind.HousingUrbanRural, CountyCode, '1', '1'),
        new("county-education", "正定县教育局", UnitKind.DepartmentOffice, DepartmentKind.Education, CountyCode, '1', '1'),
        new("county-civil-affairs", "正定县民政局", UnitKind.DepartmentOffice, DepartmentKind.CivilAffairs, CountyCode, '1', '1'),
        new("county-disabled-persons", "正定县残疾人联合会", UnitKind.DepartmentOffice, DepartmentKind.DisabledPersonsFederation, CountyCode, '1', '3'),
        new("city-police", "石家庄市公安局", UnitKind.DepartmentOffice, DepartmentKind.Police, CityCode, '1', '1'),
        new("city-hrss", "石家庄市人力资源和社会保障局", UnitKind.DepartmentOffice, DepartmentKind.HumanResourcesSocialSecurity, CityCode, '1', '1'),
        new("city-market", "石家庄市市场监督管理局", UnitKind.DepartmentOffice, DepartmentKind.MarketRegulation, CityCode, '1', '1'),
        new("city-tax", "国家税务总局石家庄市税务局", UnitKind.DepartmentOffice, DepartmentKind.Tax, CityCode, '1', '1'),
        new("city-housing-fund", "石家庄住房公积金管理中心", UnitKind.DepartmentOffice, DepartmentKind.HousingFund, CityCode, '1', '2'),
        new("city-transport", "石家庄市交通运输局", UnitKind.DepartmentOffice, DepartmentKind.Transport, CityCode, '1', '1'),
        new("city-natural-resources", "石家庄市自然资源和规划局", UnitKind.DepartmentOffice, DepartmentKind.NaturalResources, CityCode, '1', '1'),
        new("city-housing", "石家庄市住房和城乡建设局", UnitKind.DepartmentOffice, DepartmentKind.HousingUrbanRural, CityCode, '1', '1'),
        new("province-medical-insurance", "河北省医疗保障局", UnitKind.DepartmentOffice, DepartmentKind.MedicalInsurance, ProvinceCode, '1', '1'),
        new("province-development-reform", "河北省发展和改革委员会", UnitKind.DepartmentOffice, DepartmentKind.DevelopmentReform, ProvinceCode, '1', '1'),
        new("province-securities", "中国证券监督管理委员会河北监管局", UnitKind.DepartmentOffice, DepartmentKind.SecuritiesRegulation, ProvinceCode, '1', '1'),
        // The police's provincial department: decides the platform office's grant for real-name checks (实名注册核验).
        new("province-police", "河北省公安厅", UnitKind.DepartmentOffice, DepartmentKind.Police, ProvinceCode, '1', '1'),
    ];

    public static readonly IReadOnlyList<DemoAccount> Staff =
    [
        new("village-clerk", "李娜", "village", StaffRoles.Clerk),
        new("village-reviewer", "王强", "village", StaffRoles.Reviewer),
        new("village-admin", "赵敏", "village", StaffRoles.UnitAdmin),
        new("township-admin", "孙磊", "township", StaffRoles.UnitAdmin | StaffRoles.Reviewer),
        new("police-reviewer", "周杰", "police-station", StaffRoles.Reviewer),
        new("county-police-admin", "陈刚", "county-police", StaffRoles.UnitAdmin),
        new("county-supervisor", "吴芳", "county-services", StaffRoles.Supervisor),
        new("county-admin", "冯涛", "county-services", StaffRoles.UnitAdmin),
        new("health-reviewer", "郑洁", "county-health", StaffRoles.Reviewer),
        new("admin", "平台管理员", "province-office", StaffRoles.PlatformAdmin | StaffRoles.UnitAdmin),

        // One handler (accepts and decides) for each department unit that had none.
        new("county-police-reviewer", "刘洋", "county-police", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("county-medical-insurance-reviewer", "黄丽", "county-medical-insurance", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("county-hrss-reviewer", "杨帆", "county-hrss", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("township-health-reviewer", "何静", "township-health", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("county-market-reviewer", "高峰", "county-market", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("county-tax-reviewer", "林涛", "county-tax", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("county-bank-reviewer", "罗婷", "county-bank", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("county-transport-reviewer", "梁波", "county-transport", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("county-utilities-reviewer", "宋佳", "county-utilities", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("county-natural-resources-reviewer", "唐明", "county-natural-resources", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("county-housing-reviewer", "韩雪", "county-housing", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("county-education-reviewer", "曹阳", "county-education", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("county-civil-affairs-reviewer", "许敏", "county-civil-affairs", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("county-civil-affairs-admin", "孙丽", "county-civil-affairs", StaffRoles.UnitAdmin),
        new("county-disabled-persons-reviewer", "邓辉", "county-disabled-persons", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("city-police-reviewer", "冯磊", "city-police", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("city-hrss-reviewer", "曾红", "city-hrss", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("city-market-reviewer", "彭亮", "city-market", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("city-tax-reviewer", "吕琳", "city-tax", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("city-housing-fund-reviewer", "苏晨", "city-housing-fund", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("city-transport-reviewer", "卢刚", "city-transport", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("city-natural-resources-reviewer", "蒋薇", "city-natural-resources", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("city-housing-reviewer", "蔡军", "city-housing", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("province-medical-insurance-reviewer", "贾宁", "province-medical-insurance", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("province-development-reform-reviewer", "丁凯", "province-development-reform", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("province-securities-reviewer", "魏然", "province-securities", StaffRoles.Clerk | StaffRoles.Reviewer),
        new("province-police-admin", "高翔", "province-police", StaffRoles.UnitAdmin),
        new("county-health-admin", "马丽", "county-health", StaffRoles.UnitAdmin),
        new("province-medical-insurance-admin", "白雪", "province-medical-insurance", StaffRoles.UnitAdmin),
        new("city-market-admin", "秦越", "city-market", StaffRoles.UnitAdmin),
    ];

    /// <summary>
    /// Units whose seals (and their reviewers' signatures) are made and registered at seeding, so the demo can issue
    /// at once: every unit of a department that issues a certificate in the shipped catalog.
    /// </summary>
    public static IReadOnlyList<string> SealedUnits => s_sealedUnits.Value;

    private static readonly Lazy<IReadOnlyList<string>> s_sealedUnits = new(() =>
    {
        var issuing = CatalogDocument.Shipped().Items.Where(i => i.Output.Kind == OutputKind.Certificate).Select(i => i.Department).ToHashSet();
        return [.. Units.Where(u => issuing.Contains(u.Department)).Select(u => u.Key)];
    });

    /// <summary>The demo resident: a synthetic but well-formed identity number of 正定县.</summary>
    public const string ResidentIdNumber = "130123198806121238";

    public const string ResidentName = "张秀兰";

    public const string ResidentPhone = "13800000000";

    /// <summary>The demo resident's household (户号) and address as the county police record them (shared data <c>police.household</c>).</summary>
    public const string ResidentHouseholdNumber = "130123004512";

    public const string ResidentAddress = "河北省石家庄市正定县正定镇西关村3组12号";

    /// <summary>The demo resident's newborn as the hospital recorded the birth (shared data <c>health.birth-medical-record</c>), born this many days before seeding.</summary>
    public const string NewbornName = "张小满";

    public const int NewbornAgeDays = 5;

    public const string NewbornHospital = "正定县人民医院";

    /// <summary>The purpose of the demo grant that lets the county health bureau check parents' household registration.</summary>
    public const string HouseholdCheckPurpose = "出生登记核验父母户籍";

    /// <summary>The demo enterprise (a restaurant company of 正定县), acting through its agent; it signs in with its credit code.</summary>
    public static readonly string EnterpriseCreditCode = UnifiedSocialCreditCode.Synthesize('9', '1', CountyCode[..6], 7001);

    public const string EnterpriseName = "正定县古城味道餐饮有限公司";

    public const string EnterpriseAgentName = "韩梅";

    /// <summary>The demo enterprise's legal representative and address as market regulation registered them (shared data <c>market.enterprise</c>).</summary>
    public const string EnterpriseLegalRepresentative = "赵建国";

    public const string EnterpriseAddress = "河北省石家庄市正定县正定镇燕赵南大街18号";

    public const string EnterpriseAgentIdNumber = "130123199003150021";

    /// <summary>The demo institution (a law firm that serves as bankruptcy administrator), acting through its agent.</summary>
    public static readonly string InstitutionCreditCode = UnifiedSocialCreditCode.Synthesize('3', '1', CountyCode[..6], 7002);

    public const string InstitutionName = "河北正定常山律师事务所";

    public const string InstitutionAgentName = "马骏";

    public const string InstitutionAgentIdNumber = "130123198511200019";
}
