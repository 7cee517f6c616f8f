using Coloring.Domain.Data;
using MudBlazor;

namespace Coloring.Web.Components.Shared;

public static class SliceTables
{
    /// <summary>A slice of a list as a MudTable's server data (MudBlazor counts its pages from 0, as <see cref="Paging"/> does).</summary>
    public static TableData<T> ToTableData<T>(this Slice<T> slice) => new() { Items = slice.Items, TotalItems = slice.Total };
}
