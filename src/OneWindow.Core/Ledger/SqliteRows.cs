using System.Runtime.InteropServices;
using SQLitePCL;

namespace OneWindow.Ledger;

/// <summary>
/// Row reading for scans of millions of rows. SQLitePCL's wrappers pass the statement as a
/// SafeHandle and make a full GC transition on every call, which costs more than SQLite's own work
/// for a column; this calls the same native library's <c>sqlite3_step</c> and column functions
/// directly (the column getters without a GC transition: they only read the current row). When the
/// library cannot be found it uses SQLitePCL's wrappers.
/// </summary>
internal static unsafe class SqliteRows
{
    private static readonly delegate* unmanaged<IntPtr, int> s_step;
    private static readonly delegate* unmanaged[SuppressGCTransition]<IntPtr, int, byte*> s_blob;
    private static readonly delegate* unmanaged[SuppressGCTransition]<IntPtr, int, int> s_bytes;
    private static readonly delegate* unmanaged[SuppressGCTransition]<IntPtr, int, long> s_int64;

    static SqliteRows()
    {
        if (NativeLibrary.TryLoad(raw.GetNativeLibraryName(), typeof(raw).Assembly, null, out var library)
            && NativeLibrary.TryGetExport(library, "sqlite3_step", out var step)
            && NativeLibrary.TryGetExport(library, "sqlite3_column_blob", out var blob)
            && NativeLibrary.TryGetExport(library, "sqlite3_column_bytes", out var bytes)
            && NativeLibrary.TryGetExport(library, "sqlite3_column_int64", out var int64))
        {
            s_step = (delegate* unmanaged<IntPtr, int>)step;
            s_blob = (delegate* unmanaged[SuppressGCTransition]<IntPtr, int, byte*>)blob;
            s_bytes = (delegate* unmanaged[SuppressGCTransition]<IntPtr, int, int>)bytes;
            s_int64 = (delegate* unmanaged[SuppressGCTransition]<IntPtr, int, long>)int64;
        }
    }

    public static int Step(sqlite3_stmt statement) =>
        s_step != null ? s_step(statement.DangerousGetHandle()) : raw.sqlite3_step(statement);

    public static long Int64(sqlite3_stmt statement, int column) =>
        s_int64 != null ? s_int64(statement.DangerousGetHandle(), column) : raw.sqlite3_column_int64(statement, column);

    /// <summary>The column's bytes, valid until the next step.</summary>
    public static ReadOnlySpan<byte> Blob(sqlite3_stmt statement, int column)
    {
        if (s_blob == null)
        {
            return raw.sqlite3_column_blob(statement, column);
        }
        var handle = statement.DangerousGetHandle();
        var pointer = s_blob(handle, column);
        return pointer == null ? [] : new ReadOnlySpan<byte>(pointer, s_bytes(handle, column));
    }
}
