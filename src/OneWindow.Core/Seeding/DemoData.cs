using OneWindow.Catalog;
using OneWindow.Identity;

namespace OneWindow.Seeding;

/// <summary>The demo units and accounts of a fresh installation, in one real county (正定县, Hebei).</summary>
public static class DemoData
{
    /// <summary>Every demo account signs in with this password; change it before real use.</summary>
    public const string Password = "OneWindow#2026";

    public const string VillageCode = "130123100201";   // 西关村民委员会
    public const string TownshipCode = "130123100000";  // 正定镇
    public const string CountyCode = "130123000000";    // 正定县
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
    ];

    /// <summary>Units whose seals are made and registered at seeding, so the demo can issue at once.</summary>
    public static readonly IReadOnlyList<string> SealedUnits = ["village", "police-station"];

    /// <summary>The demo resident: a synthetic but well-formed identity number of 正定县.</summary>
    public const string ResidentIdNumber = "130123198806121238";

    public const string ResidentName = "张秀兰";

    public const string ResidentPhone = "13800000000";
}
