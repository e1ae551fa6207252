namespace OneWindow.Server.Infrastructure;

/// <summary>One page of a longer list, with the total so clients can page on.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
