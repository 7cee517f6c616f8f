using System.Threading.Channels;

namespace Coloring.Web.Email;

/// <summary>
/// Messages wait here and a background sender delivers them. Requests never wait on SMTP, which also
/// keeps the sign-in answer's timing the same for known and unknown addresses.
/// </summary>
public sealed class EmailOutbox
{
    private readonly Channel<OutgoingEmail> _queue = Channel.CreateBounded<OutgoingEmail>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Queues the message; false when the outbox is full (the message is dropped and logged by the caller).</summary>
    public bool TryEnqueue(OutgoingEmail email) => _queue.Writer.TryWrite(email);

    internal ChannelReader<OutgoingEmail> Reader => _queue.Reader;
}

/// <summary>Delivers queued messages, retrying a few times with a growing pause.</summary>
internal sealed class EmailSender(EmailOutbox outbox, IMailTransport transport, ILogger<EmailSender> logger) : BackgroundService
{
    private static readonly TimeSpan[] Pauses = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var email in outbox.Reader.ReadAllAsync(stoppingToken))
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await transport.SendAsync(email, stoppingToken);
                    logger.LogInformation("Sent '{Subject}' e-mail", email.Subject);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException && attempt < Pauses.Length)
                {
                    logger.LogWarning(ex, "Sending '{Subject}' failed (attempt {Attempt}); trying again", email.Subject, attempt + 1);
                    await Task.Delay(Pauses[attempt], stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Gave up sending '{Subject}'", email.Subject);
                    break;
                }
            }
        }
    }
}
