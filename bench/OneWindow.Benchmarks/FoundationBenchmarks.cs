using BenchmarkDotNet.Attributes;
using OneWindow.Calendar;
using OneWindow.Catalog;
using OneWindow.Divisions;
using OneWindow.Formats;

namespace OneWindow.Benchmarks;

/// <summary>The hot pure functions of the foundation: identifier checks, due dates, data loading.</summary>
[MemoryDiagnoser]
public class FoundationBenchmarks
{
    private static readonly DateOnly s_today = new(2026, 11, 23);
    private WorkingCalendar _calendar = null!;

    [GlobalSetup]
    public void Setup()
    {
        var file = CalendarFile.Shipped();
        _calendar = new WorkingCalendar(file.Years, file.Days.Select(d => new CalendarDay { Date = d.Date, Kind = d.Kind, Name = d.Name, NameEn = d.NameEn }));
    }

    [Benchmark]
    public bool ResidentIdNumber_parse() => ResidentIdNumber.Parse("11010519491231002X", s_today).IsValid;

    [Benchmark]
    public bool CreditCode_parse() => UnifiedSocialCreditCode.Parse("91350100M000100Y43").IsValid;

    [Benchmark]
    public DateOnly Due_in_20_working_days_across_national_day() => _calendar.Due(new DateOnly(2024, 9, 20), 20).Value;

    [Benchmark]
    public int Shipped_divisions_read_and_checked() => DivisionCsv.Shipped().Count;

    [Benchmark]
    public int Shipped_catalog_parsed_and_validated() => CatalogDocument.Shipped().Items.Count;
}
