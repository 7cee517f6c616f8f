using Coloring.Domain.Data;

namespace Coloring.Tests.Support;

/// <summary>
/// Base for tests that start the app themselves, each test with its own environment and settings (start-up checks,
/// headers, proxies), over one fresh SQLite database, with no mail server and the real clock.
/// </summary>
public abstract class StartedAppTest : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

    public async Task DisposeAsync() => await Database.DisposeAsync();

    protected ColoringAppFactory StartApp(IReadOnlyDictionary<string, string?>? settings = null, string environment = "Testing") =>
        new(Database, null, TimeProvider.System, environment, settings);
}
