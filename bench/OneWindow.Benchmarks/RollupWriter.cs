using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace OneWindow.Benchmarks;

/// <summary>
/// Writes 运行监管 rollup rows in bulk, in key order, into a server's database: PostgreSQL through binary COPY, SQLite
/// through prepared inserts committed once per day. The rollups' secondary indexes are dropped while loading and built
/// again by <see cref="FinishAsync"/> with the definitions the migrations give them.
/// </summary>
public sealed class RollupWriter : IAsyncDisposable
{
    private static readonly string[] s_counts = ["Received", "ReceivedOnline", "Completed", "PartlyCompleted", "Refused", "OnTime", "DaysUsed", "DaysPromised", "Supplements",
        "Forms", "FormsSeparately", "Materials", "MaterialsSeparately", "Trips", "TripsSeparately"];

    private static readonly string[] s_tables = ["case_counts", "case_durations", "month_counts", "month_durations"];

    /// <summary>Each table's secondary indexes (name, columns), as the migrations define them.</summary>
    private static (string Name, string Columns)[] Indexes(string table) => table.EndsWith("_counts", StringComparison.Ordinal)
        ? [($"IX_{table}_Level_Division_Day_ItemCode", "\"Level\", \"Division\", \"Day\", \"ItemCode\""), ($"IX_{table}_Level_ItemCode_Division_Day", "\"Level\", \"ItemCode\", \"Division\", \"Day\"")]
        : [($"IX_{table}_Level_Division_ItemCode_Day", "\"Level\", \"Division\", \"ItemCode\", \"Day\"")];

    private readonly bool _postgres;
    private readonly string _db;
    private readonly List<DbConnection> _connections = [];
    // One per table (PostgreSQL: a COPY each on its own connection; SQLite: a prepared insert each), in s_tables' order.
    private readonly NpgsqlBinaryImporter?[] _copies = new NpgsqlBinaryImporter?[4];
    private readonly SqliteCommand?[] _inserts = new SqliteCommand?[4];
    private SqliteTransaction? _transaction;
    private readonly List<(Guid Unit, DateOnly Day, string Item, string Division, string Department, int[] Levels)> _ratings = [];

    private RollupWriter(bool postgres, string db) => (_postgres, _db) = (postgres, db);

    public static async Task<RollupWriter> OpenAsync(bool postgres, string db)
    {
        var writer = new RollupWriter(postgres, db);
        await writer.StartAsync();
        return writer;
    }

    private static string Columns(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"\"{n}\""));

    private async Task<DbConnection> ConnectAsync()
    {
        DbConnection connection = _postgres ? new NpgsqlConnection(_db) : new SqliteConnection(_db);
        await connection.OpenAsync();
        _connections.Add(connection);
        return connection;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    private static string CountColumns => $"\"Day\", \"Level\", \"Division\", \"ItemCode\", {Columns(s_counts)}";

    private const string DurationColumns = "\"Day\", \"Level\", \"Division\", \"ItemCode\", \"WorkingDays\", \"Count\"";

    private async Task StartAsync()
    {
        var first = await ConnectAsync();
        foreach (var (name, _) in s_tables.SelectMany(Indexes))
        {
            await ExecuteAsync(first, $"DROP INDEX IF EXISTS \"{name}\"");
        }
        for (var t = 0; t < s_tables.Length; t++)
        {
            var columns = t % 2 == 0 ? CountColumns : DurationColumns;
            if (_postgres)
            {
                var connection = t == 0 ? first : await ConnectAsync();
                _copies[t] = await ((NpgsqlConnection)connection).BeginBinaryImportAsync($"COPY {s_tables[t]} ({columns}) FROM STDIN (FORMAT BINARY)");
                continue;
            }
            var insert = ((SqliteConnection)first).CreateCommand();
            var count = columns.Split(',').Length;
            insert.CommandText = $"INSERT INTO {s_tables[t]} ({columns}) VALUES ({string.Join(", ", Enumerable.Range(0, count).Select(i => $"$p{i}"))})";
            for (var i = 0; i < count; i++)
            {
                insert.Parameters.Add(new SqliteParameter($"$p{i}", null));
            }
            _inserts[t] = insert;
        }
        if (!_postgres)
        {
            await ExecuteAsync(first, "PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;");
            Begin();
        }
    }

    private void Begin()
    {
        _transaction = ((SqliteConnection)_connections[0]).BeginTransaction();
        foreach (var insert in _inserts)
        {
            insert!.Transaction = _transaction;
            insert.Prepare();
        }
    }

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A row of the daily rollup, or with <paramref name="monthly"/> of the monthly one (the day is the month's first).</summary>
    public async Task CountAsync(bool monthly, DateOnly day, int level, string division, string item, int[] sums)
    {
        ArgumentNullException.ThrowIfNull(sums);
        await WriteAsync(monthly ? 2 : 0, day, level, division, item, sums);
    }

    public Task DurationAsync(bool monthly, DateOnly day, int level, string division, string item, int workingDays, int count) =>
        WriteAsync(monthly ? 3 : 1, day, level, division, item, [workingDays, count]);

    private async Task WriteAsync(int table, DateOnly day, int level, string division, string item, int[] values)
    {
        if (_copies[table] is { } copy)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(day, NpgsqlDbType.Date);
            await copy.WriteAsync(level, NpgsqlDbType.Integer);
            await copy.WriteAsync(division, NpgsqlDbType.Varchar);
            await copy.WriteAsync(item, NpgsqlDbType.Varchar);
            foreach (var value in values)
            {
                await copy.WriteAsync(value, NpgsqlDbType.Integer);
            }
            return;
        }
        var p = _inserts[table]!.Parameters;
        (p[0].Value, p[1].Value, p[2].Value, p[3].Value) = (Text(day), level, division, item);
        for (var i = 0; i < values.Length; i++)
        {
            p[4 + i].Value = values[i];
        }
        await _inserts[table]!.ExecuteNonQueryAsync();
    }

    /// <summary>A day's rows are in: SQLite commits them (its write-ahead log is checkpointed between days).</summary>
    public async Task DayDoneAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.CommitAsync();
            await _transaction.DisposeAsync();
            Begin();
        }
    }

    /// <summary>Smile-index counts (few rows; written at the end).</summary>
    public Task RatingAsync(DateOnly day, Guid unit, string item, string division, string department, int[] levels)
    {
        _ratings.Add((unit, day, item, division, department, levels));
        return Task.CompletedTask;
    }

    /// <summary>Ends the load: the rating counts (by day and by month), the indexes, the planner's statistics.</summary>
    public async Task FinishAsync()
    {
        if (_postgres)
        {
            for (var t = 0; t < _copies.Length; t++)
            {
                await _copies[t]!.CompleteAsync();
                await _copies[t]!.DisposeAsync();
                _copies[t] = null;
            }
        }
        var monthly = _ratings.GroupBy(r => (Month: new DateOnly(r.Day.Year, r.Day.Month, 1), r.Unit, r.Item))
            .Select(g => (g.Key.Unit, g.Key.Month, g.Key.Item, g.First().Division, g.First().Department,
                Levels: Enumerable.Range(0, 5).Select(i => g.Sum(r => r.Levels[i])).ToArray())).ToList();
        await WriteRatingsAsync("rating_counts", _ratings);
        await WriteRatingsAsync("rating_month_counts", monthly);
        await WriteRatingDivisionsAsync("rating_division_counts", _ratings);
        await WriteRatingDivisionsAsync("rating_division_month_counts", monthly);
        if (_transaction is not null)
        {
            await _transaction.CommitAsync();
            await _transaction.DisposeAsync();
            _transaction = null;
        }
        if (_postgres)
        {
            await ExecuteAsync(_connections[0], "SET maintenance_work_mem = '2GB'");
        }
        foreach (var table in s_tables)
        {
            foreach (var (name, columns) in Indexes(table))
            {
                await ExecuteAsync(_connections[0], $"CREATE INDEX \"{name}\" ON {table} ({columns})");
            }
        }
        await ExecuteAsync(_connections[0], "ANALYZE");
    }

    private const string RatingColumns = "\"Day\", \"UnitId\", \"ItemCode\", \"DivisionCode\", \"Department\", \"VerySatisfied\", \"Satisfied\", \"Fair\", \"Dissatisfied\", \"VeryDissatisfied\"";

    private async Task WriteRatingsAsync(string table, List<(Guid Unit, DateOnly Day, string Item, string Division, string Department, int[] Levels)> rows)
    {
        if (_postgres)
        {
            await using var copy = await ((NpgsqlConnection)_connections[0]).BeginBinaryImportAsync($"COPY {table} ({RatingColumns}) FROM STDIN (FORMAT BINARY)");
            foreach (var (unit, day, item, division, department, levels) in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(day, NpgsqlDbType.Date);
                await copy.WriteAsync(unit, NpgsqlDbType.Uuid);
                await copy.WriteAsync(item, NpgsqlDbType.Varchar);
                await copy.WriteAsync(division, NpgsqlDbType.Varchar);
                await copy.WriteAsync(department, NpgsqlDbType.Varchar);
                foreach (var level in levels)
                {
                    await copy.WriteAsync(level, NpgsqlDbType.Integer);
                }
            }
            await copy.CompleteAsync();
            return;
        }
        await using var insert = ((SqliteConnection)_connections[0]).CreateCommand();
        insert.Transaction = _transaction;
        insert.CommandText = $"INSERT INTO {table} ({RatingColumns}) VALUES ($d, $u, $i, $v, $t, $a, $b, $c, $e, $f)";
        var p = new[] { "$d", "$u", "$i", "$v", "$t", "$a", "$b", "$c", "$e", "$f" }.Select(n => insert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        foreach (var (unit, day, item, division, department, levels) in rows)
        {
            (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (Text(day), unit.ToString().ToUpperInvariant(), item, division, department);
            for (var i = 0; i < 5; i++)
            {
                p[5 + i].Value = levels[i];
            }
            await insert.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The same counts by division, at each level down to the unit's own (as the platform's upsert adds them).</summary>
    private async Task WriteRatingDivisionsAsync(string table, List<(Guid Unit, DateOnly Day, string Item, string Division, string Department, int[] Levels)> rows)
    {
        var sums = new SortedDictionary<(int Level, string Division, DateOnly Day), int[]>();
        foreach (var (_, day, _, division, _, levels) in rows)
        {
            // The unit's own level, read off its code (statistical codes end in zeros where a level is not set).
            (int Zeros, int Length)[] unset = [(10, 2), (8, 4), (6, 6), (3, 9)];
            var own = unset.FirstOrDefault(z => division.EndsWith(new string('0', z.Zeros), StringComparison.Ordinal), (Zeros: 0, Length: 12)).Length;
            foreach (var (level, length) in new[] { (1, 2), (2, 4), (3, 6), (4, 9), (5, 12) }.Where(l => l.Item2 <= own))
            {
                var key = (level, division[..length].PadRight(12, '0'), day);
                if (!sums.TryGetValue(key, out var sum))
                {
                    sums[key] = sum = new int[5];
                }
                for (var i = 0; i < 5; i++)
                {
                    sum[i] += levels[i];
                }
            }
        }
        await using var command = _connections[0].CreateCommand();
        command.CommandTimeout = 0;
        command.Transaction = _transaction;
        foreach (var ((level, division, day), sum) in sums)
        {
            command.CommandText = $"INSERT INTO {table} (\"Level\", \"Division\", \"Day\", \"VerySatisfied\", \"Satisfied\", \"Fair\", \"Dissatisfied\", \"VeryDissatisfied\") " +
                $"VALUES ({level}, '{division}', '{day:yyyy-MM-dd}', {string.Join(", ", sum)})";
            await command.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var insert in _inserts)
        {
            insert?.Dispose();
        }
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
