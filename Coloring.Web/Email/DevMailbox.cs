using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Coloring.Web.Email;

/// <summary>A message kept in the development mailbox.</summary>
public sealed record MailboxMessage(string Id, DateTimeOffset ReceivedAt, string To, string Subject, string TextBody, IReadOnlyList<string> Links);

/// <summary>
/// Development only: keeps messages as JSON files instead of sending them, so a newcomer can sign in
/// without an SMTP server. Listed at <c>/dev/mailbox</c>.
/// </summary>
public sealed class DevMailbox(IOptions<EmailOptions> options, IHostEnvironment environment, TimeProvider clock) : IMailTransport
{
    private readonly string _folder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.MailboxFolder));

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder);
        var now = clock.GetUtcNow();
        var id = $"{now:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}";
        var links = Links(email.TextBody);
        var message = new MailboxMessage(id, now, email.To, email.Subject, email.TextBody, links);
        await File.WriteAllTextAsync(Path.Combine(_folder, id + ".json"), JsonSerializer.Serialize(message), cancellationToken);
    }

    /// <summary>The newest messages first.</summary>
    public IReadOnlyList<MailboxMessage> List(int max = 50)
    {
        if (!Directory.Exists(_folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(_folder, "*.json")
            .OrderDescending(StringComparer.Ordinal)
            .Take(max)
            .Select(f => JsonSerializer.Deserialize<MailboxMessage>(File.ReadAllText(f))!)
            .ToList();
    }

    private static List<string> Links(string text) =>
        text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.StartsWith("http://", StringComparison.Ordinal) || w.StartsWith("https://", StringComparison.Ordinal))
            .ToList();
}
