using Microsoft.EntityFrameworkCore;

namespace Coloring.Domain.Data;

/// <summary>
/// Which part of a list to read, as every paged query in Coloring reads it: pages count from 0 here (the API
/// counts from 1 and subtracts one) and hold 1 to <see cref="MaxPageSize"/> rows. Whatever a caller asks for is
/// brought within those bounds.
/// </summary>
public readonly record struct Paging
{
    public const int MaxPageSize = 100;

    public Paging(int page, int pageSize)
    {
        Page = Math.Max(0, page);
        PageSize = Math.Clamp(pageSize, 1, MaxPageSize);
    }

    public int Page { get; }

    public int PageSize { get; }

    /// <summary>Rows before this page; a page far past the end skips everything rather than overflowing.</summary>
    public int Skip => (int)Math.Min((long)Page * PageSize, int.MaxValue);
}

/// <summary>The rows of one <see cref="Paging"/> of a list, and how many rows the whole list has.</summary>
public sealed record Slice<T>(int Total, IReadOnlyList<T> Items);

public static class SliceExtensions
{
    /// <summary>Counts <paramref name="ordered"/> and reads the rows <paramref name="paging"/> asks for; the one paged read in Coloring.</summary>
    public static Task<Slice<T>> SliceAsync<T>(this IOrderedQueryable<T> ordered, Paging paging, CancellationToken cancellationToken = default) =>
        ordered.SliceAsync(paging, rows => rows, cancellationToken);

    /// <summary>As <see cref="SliceAsync{T}(IOrderedQueryable{T}, Paging, CancellationToken)"/>, reading each row of the slice through <paramref name="project"/> (in the query).</summary>
    public static async Task<Slice<TOut>> SliceAsync<T, TOut>(this IOrderedQueryable<T> ordered, Paging paging, Func<IQueryable<T>, IQueryable<TOut>> project, CancellationToken cancellationToken = default)
    {
        var total = await ordered.CountAsync(cancellationToken);
        var items = await project(ordered.Skip(paging.Skip).Take(paging.PageSize)).ToListAsync(cancellationToken);
        return new Slice<TOut>(total, items);
    }

    /// <summary>The same slice with every row turned into another shape (after the query, in memory).</summary>
    public static Slice<TOut> Select<T, TOut>(this Slice<T> slice, Func<T, TOut> map) => new(slice.Total, slice.Items.Select(map).ToList());
}
