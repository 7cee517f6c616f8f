using Coloring.Domain.Data.Postgres;
using Coloring.Domain.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Domain.Data;

/// <summary>Which database this instance uses.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDbContextFactory{ColoringDbContext}"/> and a scoped <see cref="ColoringDbContext"/>:
    /// PostgreSQL when <c>ConnectionStrings:Postgres</c> is set, else the SQLite file from <c>ConnectionStrings:Sqlite</c>
    /// (a relative path is taken from <paramref name="contentRoot"/>).
    /// </summary>
    public static DatabaseProvider AddColoringDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var postgres = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            services.AddDbContextFactory<PostgresColoringDbContext>(o => o.UseNpgsql(postgres));
            services.AddSingleton<IDbContextFactory<ColoringDbContext>, ProviderContextFactory<PostgresColoringDbContext>>();
        }
        else
        {
            var sqlite = SqliteConnectionString(configuration.GetConnectionString("Sqlite"), contentRoot);
            services.AddDbContextFactory<SqliteColoringDbContext>(o => o.UseSqlite(sqlite));
            services.AddSingleton<IDbContextFactory<ColoringDbContext>, ProviderContextFactory<SqliteColoringDbContext>>();
        }

        services.AddScoped<ColoringDbContext>(sp => sp.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContext());
        return string.IsNullOrWhiteSpace(postgres) ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
    }

    /// <summary>Applies pending migrations (creating the SQLite file and folder if needed).</summary>
    public static async Task MigrateColoringDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<ColoringDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            var path = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Readers no longer wait for writers; persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    internal static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=App_Data/coloring.db" : configured);
        if (!Path.IsPathRooted(builder.DataSource) && builder.DataSource != ":memory:")
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }

        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
        return builder.ToString();
    }

    /// <summary>Hands out the provider's derived context as the shared <see cref="ColoringDbContext"/> type.</summary>
    private sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ColoringDbContext>
        where TContext : ColoringDbContext
    {
        public ColoringDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<ColoringDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
