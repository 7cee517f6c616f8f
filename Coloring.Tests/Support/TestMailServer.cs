using System.Buffers;
using System.Net;
using System.Text.RegularExpressions;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Coloring.Tests.Support;

/// <summary>A message the app sent to one recipient, as their mail program would see it.</summary>
public sealed partial record CapturedEmail(string To, string From, string Subject, string TextBody, string HtmlBody)
{
    /// <summary>The body's MIME type, such as <c>multipart/alternative</c> for a message with a text and an HTML part.</summary>
    public string BodyType { get; init; } = "";
    /// <summary>The attached files, as (name, content type, bytes).</summary>
    public IReadOnlyList<(string Name, string ContentType, byte[] Content)> Attachments { get; init; } = [];

    /// <summary>The one sign-in link in the plain-text body; none, or more than one, is an error.</summary>
    public string SignInLink =>
        SignInLinkPattern().Matches(TextBody) is { Count: 1 } links ? links[0].Value
            : throw new InvalidOperationException($"Not exactly one sign-in link in the e-mail to {To}:\n{TextBody}");

    [GeneratedRegex(@"https?://\S+/account/magic\?token=[A-Za-z0-9_-]+")]
    private static partial Regex SignInLinkPattern();
}

/// <summary>
/// A real SMTP server on a free loopback port that keeps every message it receives, so tests read sign-in
/// links from real e-mails sent through the app's real SMTP transport. One source file, compiled into both
/// Coloring.Tests and Coloring.E2E.
/// </summary>
public sealed class TestMailServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<CapturedEmail> _messages = [];
    private readonly List<(Func<CapturedEmail, bool> Match, TaskCompletionSource<CapturedEmail> Done)> _waiters = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public TestMailServer()
    {
        Port = FreePort.Next();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>Every message kept so far (less those forgotten), oldest first.</summary>
    public IReadOnlyList<CapturedEmail> Messages
    {
        get { lock (_gate) { return [.. _messages]; } }
    }

    /// <summary>Waits (without polling) for the first kept message to <paramref name="address"/>, including one that already came.</summary>
    public Task<CapturedEmail> WaitForMessageToAsync(string address, TimeSpan? timeout = null) =>
        WaitForAsync(m => string.Equals(m.To, address, StringComparison.OrdinalIgnoreCase), $"an e-mail to {address}", timeout);

    /// <summary>All kept messages to <paramref name="address"/>, oldest first.</summary>
    public IReadOnlyList<CapturedEmail> MessagesTo(string address) =>
        Messages.Where(m => string.Equals(m.To, address, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Waits for the first kept message that <paramref name="match"/> accepts; <paramref name="what"/> names it in the timeout's message.</summary>
    public async Task<CapturedEmail> WaitForAsync(Func<CapturedEmail, bool> match, string what, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<CapturedEmail>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var already = _messages.FirstOrDefault(match);
            if (already is not null)
            {
                return already;
            }

            _waiters.Add((match, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No {what} arrived. Received: {string.Join(", ", Messages.Select(m => m.To))}");
        }
        finally
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }
        }
    }

    /// <summary>Drops a handled message, so the next wait for the same address finds only a newer one.</summary>
    public void Forget(CapturedEmail message)
    {
        lock (_gate)
        {
            _messages.RemoveAll(m => ReferenceEquals(m, message));
        }
    }

    private void Add(CapturedEmail message)
    {
        List<TaskCompletionSource<CapturedEmail>> wake;
        lock (_gate)
        {
            _messages.Add(message);
            wake = _waiters.Where(w => w.Match(message)).Select(w => w.Done).ToList();
        }

        foreach (var done in wake)
        {
            done.TrySetResult(message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(TestMailServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            foreach (var to in message.To.Mailboxes)
            {
                owner.Add(new CapturedEmail(to.Address, message.From.ToString(), message.Subject ?? "", message.TextBody ?? "", message.HtmlBody ?? "")
                {
                    BodyType = message.Body?.ContentType.MimeType ?? "",
                    Attachments = message.Attachments.OfType<MimePart>().Select(a =>
                    {
                        using var content = new MemoryStream();
                        a.Content?.DecodeTo(content);
                        return (a.FileName ?? "", a.ContentType.MimeType, content.ToArray());
                    }).ToList(),
                });
            }

            return SmtpResponse.Ok;
        }
    }
}
