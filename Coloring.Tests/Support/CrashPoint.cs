using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Coloring.Tests.Support;

/// <summary>
/// A process dying at one point, as the database sees it: once armed, the next command whose SQL contains every
/// one of <see cref="Arm"/>'s fragments throws before it reaches the database, so the work after it never happens.
/// </summary>
public sealed class CrashPoint : DbCommandInterceptor
{
    private string[]? _armedFor;

    /// <summary>How many commands were stopped.</summary>
    public int Crashes { get; private set; }

    /// <summary>Stops the next command containing all of <paramref name="sqlFragments"/> (e.g. <c>UPDATE</c> and <c>credit_accounts</c>: PostgreSQL's SQL leaves names unquoted, SQLite's quotes them).</summary>
    public void Arm(params string[] sqlFragments) => Volatile.Write(ref _armedFor, sqlFragments);

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    private void Check(DbCommand command)
    {
        var armed = Volatile.Read(ref _armedFor);
        if (armed is not null && armed.All(fragment => command.CommandText.Contains(fragment, StringComparison.Ordinal))
            && Interlocked.CompareExchange(ref _armedFor, null, armed) == armed)
        {
            Crashes++;
            throw new InvalidOperationException($"Crash injected before: {command.CommandText}");
        }
    }
}
