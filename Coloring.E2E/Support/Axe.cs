using System.Text.Json;
using Microsoft.Playwright;

namespace Coloring.E2E.Support;

/// <summary>
/// axe-core (npm, pinned in test.sh and installed into .tools/) injected into a page: the accessibility
/// rules a page breaks, at impact serious or critical.
/// </summary>
public static class Axe
{
    /// <summary><c>$COLORING_AXE</c>, else the copy test.sh installs into the repository's <c>.tools/axe</c>.</summary>
    public static string ScriptPath { get; } = Environment.GetEnvironmentVariable("COLORING_AXE") is { Length: > 0 } path ? path : FindInTools();

    /// <summary>The serious and critical violations on the page as it is now, one line each ("rule: help; where").</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new() { Path = ScriptPath });
        }

        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
                const result = await axe.run(document, { resultTypes: ['violations'] });
                return result.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${v.id} (${v.impact}): ${v.help}; at ` + v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' [' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 160) + ']').join(' | '));
            }
            """);
        return violations.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    private static string FindInTools()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, ".tools", "axe", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("axe-core is not installed: run ./test.sh (it installs axe-core into .tools/axe) or set COLORING_AXE.");
    }
}
