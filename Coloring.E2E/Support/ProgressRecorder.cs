using Microsoft.Playwright;

namespace Coloring.E2E.Support;

/// <summary>
/// Notes every state the job page's progress card shows (stage and percentage), as it happens, in the
/// browser itself: the page updates live over the circuit, faster than a test could poll for it.
/// </summary>
public static class ProgressRecorder
{
    private const string Script = """
        (() => {
            window.__progress = [];
            window.__pageShownAfter = null;
            const look = () => {
                const card = document.querySelector('[data-testid=job-progress]');
                if (card) {
                    const stage = card.querySelector('h2')?.textContent.trim() ?? '';
                    const percent = card.querySelector('[data-testid=progress-percent]')?.textContent.trim() ?? '';
                    const bar = card.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') ?? '';
                    const entry = `${stage}|${percent}|${bar}`;
                    if (window.__progress[window.__progress.length - 1] !== entry) window.__progress.push(entry);
                }
                if (window.__pageShownAfter === null && document.querySelector('img[alt="Coloring page"]')) {
                    window.__pageShownAfter = window.__progress.length;
                }
            };
            new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
        })();
        """;

    /// <summary>Starts recording on every document this tab loads from now on.</summary>
    public static Task InstallAsync(IPage page) => page.AddInitScriptAsync(Script);

    /// <summary>What the progress card showed, in order, and how many of those came before the finished page.</summary>
    public static async Task<(IReadOnlyList<ProgressSeen> Seen, int? PageShownAfter)> ReadAsync(IPage page)
    {
        var entries = await page.EvaluateAsync<string[]>("() => window.__progress ?? []");
        var shownAfter = await page.EvaluateAsync<int?>("() => window.__pageShownAfter");
        return (entries.Select(ProgressSeen.Parse).ToList(), shownAfter);
    }
}

/// <summary>One state of the progress card: the stage heading, the text under the bar and the bar's value.</summary>
public sealed record ProgressSeen(string Stage, string Text, int? Percent)
{
    public static ProgressSeen Parse(string entry)
    {
        var parts = entry.Split('|');
        return new ProgressSeen(parts[0], parts[1], int.TryParse(parts[2], out var value) ? value : null);
    }
}
