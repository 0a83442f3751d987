using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NlQuery.Feedback;

namespace NlQuery.Training.Datasets;

/// <summary>
/// A feedback store's corrections made fit to train on. A record teaches SQL when it carries a correction or is a
/// query rated good; one stored as rejected (<see cref="FeedbackStatus.Rejected"/>) never does. Corrections of the
/// same question on the same database (<see cref="NormaliseQuestion"/>) are merged: the latest wins, the older ones
/// are listed in <see cref="Superseded"/>. The survivors are checked again (the schema may have changed since) and
/// a failing one moves to <see cref="Rejected"/> with the reason. The order is fixed (database, normalised question),
/// so the same store always gives the same list and the same JSONL bytes.
/// </summary>
public sealed partial class FeedbackExport
{
    private FeedbackExport(IReadOnlyList<FeedbackCorrection> corrections, IReadOnlyList<RejectedFeedback> rejected,
        IReadOnlyList<FeedbackCorrection> superseded, int notCorrections)
    {
        Corrections = corrections;
        Rejected = rejected;
        Superseded = superseded;
        NotCorrections = notCorrections;
    }

    /// <summary>The corrections to train on, ordered by database and normalised question.</summary>
    public IReadOnlyList<FeedbackCorrection> Corrections { get; }

    /// <summary>Corrections left out, with the reason, in store order.</summary>
    public IReadOnlyList<RejectedFeedback> Rejected { get; }

    /// <summary>Older corrections of a question corrected again later (the later one is kept), in store order.</summary>
    public IReadOnlyList<FeedbackCorrection> Superseded { get; }

    /// <summary>Records that teach no SQL: ratings of bad answers without a correction.</summary>
    public int NotCorrections { get; }

    /// <param name="records">The store's records, oldest first (<see cref="FeedbackStore.ReadAllAsync"/>).</param>
    /// <param name="check">Checks a surviving correction against the database as it is now; returns why it fails, or null.</param>
    public static async Task<FeedbackExport> CreateAsync(IAsyncEnumerable<FeedbackRecord> records,
        Func<FeedbackCorrection, CancellationToken, ValueTask<string?>>? check = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var rejected = new List<RejectedFeedback>();
        var superseded = new List<FeedbackCorrection>();
        var latest = new Dictionary<(string, string), FeedbackCorrection>();
        var notCorrections = 0;
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var sql = record.CorrectedSql ?? (record.Rating == true ? record.GeneratedSql : null);
            if (sql is null)
            {
                notCorrections++;
                continue;
            }
            if (record.Status == FeedbackStatus.Rejected)
            {
                rejected.Add(new RejectedFeedback(record.DatabaseName, record.Question, sql, $"refused when given: {record.Reason ?? "no reason stored"}"));
                continue;
            }
            var correction = new FeedbackCorrection(record.DatabaseName, record.Question, sql, record.CreatedUtc);
            var key = (record.DatabaseName, NormaliseQuestion(record.Question));
            // Records come oldest first; a later one with an earlier clock (another machine's) still loses.
            if (latest.TryGetValue(key, out var earlier))
            {
                var keepNew = correction.CreatedUtc >= earlier.CreatedUtc;
                superseded.Add(keepNew ? earlier : correction);
                if (!keepNew)
                    continue;
            }
            latest[key] = correction;
        }
        var kept = new List<FeedbackCorrection>();
        foreach (var ((database, question), correction) in latest.OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal))
        {
            if (check is not null && await check(correction, cancellationToken).ConfigureAwait(false) is { } reason)
                rejected.Add(new RejectedFeedback(correction.DatabaseName, correction.Question, correction.Sql, $"no longer valid: {reason}"));
            else
                kept.Add(correction);
        }
        return new FeedbackExport(kept, rejected, superseded, notCorrections);
    }

    /// <summary>
    /// The key duplicates are merged by: trimmed, lower case (invariant), runs of white space as one space, without
    /// trailing <c>?</c>, <c>.</c> or <c>!</c>.
    /// </summary>
    public static string NormaliseQuestion(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return Spaces().Replace(question.Trim().ToLowerInvariant(), " ").TrimEnd('?', '.', '!', ' ');
    }

    /// <summary>
    /// Splits <see cref="Corrections"/> into training and held-out parts, by the SHA-256 rank of each normalised
    /// question (<see cref="HeldOutSplit"/>): the same corrections always split the same way, whatever their order.
    /// </summary>
    public (IReadOnlyList<FeedbackCorrection> Train, IReadOnlyList<FeedbackCorrection> HeldOut) Split(double heldOutFraction, int seed = 1)
    {
        var keys = Corrections.Select(Key).ToList();
        var heldOut = HeldOutSplit.ChooseDatabases(keys, heldOutFraction, seed);
        return (Corrections.Where(c => !heldOut.Contains(Key(c))).ToList(), Corrections.Where(c => heldOut.Contains(Key(c))).ToList());

        static string Key(FeedbackCorrection c) => c.DatabaseName + "\u001f" + NormaliseQuestion(c.Question);
    }

    /// <summary>
    /// Writes corrections as JSONL, one <c>{"database", "question", "sql", "created_utc"}</c> object a line (UTF-8, no
    /// BOM, <c>\n</c>), atomically: the same corrections give the same bytes.
    /// </summary>
    public static async Task WriteJsonlAsync(IEnumerable<FeedbackCorrection> corrections, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corrections);
        var text = new StringBuilder();
        foreach (var c in corrections)
        {
            text.Append(JsonSerializer.Serialize(new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["database"] = c.DatabaseName, ["question"] = c.Question, ["sql"] = c.Sql,
                ["created_utc"] = c.CreatedUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            })).Append('\n');
        }
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
        await AtomicFile.WriteAsync(path, (s, ct) => s.WriteAsync(bytes, ct).AsTask(), cancellationToken).ConfigureAwait(false);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
