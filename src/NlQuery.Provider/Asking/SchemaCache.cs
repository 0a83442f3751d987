using System.Collections.Concurrent;
using System.Data.Common;
using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery;

/// <summary>
/// The engine's described databases, keyed by connection target (the database a connection reaches, without its
/// password) and dialect. An entry is reused while the schema's version is unchanged and it is younger than the
/// lifetime; one caller per key reads a missing or stale schema while the others wait for it, so 64 concurrent
/// first questions read it once.
/// </summary>
internal sealed class SchemaCache(TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<Key, DescribedDatabase> _entries = new();
    private readonly ConcurrentDictionary<Key, SemaphoreSlim> _gates = new();

    public TimeSpan Lifetime { get; } = lifetime;

    public bool Enabled => Lifetime != TimeSpan.Zero;

    /// <summary>
    /// The database a connection reaches, as a cache key; null for a private in-memory SQLite database, whose
    /// contents no other connection shares.
    /// </summary>
    public static string? TargetOf(DbConnection connection, DatabaseKind kind)
    {
        if (kind == DatabaseKind.Sqlite)
        {
            var file = connection.DataSource;
            if (file is "" or ":memory:" || connection.ConnectionString.Contains("memory", StringComparison.OrdinalIgnoreCase))
                return null;
            return $"{kind}|{Path.GetFullPath(file)}";
        }
        // The user and search path decide which tables are visible, so the rest of the string matters; the password does not.
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connection.ConnectionString;
        }
        catch (ArgumentException)
        {
            return $"{kind}|{connection.DataSource}|{connection.Database}";
        }
        foreach (var secret in new[] { "password", "pwd" })
            builder.Remove(secret);
        return $"{kind}|{connection.DataSource}|{connection.Database}|{builder.ConnectionString}";
    }

    public async ValueTask<DescribedDatabase> GetAsync(string target, SqlDialect dialect, string? version,
        Func<ValueTask<DescribedDatabase>> describe, bool async, CancellationToken cancellationToken)
    {
        var key = new Key(target, dialect);
        if (Fresh(key, version) is { } hit)
            return hit;
        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        if (async)
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        else
            gate.Wait(cancellationToken);
        try
        {
            // Another caller may have read it while this one waited.
            if (Fresh(key, version) is { } described)
                return described;
            described = await describe().ConfigureAwait(false);
            _entries[key] = described;
            return described;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Clear() => _entries.Clear();

    public void Clear(string target)
    {
        foreach (var key in _entries.Keys)
        {
            if (key.Target == target)
                _entries.TryRemove(key, out _);
        }
    }

    private DescribedDatabase? Fresh(Key key, string? version)
    {
        if (!_entries.TryGetValue(key, out var entry) || entry.Version != version)
            return null;
        var young = Lifetime == Timeout.InfiniteTimeSpan || Environment.TickCount64 - entry.DescribedAt < (long)Lifetime.TotalMilliseconds;
        return young ? entry : null;
    }

    private readonly record struct Key(string Target, SqlDialect Dialect);
}
