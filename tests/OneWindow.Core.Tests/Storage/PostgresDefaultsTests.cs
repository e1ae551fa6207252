using Npgsql;
using OneWindow.Storage;

namespace OneWindow.Core.Tests.Storage;

public sealed class PostgresDefaultsTests
{
    [Fact]
    public void A_plain_connection_string_gets_no_reset_and_auto_prepare()
    {
        var built = new NpgsqlConnectionStringBuilder(StorageSetup.WithPostgresDefaults("Host=127.0.0.1;Port=5433;Username=postgres;Database=onewindow"));

        Assert.True(built.NoResetOnClose);
        Assert.Equal(64, built.MaxAutoPrepare);
        Assert.Equal(2, built.AutoPrepareMinUsages);
        Assert.Equal("127.0.0.1", built.Host);
        Assert.Equal("onewindow", built.Database);
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0", false, 0)]
    [InlineData("Host=db;NoResetOnClose=false;MaxAutoPrepare=5", false, 5)]
    [InlineData("Host=db;no reset on close=False", false, 64)]
    public void What_the_operator_set_is_kept(string connection, bool noReset, int maxAutoPrepare)
    {
        var built = new NpgsqlConnectionStringBuilder(StorageSetup.WithPostgresDefaults(connection));

        Assert.Equal(noReset, built.NoResetOnClose);
        Assert.Equal(maxAutoPrepare, built.MaxAutoPrepare);
    }
}
