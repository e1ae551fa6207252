using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;

namespace OneWindow.Core.Tests.Storage;

/// <summary>
/// JSON columns compared as collections: EF Core still sees a value changed in place (the snapshot is a copy,
/// not the same list), and does not see a change where there is none (entries in another order).
/// </summary>
public sealed class JsonColumnComparerTests : IDisposable
{
    private readonly OneWindowDb _db = new(new DbContextOptionsBuilder<OneWindowDb>().UseSqlite("Data Source=:memory:").Options);

    public void Dispose() => _db.Dispose();

    private ApplicationTask Tracked()
    {
        var task = new ApplicationTask
        {
            ItemCode = "police.household",
            UnitId = Guid.NewGuid(),
            TimeLimitDays = 5,
            Fields = new() { ["childName"] = "王小明", ["birthDate"] = "2026-11-30" },
            Requires = ["health.birth"],
            Inputs = new() { ["health.birth"] = new() { ["certificateNumber"] = "O130000001" } },
        };
        _db.Attach(task);
        return task;
    }

    private bool Modified(ApplicationTask task, string property)
    {
        _db.ChangeTracker.DetectChanges();
        return _db.Entry(task).Property(property).IsModified;
    }

    [Fact]
    public void An_entry_changed_in_place_is_a_change()
    {
        var task = Tracked();
        task.Fields["childName"] = "王小亮";
        task.Requires.Add("health.vaccination");
        task.Inputs["health.birth"]["certificateNumber"] = "O130000002";

        Assert.True(Modified(task, nameof(ApplicationTask.Fields)));
        Assert.True(Modified(task, nameof(ApplicationTask.Requires)));
        Assert.True(Modified(task, nameof(ApplicationTask.Inputs)));
        Assert.Equal(EntityState.Modified, _db.Entry(task).State);
    }

    [Fact]
    public void The_same_values_in_new_collections_or_another_order_are_no_change()
    {
        var task = Tracked();
        task.Fields = new() { ["birthDate"] = "2026-11-30", ["childName"] = "王小明" };
        task.Inputs = new() { ["health.birth"] = new() { ["certificateNumber"] = "O130000001" } };

        Assert.False(Modified(task, nameof(ApplicationTask.Fields)));
        Assert.False(Modified(task, nameof(ApplicationTask.Inputs)));
        Assert.Equal(EntityState.Unchanged, _db.Entry(task).State);
    }

    [Fact]
    public void A_removed_entry_and_a_null_value_are_changes()
    {
        var task = Tracked();
        task.Fields.Remove("birthDate");
        task.Fields["childName"] = null!;

        Assert.True(Modified(task, nameof(ApplicationTask.Fields)));
    }
}
