using OneWindow.Catalog;
using OneWindow.Divisions;

namespace OneWindow.Identity;

/// <summary>
/// What a department's office at a division is called, as the government names them: the division's name
/// and the office's customary title at that level (正定县 + 公安局, 河北省 + 公安厅, 正定镇 + 派出所).
/// </summary>
public static class DepartmentUnitNames
{
    public static string For(DepartmentKind department, DivisionLevel level, string divisionName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(divisionName);
        var province = level == DivisionLevel.Province;
        var township = level == DivisionLevel.Township;
        return department switch
        {
            DepartmentKind.Police => divisionName + (township ? "派出所" : province ? "公安厅" : "公安局"),
            DepartmentKind.Health => divisionName + (township ? "卫生院" : province ? "卫生健康委员会" : "卫生健康局"),
            DepartmentKind.MedicalInsurance => divisionName + (township ? "医疗保障服务站" : "医疗保障局"),
            DepartmentKind.HumanResourcesSocialSecurity => divisionName + (township ? "人力资源和社会保障所" : province ? "人力资源和社会保障厅" : "人力资源和社会保障局"),
            DepartmentKind.Tax => "国家税务总局" + divisionName + (township ? "税务分局" : "税务局"),
            DepartmentKind.MarketRegulation => divisionName + (township ? "市场监督管理所" : "市场监督管理局"),
            DepartmentKind.HousingFund => divisionName + "住房公积金管理中心",
            DepartmentKind.Bank => divisionName + "农村商业银行",
            DepartmentKind.CivilAffairs => divisionName + (province ? "民政厅" : "民政局"),
            DepartmentKind.Education => divisionName + (province ? "教育厅" : "教育局"),
            DepartmentKind.Transport => divisionName + (province ? "交通运输厅" : "交通运输局"),
            DepartmentKind.Utilities => divisionName + "水电气网联合报装服务中心",
            DepartmentKind.NaturalResources => divisionName + (province ? "自然资源厅" : "自然资源和规划局"),
            DepartmentKind.Court => divisionName + (province ? "高级人民法院" : level == DivisionLevel.City ? "中级人民法院" : "人民法院"),
            DepartmentKind.DisabledPersonsFederation => divisionName + "残疾人联合会",
            DepartmentKind.DevelopmentReform => divisionName + (level == DivisionLevel.County ? "发展和改革局" : "发展和改革委员会"),
            DepartmentKind.SecuritiesRegulation => "中国证券监督管理委员会" + divisionName + "监管局",
            DepartmentKind.Commerce => divisionName + (province ? "商务厅" : "商务局"),
            DepartmentKind.HousingUrbanRural => divisionName + (province ? "住房和城乡建设厅" : "住房和城乡建设局"),
            DepartmentKind.GovernmentServices => divisionName + (level == DivisionLevel.County ? "行政审批局" : township ? "便民服务中心" : "政务服务管理办公室"),
            DepartmentKind.TownshipCentre => divisionName + "便民服务中心",
            DepartmentKind.VillageCommittee => divisionName,
            _ => throw new ArgumentOutOfRangeException(nameof(department), department, null),
        };
    }
}
