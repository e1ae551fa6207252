using OneWindow.Applications;
using OneWindow.Catalog;
using OneWindow.Certificates;
using OneWindow.DataSharing;
using OneWindow.Divisions;
using OneWindow.Identity;

namespace OneWindow.Common;

/// <summary>
/// What people call the values of the core's enums, in the current UI culture, for messages: a message names a
/// department or a state, never its API code. The Chinese names are the ones the server's pages show.
/// </summary>
public static class Names
{
    /// <summary>The department, e.g. 村（居）民委员会.</summary>
    public static string Of(DepartmentKind kind) => kind switch
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

    /// <summary>The level of a division, e.g. 乡镇（街道）级.</summary>
    public static string Of(DivisionLevel level) => level switch
    {
        DivisionLevel.Province => Texts.T("Province"),
        DivisionLevel.City => Texts.T("City"),
        DivisionLevel.County => Texts.T("County"),
        DivisionLevel.Township => Texts.T("Township"),
        DivisionLevel.Village => Texts.T("Village"),
    };

    /// <summary>Where a task stands, e.g. 待受理.</summary>
    public static string Of(TaskState state) => state switch
    {
        TaskState.Waiting => Texts.T("Waiting for earlier items"),
        TaskState.Queued => Texts.T("Waiting to be accepted"),
        TaskState.Accepted => Texts.T("Being handled"),
        TaskState.SupplementRequested => Texts.T("Supplement requested"),
        TaskState.Approved => Texts.T("Done"),
        TaskState.Refused => Texts.T("Refused"),
        TaskState.Cancelled => Texts.T("Cancelled"),
    };

    /// <summary>Where a whole application stands, e.g. 部分办结.</summary>
    public static string Of(ApplicationState state) => state switch
    {
        ApplicationState.InProgress => Texts.T("In progress"),
        ApplicationState.Completed => Texts.T("Completed"),
        ApplicationState.PartlyCompleted => Texts.T("Partly completed"),
        ApplicationState.Refused => Texts.T("Refused"),
    };

    /// <summary>Where a physical result stands, e.g. 已寄出.</summary>
    public static string Of(Handover step) => step switch
    {
        Handover.None => Texts.T("Electronic, in your account"),
        Handover.AwaitingDispatch => Texts.T("Being prepared"),
        Handover.ReadyForCollection => Texts.T("Ready at the window"),
        Handover.Mailed => Texts.T("Mailed"),
        Handover.HandedOver => Texts.T("Handed over"),
    };

    /// <summary>Where a data grant stands, e.g. 待审批.</summary>
    public static string Of(GrantState state) => state switch
    {
        GrantState.Requested => Texts.T("Waiting for approval"),
        GrantState.Approved => Texts.T("Approved"),
        GrantState.Refused => Texts.T("Refused (grant)"),
        GrantState.Revoked => Texts.T("Revoked"),
    };

    /// <summary>Where a seal or signature specimen stands in its registration (备案).</summary>
    public static string Of(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Submitted => Texts.T("Waiting for registration"),
        RegistrationStatus.Registered => Texts.T("Registered"),
        RegistrationStatus.Rejected => Texts.T("Registration refused"),
        RegistrationStatus.Revoked => Texts.T("Revoked"),
    };

    /// <summary>Who may apply, e.g. 个人.</summary>
    public static string Of(ApplicantKind kind) => kind switch
    {
        ApplicantKind.Resident => Texts.T("Resident"),
        ApplicantKind.Enterprise => Texts.T("Enterprise"),
        ApplicantKind.Institution => Texts.T("Institution"),
        ApplicantKind.Staff => Texts.T("Staff"),
    };

    /// <summary>The roles, e.g. 经办人员或审核人员.</summary>
    public static string Of(StaffRoles roles) => string.Join(Texts.T(" or "), Enum.GetValues<StaffRoles>().Where(r => r != StaffRoles.None && roles.HasFlag(r)).Select(r => r switch
    {
        StaffRoles.Clerk => Texts.T("Clerk"),
        StaffRoles.Reviewer => Texts.T("Reviewer"),
        StaffRoles.UnitAdmin => Texts.T("Unit admin"),
        StaffRoles.Supervisor => Texts.T("Supervisor"),
        StaffRoles.PlatformAdmin => Texts.T("Platform admin"),
        _ => throw new ArgumentOutOfRangeException(nameof(roles)),
    }));
}
