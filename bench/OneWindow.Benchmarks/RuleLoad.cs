using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OneWindow.Formats;
using OneWindow.Proactive;

namespace OneWindow.Benchmarks;

/// <summary>
/// Benefit-rule evaluation over a stream of events: <c>rules [--events 1000000] [--workers 2]</c>. The shipped rules
/// (checked as at start); a stream of births (approved household registrations) whose mothers are maternity-insured
/// and paying for one in two, not insured for one in four, and without a record for the rest, mixed with scanned
/// household records of people around 80 and approvals no rule listens for (a third each). The subjects' records are
/// in memory: this measures the engine — trigger lookup, conditions, identity-number parsing, the explanation — not
/// the database. Reported: events per second over the whole stream and grants made, single-threaded and with
/// <c>--workers</c> threads each taking a share of the stream.
/// </summary>
public static class RuleLoad
{
    private sealed class Memory(Dictionary<string, JsonObject> insurance, Dictionary<string, JsonObject> household) : ISubjectData
    {
        public JsonObject? Current(string item, string subjectIdNumber) => item switch
        {
            "insurance.enrolment" => insurance.GetValueOrDefault(subjectIdNumber),
            "police.household" => household.GetValueOrDefault(subjectIdNumber),
            _ => null,
        };
    }

    private static string Id(int seed, int year)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"130123{year:D4}{1 + seed % 12:D2}{1 + seed % 28:D2}{seed % 1000:D3}");
        return body + ResidentIdNumber.CheckCharacter(body);
    }

    public static Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var count = int.Parse(Arg("--events", "1000000"), CultureInfo.InvariantCulture);
        var workers = int.Parse(Arg("--workers", "2"), CultureInfo.InvariantCulture);
        var engine = new RuleEngine(BenefitRules.Shipped());
        var today = new DateOnly(2026, 12, 3);

        Console.WriteLine($"building {count:N0} events…");
        var insurance = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var household = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var events = new RuleEvent[count];
        for (var n = 0; n < count; n++)
        {
            switch (n % 3)
            {
                case 0:
                    var mother = Id(n, 1985 + n % 15);
                    if (n % 4 < 2)
                    {
                        insurance[mother] = new JsonObject { ["scheme"] = "职工基本医疗保险", ["enrolledSince"] = "2018-01-01", ["status"] = "参保缴费", ["maternityInsured"] = true };
                    }
                    else if (n % 4 == 2)
                    {
                        insurance[mother] = new JsonObject { ["scheme"] = "城乡居民基本医疗保险", ["enrolledSince"] = "2018-01-01", ["status"] = "参保缴费", ["maternityInsured"] = false };
                    }
                    events[n] = new RuleEvent($"case-{n}", TriggerKind.TaskApproved, "HOUSEHOLD-REG-BIRTH",
                        new Dictionary<string, string> { ["motherIdNumber"] = mother, ["motherName"] = "王芳", ["birthDate"] = "2026-11-20", ["childName"] = "李小宝" });
                    break;
                case 1:
                    var elder = Id(n, 1944 + n % 5);
                    var record = new JsonObject { ["name"] = "张大爷", ["idNumber"] = elder, ["divisionCode"] = "130123100201" };
                    household[elder] = record;
                    events[n] = new RuleEvent(RuleEvent.ScanId, TriggerKind.Scan, "police.household",
                        new Dictionary<string, string> { ["idNumber"] = elder, ["name"] = "张大爷", ["divisionCode"] = "130123100201" });
                    break;
                default:
                    events[n] = new RuleEvent($"case-{n}", TriggerKind.TaskApproved, "CERT-RESIDENCE", new Dictionary<string, string> { ["purpose"] = "孩子入学" });
                    break;
            }
        }
        var data = new Memory(insurance, household);

        // One pass to warm up (JIT, tiered compilation), then the measured passes.
        Run(engine, events, data, today, 1);
        foreach (var threads in new[] { 1, workers }.Distinct())
        {
            var clock = Stopwatch.StartNew();
            var (evaluated, granted) = Run(engine, events, data, today, threads);
            clock.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{threads} thread(s): {count:N0} events, {evaluated:N0} rule decisions, {granted:N0} grants in {clock.Elapsed.TotalSeconds:F2} s = {count / clock.Elapsed.TotalSeconds:N0} events/s"));
        }
        return Task.FromResult(0);
    }

    private static (long Evaluated, long Granted) Run(RuleEngine engine, RuleEvent[] events, ISubjectData data, DateOnly today, int threads)
    {
        long evaluated = 0, granted = 0;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
        {
            long mine = 0, grants = 0;
            for (var n = worker; n < events.Length; n += threads)
            {
                foreach (var decision in engine.Evaluate(events[n], data, today))
                {
                    mine++;
                    grants += decision.Grants ? 1 : 0;
                }
            }
            Interlocked.Add(ref evaluated, mine);
            Interlocked.Add(ref granted, grants);
        });
        return (evaluated, granted);
    }
}
