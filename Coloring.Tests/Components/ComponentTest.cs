using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Coloring.Domain;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Realtime;
using Coloring.Web.Storage;
using Microsoft.AspNetCore.DataProtection;
using Coloring.Tests.Support;
using Coloring.Web.Realtime;
using Coloring.Web.RateLimits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace Coloring.Tests.Components;

/// <summary>
/// bUnit with MudBlazor and the real domain services over a fresh SQLite database; a signed-in user
/// with an id claim, as the app's cookie gives.
/// </summary>
public abstract class ComponentTest : BunitContext, IAsyncLifetime
{
    private TestDatabase? _database;
    private BunitAuthorizationContext? _authorization;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    protected IServiceProvider App => Services;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [_database.ConfigurationKey] = _database.ConnectionString, ["Storage:Root"] = _database.StorageRoot })
            .Build();
        JSInterop.Mode = JSRuntimeMode.Loose;
        _authorization = AddAuthorization();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddColoringDatabase(configuration, Path.GetTempPath());
        Services.AddColoringDomain(configuration, Path.GetTempPath());
        Services.RemoveAll<TimeProvider>();
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton<InProcessLiveUpdates>();
        Services.AddSingleton<ILiveUpdates>(sp => sp.GetRequiredService<InProcessLiveUpdates>());
        Services.AddSingleton<RecordingScheduler>();
        Services.AddSingleton<IJobScheduler>(sp => sp.GetRequiredService<RecordingScheduler>());
        Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Services.AddSingleton<FileLinks>();
        Services.AddOptions<RateLimitOptions>();
        Services.AddSingleton<MemoryWindows>();
        Services.AddSingleton<ActionLimiter>();
        Services.AddSingleton<Coloring.Domain.RateLimits.IActionLimits>(sp => sp.GetRequiredService<ActionLimiter>());
        Services.AddSingleton<Microsoft.AspNetCore.Components.Forms.AntiforgeryStateProvider>(new FixedAntiforgery());
        await Services.MigrateColoringDatabaseAsync();
    }

    /// <summary>Signs <paramref name="userId"/> in for the components rendered next.</summary>
    protected void SignIn(Guid userId, string email)
    {
        _authorization!.SetAuthorized(email);
        _authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId.ToString()));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>The antiforgery token a page would carry; components that post ordinary forms read it.</summary>
public sealed class FixedAntiforgery : Microsoft.AspNetCore.Components.Forms.AntiforgeryStateProvider
{
    public const string Token = "the-token";

    public override Microsoft.AspNetCore.Components.Forms.AntiforgeryRequestToken? GetAntiforgeryToken() => new(Token, "__RequestVerificationToken");
}
