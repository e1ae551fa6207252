using System.Text.Json;

namespace OneWindow.Cli.Tests;

public sealed class IdCheckTests : IClassFixture<SqliteCliDatabase>
{
    private readonly SqliteCliDatabase _cli;

    public IdCheckTests(SqliteCliDatabase cli) => _cli = cli;

    [Fact]
    public async Task A_valid_resident_number_prints_its_facts_and_exits_0()
    {
        var result = await _cli.RunAsync("id", "check", "11010519491231002X");

        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("resident-identity-card", json.GetProperty("kind").GetString());
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Equal("110105", json.GetProperty("region").GetString());
        Assert.Equal("1949-12-31", json.GetProperty("birthDate").GetString());
        Assert.Equal("female", json.GetProperty("sex").GetString());
    }

    [Fact]
    public async Task A_valid_credit_code_is_recognised_as_an_enterprise()
    {
        var result = await _cli.RunAsync("id", "check", "91350100M000100Y43");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("enterprise", JsonDocument.Parse(result.Out).RootElement.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("110105194912310021", "resident-identity-card", "checkCharacter")]
    [InlineData("91350100M000100Y44", "enterprise", "checkCharacter")]
    [InlineData("12345", "unknown", "length")]
    public async Task An_invalid_value_says_why_and_exits_1(string value, string kind, string rule)
    {
        var result = await _cli.RunAsync("id", "check", value);

        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(kind, json.GetProperty("kind").GetString());
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.Equal(rule, json.GetProperty("rule").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_missing_argument_is_a_usage_error_exit_2()
    {
        var result = await _cli.RunAsync("id", "check");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error()
    {
        Assert.Equal(2, (await _cli.RunAsync("frobnicate")).ExitCode);
    }

    [Fact]
    public async Task Help_lists_the_commands()
    {
        var result = await _cli.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("calendar", result.Out, StringComparison.Ordinal);
        Assert.Contains("divisions", result.Out, StringComparison.Ordinal);
    }
}
