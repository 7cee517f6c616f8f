namespace Coloring.Cli;

/// <summary>
/// The argument loop every verb shares: one input (a photo, SVG or folder) and options in any order. An option takes
/// the next argument as its value (null when the command line ends first), a flag takes none; a later option overrides
/// an earlier one.
/// </summary>
internal static class CommandLine
{
    /// <summary>An option and its other spelling (as "-o" for "--output"); <see cref="Apply"/> takes the value and
    /// returns what is wrong with it, or null.</summary>
    public sealed record Option(string Name, Func<string?, string?> Apply, string? Alias = null, bool IsFlag = false);

    public static Option Flag(string name, Action set) => new(name, _ =>
    {
        set();
        return null;
    }, IsFlag: true);

    /// <summary>Walks <paramref name="args"/>; the error is the first bad option, any other argument starting with '-',
    /// a second input, or "missing <paramref name="inputName"/>".</summary>
    public static bool TryParse(string[] args, string inputName, IReadOnlyList<Option> options, out string input, out string error)
    {
        input = "";
        error = "";
        string? found = null;
        for (var i = 0; i < args.Length; i++)
        {
            var option = options.FirstOrDefault(o => o.Name == args[i] || o.Alias == args[i]);
            if (option is not null)
            {
                var value = option.IsFlag || i + 1 >= args.Length ? null : args[++i];
                if (option.Apply(value) is { } wrong)
                {
                    error = wrong;
                    return false;
                }
            }
            else if (args[i].StartsWith('-') || found is not null)
            {
                error = $"unexpected argument '{args[i]}'";
                return false;
            }
            else
            {
                found = args[i];
            }
        }

        if (found is null)
        {
            error = $"missing {inputName}";
            return false;
        }

        input = found;
        return true;
    }
}
