using OneWindow.Common;
namespace OneWindow.Server.Infrastructure;

/// <summary>One page of a longer list, with the total so clients can page on.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>The bounds every paged endpoint applies: page 1 to 10,000, page size 1 to 200.</summary>
public static class Paging
{
    public const int MaxPage = 10_000;
    public const int MaxPageSize = 200;

    /// <summary>Adds field errors for out-of-range paging parameters.</summary>
    public static void Check(OneWindow.Common.FieldErrors errors, int page, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (page is < 1 or > MaxPage)
        {
            errors.Add("page", Texts.T("must be between 1 and {0}", MaxPage));
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", Texts.T("must be between 1 and {0}", MaxPageSize));
        }
    }
}
