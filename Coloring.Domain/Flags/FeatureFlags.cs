using System.Text.Json;
using Coloring.Domain.Admin;
using Coloring.Domain.Data;
using Coloring.Domain.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Coloring.Domain.Flags;

/// <summary>A flag the product knows: its key, default, and what it does, in words an operator reads.</summary>
/// <param name="Key">The stored key.</param>
/// <param name="Name">A short title for the flags table.</param>
/// <param name="DefaultEnabled">The value while no admin has set it.</param>
/// <param name="Effect">One line on what turning it on or off does.</param>
/// <param name="MessageLabel">What the message is for, or null when the flag has none.</param>
/// <param name="MessageRequiredWhenOn">True when the flag means nothing on without a message (the banner's text).</param>
public sealed record FlagDefinition(string Key, string Name, bool DefaultEnabled, string Effect, string? MessageLabel, bool MessageRequiredWhenOn = false);

/// <summary>One flag's current value.</summary>
public sealed record FlagState(string Key, bool Enabled, string? Message, DateTimeOffset? UpdatedAt, string? UpdatedBy);

/// <summary>All flags at one moment, with typed answers for the places that obey them.</summary>
public sealed class FlagSnapshot
{
    /// <summary>Said when generation is off and the admin left no message.</summary>
    public const string DefaultGenerationPausedMessage = "Making new pages is paused for a little while. Please try again later.";

    public FlagSnapshot(IEnumerable<FlagState> states)
    {
        var byKey = states.ToDictionary(s => s.Key, StringComparer.Ordinal);
        States = FeatureFlags.Known
            .Select(d => byKey.TryGetValue(d.Key, out var s) ? s : new FlagState(d.Key, d.DefaultEnabled, null, null, null))
            .ToList();
    }

    /// <summary>Every known flag, in the order of <see cref="FeatureFlags.Known"/>.</summary>
    public IReadOnlyList<FlagState> States { get; }

    public FlagState this[string key] => States.First(s => s.Key == key);

    public bool GenerationEnabled => this[FeatureFlags.GenerationEnabled].Enabled;

    /// <summary>What the Create page and the API say while generation is off.</summary>
    public string GenerationPausedMessage =>
        string.IsNullOrWhiteSpace(this[FeatureFlags.GenerationEnabled].Message) ? DefaultGenerationPausedMessage : this[FeatureFlags.GenerationEnabled].Message!;

    public bool SignupEnabled => this[FeatureFlags.SignupEnabled].Enabled;

    public bool GeminiEnabled => this[FeatureFlags.GeminiEnabled].Enabled;

    /// <summary>The banner shown on every page, or null when there is none.</summary>
    public string? MaintenanceBanner =>
        this[FeatureFlags.MaintenanceBanner] is { Enabled: true, Message: { } text } && !string.IsNullOrWhiteSpace(text) ? text : null;

    internal string ToJson() => JsonSerializer.Serialize(States);

    internal static FlagSnapshot? FromJson(string message)
    {
        try
        {
            return JsonSerializer.Deserialize<List<FlagState>>(message) is { } states ? new FlagSnapshot(states) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The run-time switches. Reads come from an in-memory snapshot; a change is saved with its audit entry in
/// one transaction, then published on <see cref="LiveTopics.Flags"/> so every instance and every open page
/// takes it at once. The snapshot is also re-read every <see cref="RefreshAfter"/>, in case a message was lost.
/// </summary>
public sealed class FeatureFlags : IDisposable
{
    public const string GenerationEnabled = "generation_enabled";
    public const string SignupEnabled = "signup_enabled";
    public const string GeminiEnabled = "gemini_enabled";
    public const string MaintenanceBanner = "maintenance_banner";

    /// <summary>The longest message an admin may write (the column's size).</summary>
    public const int MaxMessageLength = 500;

    /// <summary>How long a snapshot is trusted without a message before it is read again.</summary>
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(30);

    /// <summary>Every flag the product obeys; other keys are refused.</summary>
    public static readonly IReadOnlyList<FlagDefinition> Known =
    [
        new(GenerationEnabled, "Making pages", true,
            "Off: the Generate button is disabled with your message and no new page can be started (queued pages still finish).",
            "Message shown while off"),
        new(SignupEnabled, "New accounts", true,
            "Off: sign-in links for unknown addresses create no account; existing users still sign in.", null),
        new(GeminiEnabled, "Gemini image service", true,
            "Off: every page is made by the built-in engine even when a Gemini key is configured.", null),
        new(MaintenanceBanner, "Maintenance banner", false,
            "On: your text is shown at the top of every page.", "Banner text", MessageRequiredWhenOn: true),
    ];

    private readonly IDbContextFactory<ColoringDbContext> _dbFactory;
    private readonly AdminActions _actions;
    private readonly ILiveUpdates _live;
    private readonly TimeProvider _clock;
    private readonly ILogger<FeatureFlags> _logger;
    private readonly IDisposable _subscription;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Loaded? _current;

    public FeatureFlags(IDbContextFactory<ColoringDbContext> dbFactory, AdminActions actions, ILiveUpdates live, TimeProvider clock, ILogger<FeatureFlags> logger)
    {
        (_dbFactory, _actions, _live, _clock, _logger) = (dbFactory, actions, live, clock, logger);
        _subscription = live.Subscribe(LiveTopics.Flags, message =>
        {
            if (FlagSnapshot.FromJson(message) is { } snapshot)
            {
                _current = new Loaded(snapshot, _clock.GetUtcNow());
            }

            return Task.CompletedTask;
        });
    }

    public static FlagDefinition? Find(string key) => Known.FirstOrDefault(d => d.Key == key);

    /// <summary>The flags now.</summary>
    public async ValueTask<FlagSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var current = _current;
        if (current is not null && _clock.GetUtcNow() - current.At < RefreshAfter)
        {
            return current.Snapshot;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            if (current is not null && _clock.GetUtcNow() - current.At < RefreshAfter)
            {
                return current.Snapshot;
            }

            return await LoadAsync(cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>
    /// Calls <paramref name="handler"/> with the flags as they are once subscribed, and again whenever an admin changes
    /// one, on any instance, until disposed (see <see cref="LiveUpdatesExtensions.Watch"/>).
    /// </summary>
    public IDisposable Watch(Func<FlagSnapshot, Task> handler) =>
        _live.Watch(LiveTopics.Flags, async message =>
            await handler((message is null ? null : FlagSnapshot.FromJson(message)) ?? await GetAsync()), _logger);

    /// <summary>
    /// Sets a flag for <paramref name="actorId"/>, who must be an admin. The flag row and its audit entry are
    /// written in one transaction; then every instance and open page hears of it.
    /// </summary>
    public async Task<AdminResult> SetAsync(Guid actorId, string key, bool enabled, string? message, CancellationToken cancellationToken = default)
    {
        var definition = Find(key ?? "");
        message = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        if (message is not null && message.Length > MaxMessageLength)
        {
            return AdminResult.Invalid($"The message can be at most {MaxMessageLength} characters.");
        }

        if (definition is not null && definition.MessageRequiredWhenOn && enabled && message is null)
        {
            return AdminResult.Invalid("Write the text to show before turning this on.");
        }

        return await _actions.RunAsync(actorId, async (admin, ct) =>
        {
            if (definition is null)
            {
                return AdminResult.NotFound();
            }

            var text = definition.MessageLabel is null ? null : message;
            var row = await admin.Db.FeatureFlags.FirstOrDefaultAsync(f => f.Key == definition.Key, ct);
            var before = row is null ? Describe(definition.DefaultEnabled, null) : Describe(row.Enabled, row.Message);
            if (row is null)
            {
                row = new FeatureFlag { Key = definition.Key };
                admin.Db.FeatureFlags.Add(row);
            }

            row.Enabled = enabled;
            row.Message = text;
            row.UpdatedAt = admin.Now;
            row.UpdatedBy = admin.Actor.Email;
            return AdminChange.Made(new AuditNote("flag.set", Target: $"flag {definition.Key}", Details: $"{before} → {Describe(enabled, text)}"),
                afterCommit: async after => await _live.PublishAsync(LiveTopics.Flags, (await LoadAsync(after)).ToJson()));
        },
        onConflict: _ => Task.FromResult(AdminResult.Conflict("Another admin changed this flag at the same moment. Look again and retry.")),
        cancellationToken);
    }

    private async Task<FlagSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.FeatureFlags.AsNoTracking().ToListAsync(cancellationToken);
        var snapshot = new FlagSnapshot(rows.Select(r => new FlagState(r.Key, r.Enabled, r.Message, r.UpdatedAt, r.UpdatedBy)));
        _current = new Loaded(snapshot, _clock.GetUtcNow());
        return snapshot;
    }

    private static string Describe(bool enabled, string? message) =>
        (enabled ? "on" : "off") + (message is null ? "" : $" (\"{(message.Length > 120 ? message[..120] + "…" : message)}\")");

    public void Dispose()
    {
        _subscription.Dispose();
        _loading.Dispose();
    }

    private sealed record Loaded(FlagSnapshot Snapshot, DateTimeOffset At);
}
