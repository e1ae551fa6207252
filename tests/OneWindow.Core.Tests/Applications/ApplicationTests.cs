using OneWindow.Applications;
using OneWindow.Calendar;
using OneWindow.Common;
using OneWindow.Testing;

namespace OneWindow.Core.Tests.Applications;

/// <summary>The application aggregate on the newborn bundle: prerequisites, results flowing on, refusals cancelling a branch, supplements pausing the clock.</summary>
public sealed class ApplicationTests
{
    private static readonly WorkingCalendar s_calendar = ShippedCalendar();
    private static readonly DateOnly s_monday = new(2026, 9, 21);
    private static readonly DateTimeOffset s_now = new(2026, 9, 21, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Guid s_parent = Guid.CreateVersion7();
    private static readonly Guid s_staff = Guid.CreateVersion7();

    private static WorkingCalendar ShippedCalendar()
    {
        var file = CalendarFile.Shipped();
        return new WorkingCalendar(file.Years, file.Days.Select(d => new CalendarDay { Date = d.Date, Kind = d.Kind, Name = d.Name, NameEn = d.NameEn }));
    }

    private static Application Newborn(DeliveryMethod delivery = DeliveryMethod.Collect, Channel channel = Channel.Web)
    {
        var bundle = ApplicationPlannerTests.Bundles["NEWBORN"];
        var plan = ApplicationPlanner.Plan(bundle, ApplicationPlannerTests.Items, SampleForms.For(bundle.Fields), s_monday).Value!;
        var units = plan.ToDictionary(t => t.ItemCode, _ => Guid.CreateVersion7());
        var limits = plan.ToDictionary(t => t.ItemCode, t => ApplicationPlannerTests.Items[t.ItemCode].TimeLimitDays);
        var draft = new ApplicationDraft("NEWBORN", null, s_parent, null, channel, "130123100201", SampleForms.For(bundle.Fields), bundle.TimeLimitDays, Delivery: delivery, DeliveryAddress: delivery == DeliveryMethod.Mail ? "正定镇西关村3组12号" : null);
        return Application.Open(draft, plan, units, limits, s_calendar, s_now, s_monday);
    }

    private static ApplicationTask Task(Application a, string item) => a.Tasks.Single(t => t.ItemCode == item);

    [Fact]
    public void Tasks_without_prerequisites_start_at_once_with_due_dates_the_others_wait()
    {
        var application = Newborn();

        Assert.Equal(ApplicationState.InProgress, application.State);
        Assert.Equal(TaskState.Queued, Task(application, "BIRTH-MEDICAL-CERT").State);
        Assert.Equal(TaskState.Queued, Task(application, "VACCINATION-CERT").State);
        Assert.All(application.Tasks.Where(t => t.Requires.Count > 0), t => Assert.Equal(TaskState.Waiting, t.State));
        Assert.All(application.Tasks.Where(t => t.Requires.Count > 0), t => Assert.Null(t.DueDate));
        Assert.Equal(new DateOnly(2026, 9, 22), Task(application, "BIRTH-MEDICAL-CERT").DueDate); // 1 working day
        Assert.Equal(s_calendar.Due(s_monday, 6).Value, application.DueDate);
        Assert.Equal("submitted", application.History[0].Kind);
    }

    [Fact]
    public void An_approved_prerequisite_starts_what_waited_for_it_and_hands_on_its_result()
    {
        var application = Newborn();
        var birth = Task(application, "BIRTH-MEDICAL-CERT");

        Assert.Null(application.Accept(birth.Id, s_staff, s_now));
        Assert.Null(application.Approve(birth.Id, s_staff, new Dictionary<string, string> { ["birthCertificateNumber"] = "R130123456" }, s_calendar, s_now, s_monday.AddDays(1)));

        var household = Task(application, "HOUSEHOLD-REG-BIRTH");
        Assert.Equal(TaskState.Queued, household.State);
        Assert.Equal("R130123456", household.Inputs["BIRTH-MEDICAL-CERT"]["birthCertificateNumber"]);
        Assert.Equal(s_calendar.Due(s_monday.AddDays(1), household.TimeLimitDays).Value, household.DueDate);
        Assert.Equal(TaskState.Waiting, Task(application, "MEDICAL-INSURANCE-ENROL").State); // waits for household registration
    }

    [Fact]
    public void Declared_results_fill_the_fields_later_tasks_wait_for_down_the_chain()
    {
        var application = Newborn();
        Assert.Contains("birthCertificateNumber", Task(application, "HOUSEHOLD-REG-BIRTH").Awaited);
        Assert.Contains("insuredIdNumber", Task(application, "MEDICAL-INSURANCE-E-VOUCHER").Awaited);

        Assert.Null(application.Approve(Task(application, "BIRTH-MEDICAL-CERT").Id, s_staff, new Dictionary<string, string> { ["birthCertificateNumber"] = "R130123456" }, s_calendar, s_now, s_monday));
        Assert.Null(application.Approve(Task(application, "HOUSEHOLD-REG-BIRTH").Id, s_staff, new Dictionary<string, string> { ["childIdNumber"] = "130123202603020014" }, s_calendar, s_now, s_monday));

        var household = Task(application, "HOUSEHOLD-REG-BIRTH");
        Assert.Equal("R130123456", household.Fields["birthCertificateNumber"]);
        Assert.DoesNotContain("birthCertificateNumber", household.Awaited);
        // The e-voucher waits for enrolment, which waits for registration: the number reaches it two steps down.
        var voucher = Task(application, "MEDICAL-INSURANCE-E-VOUCHER");
        Assert.Equal(TaskState.Waiting, voucher.State);
        Assert.Equal("130123202603020014", voucher.Fields["insuredIdNumber"]);
        Assert.Equal("130123202603020014", Task(application, "SOCIAL-SECURITY-CARD").Fields["cardholderIdNumber"]);
        Assert.Empty(Task(application, "MEDICAL-INSURANCE-ENROL").Awaited);
    }

    private static void ApproveAll(Application application)
    {
        while (application.Tasks.FirstOrDefault(t => t.State == TaskState.Queued) is { } next)
        {
            var item = ApplicationPlannerTests.Items[next.ItemCode];
            var result = SampleForms.For(item.Output.Results ?? []);
            Assert.Null(application.Approve(next.Id, s_staff, result, s_calendar, s_now, s_monday));
        }
    }

    [Fact]
    public void A_physical_result_is_handed_over_step_by_step_by_the_cases_delivery_method()
    {
        var collect = Newborn();
        var mail = Newborn(DeliveryMethod.Mail);
        ApproveAll(collect);
        ApproveAll(mail);
        var card = Task(collect, "SOCIAL-SECURITY-CARD");
        var mailedCard = Task(mail, "SOCIAL-SECURITY-CARD");
        var enrolment = Task(collect, "MEDICAL-INSURANCE-ENROL"); // a record: nothing to hand over

        Assert.Equal(Handover.AwaitingDispatch, card.Handover);
        Assert.Equal(Handover.None, enrolment.Handover);
        Assert.IsType<StateConflict>(collect.HandOver(card.Id, s_staff, Handover.Mailed, "中国邮政", "EMS123456", s_now));
        Assert.IsType<StateConflict>(collect.HandOver(enrolment.Id, s_staff, Handover.ReadyForCollection, null, null, s_now));
        Assert.Null(collect.HandOver(card.Id, s_staff, Handover.ReadyForCollection, null, null, s_now));
        Assert.Null(collect.HandOver(card.Id, s_staff, Handover.HandedOver, null, null, s_now));
        Assert.IsType<StateConflict>(collect.HandOver(card.Id, s_staff, Handover.HandedOver, null, null, s_now));
        Assert.Null(mail.HandOver(mailedCard.Id, s_staff, Handover.Mailed, "中国邮政", "EMS123456", s_now));
        Assert.Equal("EMS123456", mailedCard.TrackingNumber);
        Assert.Equal("mailed", mail.History[^1].Kind);
        Assert.Equal("中国邮政 EMS123456", mail.History[^1].Note);
    }

    [Fact]
    public void The_measures_count_what_one_form_saved_against_the_separate_items()
    {
        var online = Newborn(DeliveryMethod.Mail);
        var counter = Newborn(DeliveryMethod.Collect, Channel.Counter);
        ApproveAll(online);
        ApproveAll(counter);
        var items = ApplicationPlannerTests.Items;

        var mailed = CaseMeasures.Of(online, items, 2, s_calendar, s_monday, s_monday.AddDays(3));
        var walkedIn = CaseMeasures.Of(counter, items, 0, s_calendar, s_monday, s_monday.AddDays(3));

        // 7 items, 4 of which hand over a document or card: 11 trips if done one by one.
        Assert.Equal(7, mailed.FormsSeparately);
        Assert.Equal(11, mailed.TripsSeparately);
        Assert.Equal(0, mailed.Trips);
        Assert.Equal(11, mailed.TripsSaved);
        Assert.Equal(2, walkedIn.Trips); // to the counter, and to collect
        Assert.Equal(9, walkedIn.TripsSaved);
        Assert.Equal(online.Form.Count, mailed.Fields);
        Assert.True(mailed.FieldsSeparately > mailed.Fields);
        Assert.Equal(2, mailed.Materials);
        Assert.True(mailed.MaterialsSeparately >= 10);
        Assert.Equal(6, mailed.WorkingDaysPromised);
        Assert.Equal(3, mailed.WorkingDaysElapsed); // Monday to Thursday
    }

    [Fact]
    public void A_refused_prerequisite_cancels_its_whole_branch_with_the_reason_and_the_other_branch_goes_on()
    {
        var application = Newborn();
        Approve(application, "BIRTH-MEDICAL-CERT");
        var household = Task(application, "HOUSEHOLD-REG-BIRTH");

        Assert.Null(application.Refuse(household.Id, s_staff, "户主与新生儿关系不符", s_now));

        foreach (var item in new[] { "MEDICAL-INSURANCE-ENROL", "MEDICAL-INSURANCE-E-VOUCHER", "SOCIAL-SECURITY-CARD", "BANK-ACCOUNT-NEWBORN" })
        {
            Assert.Equal(TaskState.Cancelled, Task(application, item).State);
            Assert.Contains("户主与新生儿关系不符", Task(application, item).Reason, StringComparison.Ordinal);
        }
        Assert.Equal(TaskState.Queued, Task(application, "VACCINATION-CERT").State);
        Assert.Equal(ApplicationState.InProgress, application.State);

        Approve(application, "VACCINATION-CERT");
        Assert.Equal(ApplicationState.PartlyCompleted, application.State);
        Assert.Equal("partly-completed", application.History[^1].Kind);
    }

    [Fact]
    public void Approving_every_task_in_prerequisite_order_completes_the_application()
    {
        var application = Newborn();

        while (application.Tasks.FirstOrDefault(t => t.State == TaskState.Queued) is { } next)
        {
            Approve(application, next.ItemCode);
        }

        Assert.All(application.Tasks, t => Assert.Equal(TaskState.Approved, t.State));
        Assert.Equal(ApplicationState.Completed, application.State);
    }

    [Fact]
    public void A_supplement_names_what_is_missing_pauses_the_clock_and_resumes_it_when_answered()
    {
        var application = Newborn();
        var birth = Task(application, "BIRTH-MEDICAL-CERT");
        var due = birth.DueDate!.Value;

        Assert.IsType<ValidationFailed>(application.RequestSupplement(birth.Id, s_staff, [], [], "缺材料", s_now, s_monday));
        Assert.Null(application.RequestSupplement(birth.Id, s_staff, ["birthHospital"], ["birth-record"], "医院名称与出生记录不一致", s_now, s_monday));
        Assert.Equal(TaskState.SupplementRequested, birth.State);
        Assert.IsType<StateConflict>(application.Approve(birth.Id, s_staff, new Dictionary<string, string>(), s_calendar, s_now, s_monday));

        // Answered on Monday 28 September: the task waited the working days 22–24 and 28 September — four, because
        // Friday 25 September 2026 is the Mid-Autumn Festival.
        var answerDay = new DateOnly(2026, 9, 28);
        var unasked = application.AnswerSupplement(birth.Id, s_parent, new Dictionary<string, string> { ["birthHospital"] = "正定县人民医院", ["childName"] = "改名" }, s_calendar, s_now, answerDay);
        Assert.True(Assert.IsType<ValidationFailed>(unasked).Errors.ContainsKey("fields.childName"));
        Assert.True(Assert.IsType<ValidationFailed>(application.AnswerSupplement(birth.Id, s_parent, new Dictionary<string, string>(), s_calendar, s_now, answerDay)).Errors.ContainsKey("fields.birthHospital"));
        Assert.Null(application.AnswerSupplement(birth.Id, s_parent, new Dictionary<string, string> { ["birthHospital"] = "正定县人民医院" }, s_calendar, s_now, answerDay));

        Assert.Equal(TaskState.Accepted, birth.State);
        Assert.Equal("正定县人民医院", birth.Fields["birthHospital"]);
        Assert.Equal(s_calendar.WorkingDaysBetween(s_monday, answerDay).Value, birth.PausedWorkingDays);
        Assert.Equal(4, birth.PausedWorkingDays);
        Assert.Equal(s_calendar.Due(due, 4).Value, birth.DueDate);
        Assert.Empty(birth.SupplementFields);
    }

    [Fact]
    public void A_decided_task_cannot_be_decided_again_and_every_change_is_recorded_and_versioned()
    {
        var application = Newborn();
        var birth = Task(application, "BIRTH-MEDICAL-CERT");
        var version = application.Version;

        Approve(application, "BIRTH-MEDICAL-CERT");
        var again = application.Approve(birth.Id, s_staff, new Dictionary<string, string>(), s_calendar, s_now, s_monday);
        var refuse = application.Refuse(birth.Id, s_staff, "迟了", s_now);

        Assert.Equal("approved", Assert.IsType<StateConflict>(again).Current);
        Assert.IsType<StateConflict>(refuse);
        Assert.True(application.Version > version);
        Assert.Contains(application.History, e => e.Kind == "approved" && e.ItemCode == "BIRTH-MEDICAL-CERT" && e.ActorId == s_staff);
        Assert.IsType<Missing>(application.Accept(Guid.CreateVersion7(), s_staff, s_now));
    }

    [Fact]
    public void Only_an_overdue_task_with_its_unit_is_escalated_and_only_once()
    {
        var application = Newborn();
        var birth = Task(application, "BIRTH-MEDICAL-CERT");
        var supervisor = Guid.CreateVersion7();
        var due = birth.DueDate!.Value;

        Assert.IsType<StateConflict>(application.Escalate(birth.Id, supervisor, s_now, due)); // due today: not overdue yet
        Assert.IsType<StateConflict>(application.Escalate(Task(application, "HOUSEHOLD-REG-BIRTH").Id, supervisor, s_now, due.AddDays(5))); // still waiting
        Assert.Null(application.Escalate(birth.Id, supervisor, s_now, due.AddDays(1)));
        Assert.Equal(supervisor, birth.EscalatedToUnitId);
        Assert.Equal("escalated", Assert.IsType<StateConflict>(application.Escalate(birth.Id, supervisor, s_now, due.AddDays(2))).Current);
        Assert.Single(application.History, e => e.Kind == "escalated");
    }

    private static void Approve(Application application, string item)
    {
        var task = Task(application, item);
        Assert.Null(application.Accept(task.Id, s_staff, s_now));
        Assert.Null(application.Approve(task.Id, s_staff, new Dictionary<string, string> { ["number"] = item }, s_calendar, s_now, s_monday));
    }
}
