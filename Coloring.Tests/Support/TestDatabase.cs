using Coloring.Domain;
using Coloring.Domain.Accounts;
using Coloring.Domain.Data;
using Coloring.Domain.RateLimits;
using Coloring.Domain.Realtime;
using Coloring.Web.RateLimits;
using Coloring.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Coloring.Tests.Support;

/// <summary>
/// A fresh, migrated database for one test: a temporary SQLite file, or a new database on the
/// PostgreSQL server that <c>./test.sh</c> starts (its address is in <c>COLORING_TEST_POSTGRES</c>).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqlitePath;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqlitePath, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqlitePath = sqlitePath;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>A file store folder of this test's own.</summary>
    public string StorageRoot { get; } = Path.Combine(Path.GetTempPath(), $"coloring-files-{Guid.NewGuid():N}");

    /// <summary>The configuration key an app reads this database from.</summary>
    public string ConfigurationKey => Provider == DatabaseProvider.Postgres ? "ConnectionStrings:Postgres" : "ConnectionStrings:Sqlite";

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("COLORING_TEST_POSTGRES")
        ?? throw new InvalidOperationException("COLORING_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts PostgreSQL.");

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var id = Guid.NewGuid().ToString("N")[..16];
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), $"coloring-test-{id}.db");
            return new TestDatabase(provider, $"Data Source={path}", path, null);
        }

        var name = $"coloring_test_{id}";
        await using (var admin = new NpgsqlConnection(PostgresServer))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new TestDatabase(provider, new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ConnectionString, null, name);
    }

    /// <summary>Domain services (ledger, links, Identity stores) over this database, migrated, with the given clock.</summary>
    public async Task<ServiceProvider> CreateServicesAsync(TimeProvider? clock = null, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ConfigurationKey] = ConnectionString, ["Storage:Root"] = StorageRoot })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddColoringDatabase(configuration, Path.GetTempPath());
        services.AddColoringDomain(configuration, Path.GetTempPath());
        services.RemoveAll<TimeProvider>();
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddSingleton<InProcessLiveUpdates>();
        services.AddSingleton<ILiveUpdates>(sp => sp.GetRequiredService<InProcessLiveUpdates>());
        // The real limiter, counting in memory, with limits no ordinary test reaches; a test of a limit sets its own.
        services.AddOptions<RateLimitOptions>().Configure(o =>
        {
            foreach (var limit in new[] { o.Uploads, o.Generations, o.SignInLinks, o.SignInLinksPerAddressAndNetwork, o.SignInLinksPerAddress, o.PdfExports })
            {
                limit.PermitLimit = 100_000;
            }
        });
        services.AddSingleton<MemoryWindows>();
        services.AddSingleton<ActionLimiter>();
        services.AddSingleton<IActionLimits>(sp => sp.GetRequiredService<ActionLimiter>());
        services.AddSingleton<SentSignInLinks>();
        services.AddSingleton<ISignInLinkMailer>(sp => sp.GetRequiredService<SentSignInLinks>());
        services.AddIdentityCore<ColoringUser>(o => o.User.AllowedUserNameCharacters = "")
            .AddRoles<Microsoft.AspNetCore.Identity.IdentityRole<Guid>>()
            .AddEntityFrameworkStores<ColoringDbContext>();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await provider.MigrateColoringDatabaseAsync();
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        if (Directory.Exists(StorageRoot))
        {
            Directory.Delete(StorageRoot, recursive: true);
        }

        if (_sqlitePath is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _sqlitePath, _sqlitePath + "-wal", _sqlitePath + "-shm" })
            {
                File.Delete(file);
            }
        }

        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresServer);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>Rows tests need, written straight to the database.</summary>
public static class TestData
{
    public static async Task<ColoringUser> AddUserAsync(this IServiceProvider services, string? email = null)
    {
        email ??= $"user-{Guid.NewGuid():N}@example.com";
        var factory = services.GetRequiredService<IDbContextFactory<ColoringDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var user = new ColoringUser
        {
            Id = Guid.CreateVersion7(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            DisplayName = email[..email.IndexOf('@')],
            SecurityStamp = Guid.NewGuid().ToString(),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }
}
