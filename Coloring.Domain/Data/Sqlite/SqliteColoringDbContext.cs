using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Coloring.Domain.Data.Sqlite;

/// <summary>The embedded, one-machine database. Owns the SQLite migration set.</summary>
public sealed class SqliteColoringDbContext(DbContextOptions<SqliteColoringDbContext> options) : ColoringDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or sort DateTimeOffset text; a binary (ticks + offset) long sorts correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without starting the web app.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteColoringDbContext>
{
    public SqliteColoringDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteColoringDbContext>().UseSqlite("Data Source=design.db").Options);
}
