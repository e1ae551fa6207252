namespace OneWindow.Catalog;

/// <summary>The kind of department responsible for a service item (部门).</summary>
public enum DepartmentKind
{
    VillageCommittee,               // 村（居）民委员会
    TownshipCentre,                 // 乡镇（街道）便民服务中心
    Police,                         // 公安
    Health,                         // 卫生健康
    MedicalInsurance,               // 医疗保障
    HumanResourcesSocialSecurity,   // 人力资源和社会保障
    Tax,                            // 税务
    MarketRegulation,               // 市场监督管理
    HousingFund,                    // 住房公积金
    Bank,                           // 银行
    CivilAffairs,                   // 民政
    Education,                      // 教育
    Transport,                      // 交通运输
    Utilities,                      // 水电气网
    NaturalResources,               // 自然资源
    Court,                          // 法院
    DisabledPersonsFederation,      // 残联
    DevelopmentReform,              // 发展改革
    SecuritiesRegulation,           // 证券监管
    Commerce,                       // 商务
    HousingUrbanRural,              // 住房和城乡建设
    GovernmentServices,             // 政务服务管理（行政审批局）
}
