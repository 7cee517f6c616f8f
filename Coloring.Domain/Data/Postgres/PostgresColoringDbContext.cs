using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Coloring.Domain.Data.Postgres;

/// <summary>The database for several instances. Owns the PostgreSQL migration set.</summary>
public sealed class PostgresColoringDbContext(DbContextOptions<PostgresColoringDbContext> options) : ColoringDbContext(options);

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL model without a server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresColoringDbContext>
{
    public PostgresColoringDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresColoringDbContext>().UseNpgsql("Host=localhost;Database=coloring_design").Options);
}
