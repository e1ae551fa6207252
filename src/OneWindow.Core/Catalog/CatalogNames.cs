using OneWindow.Common;

namespace OneWindow.Catalog;

/// <summary>What people call these values, in the current UI culture: a message names them, never shows their API code.</summary>
/// <remarks>The Chinese names are the ones the server's pages show.</remarks>
public static class CatalogNames
{
    /// <summary>The department, e.g. 村（居）民委员会.</summary>
    public static string Name(this DepartmentKind kind) => kind switch
    {
        DepartmentKind.VillageCommittee => Texts.T("Village/community committee"),
        DepartmentKind.TownshipCentre => Texts.T("Township service centre"),
        DepartmentKind.Police => Texts.T("Police"),
        DepartmentKind.Health => Texts.T("Health"),
        DepartmentKind.MedicalInsurance => Texts.T("Medical insurance"),
        DepartmentKind.HumanResourcesSocialSecurity => Texts.T("Human resources and social security"),
        DepartmentKind.Tax => Texts.T("Tax"),
        DepartmentKind.MarketRegulation => Texts.T("Market regulation"),
        DepartmentKind.HousingFund => Texts.T("Housing provident fund"),
        DepartmentKind.Bank => Texts.T("Bank"),
        DepartmentKind.CivilAffairs => Texts.T("Civil affairs"),
        DepartmentKind.Education => Texts.T("Education"),
        DepartmentKind.Transport => Texts.T("Transport"),
        DepartmentKind.Utilities => Texts.T("Utilities"),
        DepartmentKind.NaturalResources => Texts.T("Natural resources"),
        DepartmentKind.Court => Texts.T("Court"),
        DepartmentKind.DisabledPersonsFederation => Texts.T("Disabled persons' federation"),
        DepartmentKind.DevelopmentReform => Texts.T("Development and reform"),
        DepartmentKind.SecuritiesRegulation => Texts.T("Securities regulation"),
        DepartmentKind.Commerce => Texts.T("Commerce"),
        DepartmentKind.HousingUrbanRural => Texts.T("Housing and urban-rural development"),
        DepartmentKind.GovernmentServices => Texts.T("Government services administration"),
    };

    /// <summary>A form field's type, e.g. 身份证号码.</summary>
    public static string Name(this FieldType type) => type switch
    {
        FieldType.Text => Texts.T("text"),
        FieldType.Number => Texts.T("number"),
        FieldType.Date => Texts.T("date"),
        FieldType.IdNumber => Texts.T("identity number"),
        FieldType.Uscc => Texts.T("unified social credit code"),
        FieldType.Phone => Texts.T("mobile number"),
        FieldType.Email => Texts.T("email address"),
        FieldType.Choice => Texts.T("choice"),
        FieldType.Boolean => Texts.T("yes/no"),
    };

    /// <summary>Who may apply, e.g. 个人.</summary>
    public static string Name(this ApplicantKind kind) => kind switch
    {
        ApplicantKind.Resident => Texts.T("Resident"),
        ApplicantKind.Enterprise => Texts.T("Enterprise"),
        ApplicantKind.Institution => Texts.T("Institution"),
        ApplicantKind.Staff => Texts.T("Staff"),
    };
}
