using Coloring.Domain.Data;

namespace Coloring.Tests.Domain.Data;

public sealed class PagingTests
{
    [Theory]
    [InlineData(-5, 20, 0, 20)]
    [InlineData(2, 0, 2, 1)]
    [InlineData(2, -3, 2, 1)]
    [InlineData(1, 5000, 1, Paging.MaxPageSize)]
    [InlineData(3, 25, 3, 25)]
    public void WhateverIsAskedForComesWithinBounds(int page, int pageSize, int expectedPage, int expectedSize)
    {
        var paging = new Paging(page, pageSize);

        Assert.Equal((expectedPage, expectedSize), (paging.Page, paging.PageSize));
        Assert.Equal(expectedPage * expectedSize, paging.Skip);
    }

    [Fact]
    public void APageFarPastTheEndSkipsEverythingInsteadOfOverflowing()
    {
        Assert.Equal(int.MaxValue, new Paging(int.MaxValue, 100).Skip);
    }
}
