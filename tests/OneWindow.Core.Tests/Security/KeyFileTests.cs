using Microsoft.Extensions.Options;
using OneWindow.Security;
using OneWindow.Storage;

namespace OneWindow.Core.Tests.Security;

public sealed class KeyFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("onewindow-keys-");

    public void Dispose()
    {
        _dir.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void By_default_the_key_file_lives_in_the_users_configuration_folder_not_beside_the_data()
    {
        var path = KeyEncryptionOptions.DefaultKeyFile;

        Assert.EndsWith(Path.Combine("onewindow", "master.key"), path, StringComparison.Ordinal);
        Assert.DoesNotContain($"{Path.DirectorySeparatorChar}data{Path.DirectorySeparatorChar}", path, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_key_file_and_its_folder_are_owner_only()
    {
        var path = Path.Combine(_dir.FullName, "secrets", "master.key");

        var encryption = new KeyEncryption(Options.Create(new KeyEncryptionOptions { MasterKeyFile = path }));
        var wrapped = encryption.Wrap([1, 2, 3], "test");

        Assert.Equal(path, encryption.KeyFile);
        Assert.Equal([1, 2, 3], new KeyEncryption(Options.Create(new KeyEncryptionOptions { MasterKeyFile = path })).Unwrap(wrapped, "test"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        }
    }

    [Fact]
    public void A_new_sqlite_database_file_is_owner_only()
    {
        var file = Path.Combine(_dir.FullName, "data", "onewindow.db");
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<OneWindowDb>();

        StorageSetup.Configure(options, StorageProvider.Sqlite, $"Data Source={file}");

        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        Assert.Equal(Path.GetDirectoryName(file), StorageSetup.SqliteDirectory(StorageProvider.Sqlite, $"Data Source={file}"));
    }
}
