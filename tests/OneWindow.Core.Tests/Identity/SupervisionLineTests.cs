using OneWindow.Catalog;
using OneWindow.Divisions;
using OneWindow.Identity;

namespace OneWindow.Core.Tests.Identity;

public sealed class SupervisionLineTests
{
    private static UnitFacts U(UnitKind kind, DepartmentKind department, string division) => new(Guid.NewGuid(), kind, department, division);

    private static readonly UnitFacts Village = U(UnitKind.VillageCommittee, DepartmentKind.VillageCommittee, "130123100201");
    private static readonly UnitFacts Township = U(UnitKind.TownshipCentre, DepartmentKind.TownshipCentre, "130123100000");
    private static readonly UnitFacts Station = U(UnitKind.DepartmentOffice, DepartmentKind.Police, "130123100000");
    private static readonly UnitFacts CountyPolice = U(UnitKind.DepartmentOffice, DepartmentKind.Police, "130123000000");
    private static readonly UnitFacts CountyServices = U(UnitKind.CountyBureau, DepartmentKind.GovernmentServices, "130123000000");
    private static readonly UnitFacts ProvincePolice = U(UnitKind.DepartmentOffice, DepartmentKind.Police, "130000000000");
    private static readonly UnitFacts[] All = [Village, Township, Station, CountyPolice, CountyServices, ProvincePolice];

    [Fact]
    public void A_department_office_answers_to_the_same_department_at_the_nearest_division_above()
    {
        Assert.Equal(CountyPolice.Id, SupervisionLine.DefaultSupervisor(Station, All));
        Assert.Equal(ProvincePolice.Id, SupervisionLine.DefaultSupervisor(CountyPolice, All)); // no city bureau: the next one up
        Assert.Null(SupervisionLine.DefaultSupervisor(ProvincePolice, All));
    }

    [Fact]
    public void Villages_answer_to_their_township_and_townships_to_the_county_government()
    {
        Assert.Equal(Township.Id, SupervisionLine.DefaultSupervisor(Village, All));
        Assert.Equal(CountyServices.Id, SupervisionLine.DefaultSupervisor(Township, All));
    }

    [Fact]
    public void Another_department_at_the_same_or_a_higher_division_is_never_the_default()
    {
        var health = U(UnitKind.DepartmentOffice, DepartmentKind.Health, "130123000000");
        Assert.Null(SupervisionLine.DefaultSupervisor(health, All));
    }

    [Theory]
    [InlineData("130123100201", DivisionLevel.Village)]
    [InlineData("130123100000", DivisionLevel.Township)]
    [InlineData("130123000000", DivisionLevel.County)]
    [InlineData("130100000000", DivisionLevel.City)]
    [InlineData("130000000000", DivisionLevel.Province)]
    public void The_level_is_read_from_the_code(string code, DivisionLevel level) => Assert.Equal(level, SupervisionLine.LevelOf(code));

    [Fact]
    public void Ancestors_are_listed_nearest_first()
    {
        Assert.Equal(["130123100000", "130123000000", "130100000000", "130000000000"], SupervisionLine.AncestorCodes("130123100201"));
    }

    [Theory]
    [InlineData(AuthorityAction.ManageStaff, true, false, true)]
    [InlineData(AuthorityAction.ManageStaff, false, true, true)]
    [InlineData(AuthorityAction.ManageStaff, false, false, false)]
    [InlineData(AuthorityAction.RegisterSeal, true, false, false)]
    [InlineData(AuthorityAction.RegisterSeal, false, true, true)]
    [InlineData(AuthorityAction.SubmitSeal, false, true, false)]
    [InlineData(AuthorityAction.SubmitSeal, true, false, true)]
    [InlineData(AuthorityAction.ManageIntegration, true, false, true)]
    [InlineData(AuthorityAction.ManageIntegration, false, true, true)]
    [InlineData(AuthorityAction.ManageIntegration, false, false, false)]
    public void Admins_act_on_their_own_unit_or_below_it_by_action(AuthorityAction action, bool own, bool above, bool allowed)
    {
        var target = Station.Id;
        var actorUnit = own ? target : above ? CountyPolice.Id : CountyServices.Id;
        var actor = new Account { Kind = AccountKind.Staff, UnitId = actorUnit, Roles = StaffRoles.UnitAdmin };

        Assert.Equal(allowed, SupervisionLine.Allows(actor, action, target, [CountyPolice.Id, ProvincePolice.Id]));
    }

    [Fact]
    public void A_reviewer_above_manages_nothing_and_a_resident_nothing_at_all()
    {
        var reviewer = new Account { Kind = AccountKind.Staff, UnitId = CountyPolice.Id, Roles = StaffRoles.Reviewer };
        var resident = new Account { Kind = AccountKind.Resident };

        Assert.False(SupervisionLine.Allows(reviewer, AuthorityAction.ManageStaff, Station.Id, [CountyPolice.Id]));
        Assert.False(SupervisionLine.Allows(resident, AuthorityAction.ViewUnit, Station.Id, [CountyPolice.Id]));
    }
}
