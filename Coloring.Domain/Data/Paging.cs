namespace Coloring.Domain.Data;

/// <summary>
/// One page of a list, as every paged query in Coloring reads it: pages count from 0 and hold 1 to
/// <see cref="MaxPageSize"/> rows. Whatever a caller asks for is brought within those bounds.
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
