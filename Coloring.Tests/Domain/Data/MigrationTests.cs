using Coloring.Domain.Data;
using Coloring.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Tests.Domain.Data;

public sealed class MigrationsOnSqliteTests() : MigrationTests(DatabaseProvider.Sqlite);

public sealed class MigrationsOnPostgresTests() : MigrationTests(DatabaseProvider.Postgres);

public abstract class MigrationTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    [Fact]
    public async Task TheMigrationSetMatchesTheModel()
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();

        Assert.False(db.Database.HasPendingModelChanges(), $"The {Database.Provider} migrations lag behind the model: add a migration (see ColoringDbContext's remarks).");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task MigratingTwiceIsHarmless()
    {
        await Services.MigrateColoringDatabaseAsync();

        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        Assert.True(await db.Roles.AnyAsync(r => r.Name == "Admin"));
    }
}
