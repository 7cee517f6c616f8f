using Coloring.Domain.Data;
using Coloring.Domain.Data.Postgres;
using Coloring.Domain.Data.Sqlite;
using Coloring.Domain.Jobs;
using Coloring.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Coloring.Tests.Support;

/// <summary>
/// Base for tests that run once per database provider: each test gets a fresh, migrated database and
/// domain services with a fake clock. Subclass it once per provider.
/// </summary>
public abstract class DatabaseTest(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private ServiceProvider? _services;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialised.");

    protected TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    protected T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Changes to the services a test class needs (another file store, say); called last.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _services = await _database.CreateServicesAsync(Clock, services =>
        {
            services.AddSingleton<RecordingScheduler>();
            services.AddSingleton<IJobScheduler>(sp => sp.GetRequiredService<RecordingScheduler>());
            services.AddSingleton<FlakyGenerator>();
            services.AddSingleton<CrashPoint>();
            services.ConfigureDbContext<SqliteColoringDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<CrashPoint>()), ServiceLifetime.Singleton);
            services.ConfigureDbContext<PostgresColoringDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<CrashPoint>()), ServiceLifetime.Singleton);
            // First, so the local engine stays the one resolved as plain IPageGenerator.
            services.Insert(0, ServiceDescriptor.Singleton<IPageGenerator>(sp => sp.GetRequiredService<FlakyGenerator>()));
            ConfigureServices(services);
        });
    }

    public virtual async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
