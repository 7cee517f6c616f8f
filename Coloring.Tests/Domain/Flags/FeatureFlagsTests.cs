using System.Threading.Channels;
using Coloring.Domain.Accounts;
using Coloring.Domain.Admin;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Flags;
using Coloring.Domain.Jobs;
using Coloring.Domain.Realtime;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Domain.Flags;

public sealed class FeatureFlagsOnSqliteTests() : FeatureFlagsTests(DatabaseProvider.Sqlite);

public sealed class FeatureFlagsOnPostgresTests() : FeatureFlagsTests(DatabaseProvider.Postgres);

/// <summary>Flags: defaults, changes with their audit entry, live news, and every place that obeys them.</summary>
public abstract class FeatureFlagsTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private FeatureFlags Flags => Get<FeatureFlags>();

    [Fact]
    public async Task WithoutRowsEveryFlagHasItsDefault()
    {
        var flags = await Flags.GetAsync();

        Assert.True(flags.GenerationEnabled);
        Assert.True(flags.SignupEnabled);
        Assert.True(flags.GeminiEnabled);
        Assert.Null(flags.MaintenanceBanner);
        Assert.Equal(FeatureFlags.Known.Select(d => d.Key), flags.States.Select(s => s.Key));
    }

    [Fact]
    public async Task TurningGenerationOffRefusesNewJobsWithTheAdminsMessageAndCostsNothing()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync(3);
        var photo = await Get<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));

        var set = await Flags.SetAsync(admin.Id, FeatureFlags.GenerationEnabled, false, "  Back at 6 pm: we are moving servers.  ");
        var result = await Get<PageStarts>().StartAsync(user.Id, photo.Id, new PageOptions());

        Assert.Equal(AdminOutcome.Done, set.Outcome);
        Assert.Equal((CreateJobOutcome.GenerationPaused, "Back at 6 pm: we are moving servers."), (result.Outcome, result.Message));
        Assert.Equal(3, await Get<CreditLedger>().GetBalanceAsync(user.Id));
        Assert.Equal(0, (await Get<JobService>().ListAsync(user.Id, 0, 10)).Total);
        Assert.Empty(Get<RecordingScheduler>().Scheduled);

        await Flags.SetAsync(admin.Id, FeatureFlags.GenerationEnabled, true, null);
        Assert.Equal(CreateJobOutcome.Created, (await Get<PageStarts>().StartAsync(user.Id, photo.Id, new PageOptions())).Outcome);
    }

    [Fact]
    public async Task GenerationOffWithoutAMessageSaysTheDefault()
    {
        var admin = await Services.AddAdminAsync();

        await Flags.SetAsync(admin.Id, FeatureFlags.GenerationEnabled, false, "   ");

        Assert.Equal(FlagSnapshot.DefaultGenerationPausedMessage, (await Flags.GetAsync()).GenerationPausedMessage);
    }

    [Fact]
    public async Task AChangeIsSavedWithItsAuditEntryAndPublishedToOpenPages()
    {
        var admin = await Services.AddAdminAsync();
        var heard = Channel.CreateUnbounded<FlagSnapshot>();
        using var _ = Flags.Watch(s => heard.Writer.WriteAsync(s).AsTask());
        // A page watching first gets the flags as they are, so a change made before it watched is not missed.
        Assert.Null((await heard.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))).MaintenanceBanner);

        await Flags.SetAsync(admin.Id, FeatureFlags.MaintenanceBanner, true, "Maintenance tonight 22:00-23:00");

        var snapshot = await heard.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(heard.Reader.TryRead(out var _)); // one change, one message
        Assert.Equal("Maintenance tonight 22:00-23:00", snapshot.MaintenanceBanner);
        Assert.Equal(admin.Email, snapshot[FeatureFlags.MaintenanceBanner].UpdatedBy);
        var entry = Assert.Single(await Services.AuditEntriesAsync());
        Assert.Equal(("flag.set", "flag maintenance_banner", admin.Id), (entry.Action, entry.Target, entry.ActorId));
        Assert.Equal("off → on (\"Maintenance tonight 22:00-23:00\")", entry.Details);
    }

    [Fact]
    public async Task AnotherInstanceTakesTheChangeFromTheMessageWithoutWaitingForItsRefresh()
    {
        var admin = await Services.AddAdminAsync();
        // A second instance: its own flags service over the same database and live-update hub.
        using var other = new FeatureFlags(Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Coloring.Domain.Data.ColoringDbContext>>(), Get<AdminActions>(), Get<ILiveUpdates>(), Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<FeatureFlags>.Instance);
        Assert.True((await other.GetAsync()).SignupEnabled);

        await Flags.SetAsync(admin.Id, FeatureFlags.SignupEnabled, false, null);

        Assert.False((await other.GetAsync()).SignupEnabled);
    }

    [Fact]
    public async Task ASnapshotIsReadAgainAfterItsRefreshTimeEvenWithoutAMessage()
    {
        var admin = await Services.AddAdminAsync();
        var deaf = new DeafLiveUpdates();
        using var other = new FeatureFlags(Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Coloring.Domain.Data.ColoringDbContext>>(), Get<AdminActions>(), deaf, Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<FeatureFlags>.Instance);
        Assert.True((await other.GetAsync()).GenerationEnabled);

        await Flags.SetAsync(admin.Id, FeatureFlags.GenerationEnabled, false, null);
        Assert.True((await other.GetAsync()).GenerationEnabled);
        Clock.Advance(FeatureFlags.RefreshAfter);

        Assert.False((await other.GetAsync()).GenerationEnabled);
    }

    [Fact]
    public async Task SignupOffCreatesNoAccountForAnUnknownAddressButKnownUsersStillSignIn()
    {
        var admin = await Services.AddAdminAsync();
        var known = await Services.AddUserWithCreditsAsync(3);
        await Flags.SetAsync(admin.Id, FeatureFlags.SignupEnabled, false, null);
        var signupOpen = (await Flags.GetAsync()).SignupEnabled;
        using var scope = Services.CreateScope();
        var provisioner = ActivatorUtilities.CreateInstance<AccountProvisioner>(scope.ServiceProvider);

        var stranger = await provisioner.FindOrCreateAsync("new-person@example.com", signupOpen);
        var existing = await provisioner.FindOrCreateAsync(known.Email!, signupOpen);

        Assert.False(signupOpen);
        Assert.Equal((null, SignInRefusal.SignupClosed), (stranger.User, stranger.Refusal));
        Assert.Equal(known.Id, existing.User!.Id);
        Assert.Equal(0, (await Get<AdminUsers>().SearchAsync("new-person", 0, 10)).Total);
    }

    [Fact]
    public async Task GeminiOffMakesEveryPageWithTheLocalEngine()
    {
        var admin = await Services.AddAdminAsync();
        var generators = Get<PageGenerators>();
        var gemini = new NamedGenerator("gemini");
        var withGemini = new PageGenerators([gemini, generators.Default], (LocalPageGenerator)generators.Default);

        Assert.Same(gemini, withGemini.ForJob("gemini", await Flags.GetAsync()));
        await Flags.SetAsync(admin.Id, FeatureFlags.GeminiEnabled, false, "ignored: this flag has no message");

        Assert.Same(generators.Default, withGemini.ForJob("gemini", await Flags.GetAsync()));
        Assert.Same(generators.Default, withGemini.ForJob("unknown", await Flags.GetAsync()));
        Assert.Null((await Flags.GetAsync())[FeatureFlags.GeminiEnabled].Message);
    }

    [Theory]
    [InlineData("no_such_flag")]
    [InlineData("")]
    [InlineData("GENERATION_ENABLED")]
    [InlineData("generation_enabled'; --")]
    public async Task AnUnknownFlagIsNotFound(string key)
    {
        var admin = await Services.AddAdminAsync();

        var result = await Flags.SetAsync(admin.Id, key, false, null);

        Assert.Equal(AdminOutcome.NotFound, result.Outcome);
        Assert.Empty(await Services.AuditEntriesAsync());
    }

    [Fact]
    public async Task ANormalUserCannotSetAFlag()
    {
        var user = await Services.AddUserWithCreditsAsync(3);

        var result = await Flags.SetAsync(user.Id, FeatureFlags.GenerationEnabled, false, "mine now");

        Assert.Equal(AdminOutcome.NotFound, result.Outcome);
        Assert.True((await Flags.GetAsync()).GenerationEnabled);
    }

    [Fact]
    public async Task TheBannerNeedsItsTextAndMessagesHaveALimit()
    {
        var admin = await Services.AddAdminAsync();

        var empty = await Flags.SetAsync(admin.Id, FeatureFlags.MaintenanceBanner, true, " ");
        var huge = await Flags.SetAsync(admin.Id, FeatureFlags.GenerationEnabled, false, new string('x', FeatureFlags.MaxMessageLength + 1));
        var hostile = await Flags.SetAsync(admin.Id, FeatureFlags.MaintenanceBanner, true, "<script>alert(1)</script>");

        Assert.Equal((AdminOutcome.Invalid, AdminOutcome.Invalid, AdminOutcome.Done), (empty.Outcome, huge.Outcome, hostile.Outcome));
        var flags = await Flags.GetAsync();
        Assert.True(flags.GenerationEnabled);
        Assert.Equal("<script>alert(1)</script>", flags.MaintenanceBanner); // stored as text; Razor encodes it when shown
    }

    [Fact]
    public async Task TwoAdminsSettingTheSameFlagAtOnceLeaveOneValueAndAnEntryPerSavedChange()
    {
        var first = await Services.AddAdminAsync();
        var second = await Services.AddAdminAsync();

        var results = await Task.WhenAll(
            Task.Run(() => Flags.SetAsync(first.Id, FeatureFlags.GenerationEnabled, false, "first")),
            Task.Run(() => Flags.SetAsync(second.Id, FeatureFlags.GenerationEnabled, false, "second")));

        var saved = results.Count(r => r.Outcome == AdminOutcome.Done);
        Assert.True(saved >= 1);
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { AdminOutcome.Done, AdminOutcome.Conflict }));
        Assert.Equal(saved, (await Services.AuditEntriesAsync()).Count);
        Assert.Contains((await Flags.GetAsync()).GenerationPausedMessage, new[] { "first", "second" });
    }

    private sealed class NamedGenerator(string name) : IPageGenerator
    {
        public string Name => name;

        public Task<ColoringPage> GenerateAsync(ReadOnlyMemory<byte> photo, PageOptions options, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Only chosen, never run, in these tests.");
    }

    /// <summary>A hub that never delivers: an instance whose messages were lost.</summary>
    private sealed class DeafLiveUpdates : ILiveUpdates
    {
        public Task PublishAsync(string topic, string message) => Task.CompletedTask;

        public IDisposable Subscribe(string topic, Func<string, Task> handler) => new Nothing();

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
