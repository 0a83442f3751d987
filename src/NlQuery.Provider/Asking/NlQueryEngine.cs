using System.Data;
using System.Data.Common;
using System.Diagnostics;
using NlQuery.Execution;
using NlQuery.Feedback;
using NlQuery.Linking;
using NlQuery.Schema;
using NlQuery.Sql;
using NlQuery.Translation;

namespace NlQuery;

/// <summary>
/// Answers questions about databases: reads (and caches) each database's schema and value index, asks the translator
/// for SQL candidates, and runs the first one that NlQuery's parser accepts as a complete SELECT and the database
/// accepts under EXPLAIN, read-only, with a timeout and a row cap. Thread-safe: one engine serves a whole process.
/// </summary>
/// <remarks>
/// The schema cache: a database is described once per connection target (SQLite file, or server connection string
/// without its password) and dialect. Before each question one cheap query checks whether the schema changed
/// (SQLite <c>PRAGMA schema_version</c>; a catalog digest on PostgreSQL and SQL Server), and an entry older than
/// <see cref="SchemaCacheLifetime"/> is read again, which also refreshes the value index's data.
/// <see cref="ClearSchemaCache()"/> forgets entries explicitly.
/// </remarks>
public sealed class NlQueryEngine : IAsyncDisposable
{
    /// <summary>Longer questions are refused: they are not questions, and the model reads at most a few hundred tokens.</summary>
    public const int MaxQuestionLength = 4000;

    private static NlQueryEngine? _default;

    private readonly Lazy<FeedbackStore> _feedback;
    private readonly Lazy<SchemaCache> _schemas;

    /// <param name="translator">Writes the SQL candidates (<see cref="ModelTranslator"/> over a model folder).</param>
    /// <param name="feedback">Where corrections and ratings go; null opens <see cref="FeedbackStore.DefaultPath"/> on first use.</param>
    public NlQueryEngine(ITranslator translator, FeedbackStore? feedback = null)
    {
        ArgumentNullException.ThrowIfNull(translator);
        Translator = translator;
        _feedback = feedback is null ? new(() => FeedbackStore.OpenFile(FeedbackStore.DefaultPath)) : new(feedback);
        _schemas = new(() => new SchemaCache(SchemaCacheLifetime));
    }

    /// <summary>
    /// The engine <c>AskAsync</c> uses when <see cref="AskOptions.Engine"/> is not set: the one given to
    /// <see cref="Use"/>, else one over the default model (<see cref="DefaultModel.Locate"/>: <c>models/default</c>
    /// beside the application or in the current folder or above), loaded on first use and followed: a model that
    /// <c>nlq train</c> promotes into that folder answers the next questions without a restart (<see cref="ReloadingTranslator"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">None was configured and no default model was found (the message says where it looked).</exception>
    public static NlQueryEngine Default
    {
        get
        {
            if (Volatile.Read(ref _default) is { } configured)
                return configured;
            lock (DefaultLock)
            {
                if (_default is null)
                    Volatile.Write(ref _default, OverDefaultModel(DefaultModel.Locate()));
                return _default!;
            }
        }
        set => Volatile.Write(ref _default, value ?? throw new ArgumentNullException(nameof(value)));
    }

    private static readonly Lock DefaultLock = new();

    /// <summary>An engine over the model folder <see cref="DefaultModel.Locate"/> found, or the error that says none was.</summary>
    internal static NlQueryEngine OverDefaultModel(string? folder) =>
        folder is null
            ? throw new InvalidOperationException(
                $"No NlQuery engine is configured and no default model was found (looked in {string.Join(", ", DefaultModel.Candidates().Take(3))}, …): " +
                "call NlQueryEngine.Use(ModelTranslator.Load(folder)) at startup, or pass AskOptions.Engine.")
            : new NlQueryEngine(new ReloadingTranslator(folder));

    /// <summary>Makes an engine over <paramref name="translator"/> the process default and returns it.</summary>
    public static NlQueryEngine Use(ITranslator translator, FeedbackStore? feedback = null) => Default = new NlQueryEngine(translator, feedback);

    public ITranslator Translator { get; }

    public FeedbackStore Feedback => _feedback.Value;

    /// <summary>Whether a value index (distinct column values, for matching names in questions) is built per database.</summary>
    public bool IndexValues { get; init; } = true;

    /// <summary>
    /// How long a described database (schema, parser, value index) is reused when its schema version is unchanged;
    /// <see cref="TimeSpan.Zero"/> reads it for every question, <see cref="Timeout.InfiniteTimeSpan"/> keeps it until the
    /// schema changes or <see cref="ClearSchemaCache()"/>. The lifetime is what refreshes the value index when only data changes.
    /// </summary>
    public TimeSpan SchemaCacheLifetime
    {
        get;
        init => field = value >= TimeSpan.Zero || value == Timeout.InfiniteTimeSpan
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The schema cache lifetime cannot be negative (except Timeout.InfiniteTimeSpan).");
    } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The schema reader for each kind of database; replace it to read another namespace, e.g.
    /// <c>kind =&gt; kind == DatabaseKind.PostgreSql ? new PostgreSqlSchemaReader { SchemaName = "sales" } : DatabaseKindDetector.SchemaReaderFor(kind)</c>.
    /// </summary>
    public Func<DatabaseKind, ISchemaReader> SchemaReaders { get; init; } = DatabaseKindDetector.SchemaReaderFor;

    /// <summary>Forgets every described database: the next question on each reads its schema again.</summary>
    public void ClearSchemaCache() => _schemas.Value.Clear();

    /// <summary>Forgets what is known about the database <paramref name="connection"/> reaches (any dialect).</summary>
    public void ClearSchemaCache(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is NlConnection wrapper)
            connection = wrapper.InnerConnection;
        if (SchemaCache.TargetOf(connection, DatabaseKindDetector.Detect(connection)) is { } target)
            _schemas.Value.Clear(target);
    }

    public Task<Answer> AskAsync(DbConnection connection, string question, AskOptions? options = null, CancellationToken cancellationToken = default) =>
        AskCoreAsync(connection, question, options ?? AskOptions.Default, async: true, cancellationToken);

    public Answer Ask(DbConnection connection, string question, AskOptions? options = null) =>
        AskCoreAsync(connection, question, options ?? AskOptions.Default, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Translates without running anything: the best candidate the parser accepts, in the connection's dialect.</summary>
    public Task<string> TranslateAsync(DbConnection connection, string question, AskOptions? options = null, CancellationToken cancellationToken = default) =>
        TranslateCoreAsync(connection, question, options ?? AskOptions.Default, async: true, cancellationToken);

    public string Translate(DbConnection connection, string question, AskOptions? options = null) =>
        TranslateCoreAsync(connection, question, options ?? AskOptions.Default, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// The schema questions on this connection are answered against (from the cache when it is current): the
    /// database's tables, columns and keys, without NlQuery's own feedback table.
    /// </summary>
    public async Task<DatabaseSchema> GetSchemaAsync(DbConnection connection, AskOptions? options = null, CancellationToken cancellationToken = default) =>
        (await DescribeAsync(connection, options ?? AskOptions.Default, async: true, cancellationToken).ConfigureAwait(false)).Schema;

    /// <summary>
    /// Checks SQL the user typed the way generated SQL is checked (a complete SELECT for this schema), and runs it read-only.
    /// </summary>
    public async Task<(string Sql, ResultTable Rows)> RunSqlAsync(DbConnection connection, string sql, AskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        options ??= AskOptions.Default;
        var database = await DescribeAsync(connection, options, async: true, cancellationToken).ConfigureAwait(false);
        // On a large stack: users paste deeply nested SQL that the parser accepts; the database's own limit then decides.
        var printed = LargeStack.Run(() => database.Dialect.Print(database.Parser.ParseStatement(sql)));
        var rows = await ReadOnlyExecutor.ExecuteAsync(database.Connection, database.Kind, printed, options.Execution, cancellationToken).ConfigureAwait(false);
        return (printed, rows);
    }

    public ValueTask DisposeAsync() => _feedback.IsValueCreated ? _feedback.Value.DisposeAsync() : ValueTask.CompletedTask;

    internal async Task<Answer> AskCoreAsync(DbConnection connection, string question, AskOptions options, bool async, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var database = await DescribeAsync(connection, options, async, cancellationToken).ConfigureAwait(false);
        ValidateQuestion(question);
        var translate = Stopwatch.StartNew();
        var translation = await TranslateRawAsync(database, question, options, async, cancellationToken).ConfigureAwait(false);
        translate.Stop();

        var validate = new Stopwatch();
        var execute = new Stopwatch();
        var outcomes = new List<CandidateOutcome>();
        var candidates = translation.Candidates.Take(Math.Max(1, options.MaxCandidates)).ToList();
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            validate.Start();
            var (sql, parseError) = Reprint(database.Parser, candidate.Sql);
            if (sql is null)
            {
                validate.Stop();
                outcomes.Add(new CandidateOutcome(candidate.Sql, candidate.Score, CandidateFailure.Parse, parseError));
                continue;
            }
            var explainError = await ExplainAsync(database, sql, options, async, cancellationToken).ConfigureAwait(false);
            validate.Stop();
            if (explainError is not null)
            {
                outcomes.Add(new CandidateOutcome(sql, candidate.Score, CandidateFailure.Validation, explainError));
                continue;
            }
            execute.Start();
            ResultTable rows;
            try
            {
                rows = async
                    ? await ReadOnlyExecutor.ExecuteAsync(database.Connection, database.Kind, sql, options.Execution, cancellationToken).ConfigureAwait(false)
                    : ReadOnlyExecutor.Execute(database.Connection, database.Kind, sql, options.Execution);
            }
            catch (DbException e)
            {
                outcomes.Add(new CandidateOutcome(sql, candidate.Score, CandidateFailure.Execution, e.Message));
                continue;
            }
            finally
            {
                execute.Stop();
            }
            // Candidates after the answer were never tried; they are still worth showing as alternatives.
            outcomes.AddRange(candidates.Skip(i + 1).Select(c => new CandidateOutcome(c.Sql, c.Score, CandidateFailure.None, null)));
            options.Conversation?.Add(question);
            var confidence = AnswerConfidence.Compute(candidates.Select(c => c.Score).ToList(), candidates.Select(c => c.Sql).ToList(), i,
                rejectedBefore: i, IndexValues ? await ValueIndexFor(database, async, cancellationToken).ConfigureAwait(false) : null, translation.Calibration);
            return new Answer(this, question, database.Name, database.SchemaHash, sql, candidate.Score, rows, outcomes,
                translation.ModelInput, new AnswerTimings(translate.Elapsed, validate.Elapsed, execute.Elapsed, total.Elapsed))
            {
                SchemaSummary = translation.Summary,
                Attempts = translation.Attempts,
                Confidence = confidence,
                IsUncertain = confidence < options.UncertainBelow,
                CheckCorrection = (corrected, token) => CheckCorrectionAsync(database, corrected, options, token),
            };
        }
        throw Unanswered(question, outcomes, translation);
    }

    private static UnansweredQuestionException Unanswered(string question, List<CandidateOutcome> outcomes, TranslationResult translation)
    {
        // A translator that asks again returns only accepted SQL: with none, its rejected replies are the failed candidates.
        if (outcomes.Count == 0)
            outcomes.AddRange(translation.Attempts.Where(a => a.Outcome != TranslationAttemptOutcome.Accepted).Select(a => new CandidateOutcome(
                a.Sql ?? a.Reply, 0, a.Outcome == TranslationAttemptOutcome.Database ? CandidateFailure.Validation : CandidateFailure.Parse, a.Rejection)));
        return new(question, outcomes, UnansweredQuestionException.Explain(question, outcomes, translation.Summary, translation.InputTruncated))
        {
            ModelInput = translation.ModelInput,
            SchemaSummary = translation.Summary,
            Attempts = translation.Attempts,
        };
    }

    /// <summary>
    /// Logs the SQL <paramref name="question"/> should have produced, also for a question that got no answer
    /// (<see cref="UnansweredQuestionException"/>), after checking it the way generated SQL is checked: NlQuery's parser
    /// in Guards mode (a complete SELECT over this schema) and the database's EXPLAIN. A correction that fails either is
    /// refused with the reason and stored as rejected (<see cref="FeedbackStatus.Rejected"/>, with the reason), so it is
    /// never trained on.
    /// </summary>
    /// <param name="generatedSql">What NlQuery answered with, when it answered (null for an unanswered question).</param>
    /// <exception cref="ArgumentException">The corrected SQL does not parse or the database rejects it (the message says why;
    /// the record is kept as rejected).</exception>
    public async Task CorrectAsync(DbConnection connection, string question, string correctedSql, string? generatedSql = null,
        AskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentException.ThrowIfNullOrWhiteSpace(correctedSql);
        options ??= AskOptions.Default;
        var database = await DescribeAsync(connection, options, async: true, cancellationToken).ConfigureAwait(false);
        var record = new FeedbackRecord(question, database.Name, database.SchemaHash, generatedSql, correctedSql, null, DateTimeOffset.UtcNow);
        await AddCheckedCorrectionAsync(record, token => CheckCorrectionAsync(database, correctedSql, options, token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores <paramref name="record"/> once <paramref name="check"/> passes; when it throws <see cref="ArgumentException"/>
    /// the record is stored as rejected with the message, and the exception still reaches the caller.
    /// </summary>
    internal async Task AddCheckedCorrectionAsync(FeedbackRecord record, Func<CancellationToken, Task>? check, CancellationToken cancellationToken)
    {
        try
        {
            if (check is not null)
                await check(cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            await Feedback.AddAsync(record.Rejected(e.Message), cancellationToken).ConfigureAwait(false);
            throw;
        }
        await Feedback.AddAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The check every correction passes before it is stored (see <see cref="CorrectAsync"/>).</summary>
    private static async Task CheckCorrectionAsync(DatabaseContext database, string correctedSql, AskOptions options, CancellationToken cancellationToken)
    {
        var (sql, parseError) = Reprint(database.Parser, correctedSql);
        if (sql is null)
            // No parameter name: ArgumentException would append "(Parameter '…')" to a message users read.
            throw new ArgumentException($"The correction was refused (kept as rejected, never trained on): it is not a complete SELECT for this database: {parseError}");
        // A connection closed since the answer cannot EXPLAIN; the parser's schema check has still been made.
        if (database.Connection.State != ConnectionState.Open)
            return;
        if (await ExplainAsync(database, sql, options, async: true, cancellationToken).ConfigureAwait(false) is { } explainError)
            throw new ArgumentException($"The correction was refused (kept as rejected, never trained on): the database rejects it: {explainError}");
    }

    internal async Task<string> TranslateCoreAsync(DbConnection connection, string question, AskOptions options, bool async, CancellationToken cancellationToken)
    {
        var database = await DescribeAsync(connection, options, async, cancellationToken).ConfigureAwait(false);
        ValidateQuestion(question);
        var translation = await TranslateRawAsync(database, question, options, async, cancellationToken).ConfigureAwait(false);
        var outcomes = new List<CandidateOutcome>();
        foreach (var candidate in translation.Candidates.Take(Math.Max(1, options.MaxCandidates)))
        {
            var (sql, error) = Reprint(database.Parser, candidate.Sql);
            if (sql is not null)
                return sql;
            outcomes.Add(new CandidateOutcome(candidate.Sql, candidate.Score, CandidateFailure.Parse, error));
        }
        throw Unanswered(question, outcomes, translation);
    }

    private async Task<TranslationResult> TranslateRawAsync(DatabaseContext database, string question, AskOptions options, bool async, CancellationToken cancellationToken)
    {
        var values = IndexValues ? await ValueIndexFor(database, async, cancellationToken).ConfigureAwait(false) : null;
        var request = new TranslationRequest(question, database.Schema, database.Dialect)
        {
            PreviousQuestions = options.Conversation?.Context ?? [],
            Values = values,
            // The check every candidate passes below, so that a translator that can ask again (an LLM) hears the same verdict.
            CheckCandidate = (sql, token) => CheckCandidateAsync(database, sql, options, token),
            Examples = token => CorrectionsAsync(database.Name, token),
        };
        // The translator is asynchronous only; the synchronous API waits for it (it does not need the connection).
        var task = Translator.TranslateAsync(request, cancellationToken);
        return async ? await task.ConfigureAwait(false) : task.GetAwaiter().GetResult();
    }

    private static async Task<string?> CheckCandidateAsync(DatabaseContext database, string candidate, AskOptions options, CancellationToken cancellationToken)
    {
        var (sql, parseError) = Reprint(database.Parser, candidate);
        return sql is null ? parseError : await ExplainAsync(database, sql, options, async: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The accepted corrections logged for this database, oldest first: the examples an LLM is shown.</summary>
    private async Task<IReadOnlyList<TranslationExample>> CorrectionsAsync(string databaseName, CancellationToken cancellationToken)
    {
        var examples = new List<TranslationExample>();
        try
        {
            await foreach (var record in Feedback.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                // A rejected correction is kept for review only: an LLM must not learn from it either.
                if (record.CorrectedSql is { } sql && record.Status == FeedbackStatus.Accepted
                    && string.Equals(record.DatabaseName, databaseName, StringComparison.Ordinal))
                    examples.Add(new TranslationExample(record.Question, sql));
            }
        }
        catch (DbException)
        {
            // A store nothing was written to yet has no table: no examples, which is no reason to fail the question.
        }
        return examples;
    }

    /// <exception cref="WriteRefusedException">The question asks to change data: refused before any model sees it, so
    /// that no SELECT is ever presented as the answer to a request to delete or update.</exception>
    /// <exception cref="UnansweredQuestionException">The question is not English (<see cref="UnansweredReason.NotEnglish"/>):
    /// refused before the model runs rather than answered with SQL for a question it could not read.</exception>
    private static void ValidateQuestion(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (string.IsNullOrWhiteSpace(question))
            throw new ArgumentException("The question is empty: ask something about the database.", nameof(question));
        if (question.Length > MaxQuestionLength)
            throw new ArgumentException(
                $"The question is {question.Length:N0} characters long; NlQuery accepts at most {MaxQuestionLength:N0}.", nameof(question));
        if (WriteRequest.Detect(question) is { } operation)
            throw new WriteRefusedException(question, operation);
        if (QuestionLanguage.LooksNotEnglish(question))
            throw UnansweredQuestionException.NotEnglish(question);
    }

    /// <summary>
    /// Parses a candidate as a complete statement for this schema and prints it back. The parser only knows SELECT, so
    /// nothing else survives; re-printing also turns SQLite's double-quoted strings into single-quoted ones, which
    /// Microsoft.Data.Sqlite's SQLite (built without the double-quote fallback) would otherwise reject.
    /// </summary>
    private static (string? Sql, string? Error) Reprint(SqlParser parser, string sql)
    {
        try
        {
            return (parser.Dialect.Print(parser.ParseStatement(sql)), null);
        }
        catch (SqlParseException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Asks the database to plan the query without running it; null when it accepts it.</summary>
    private static async Task<string?> ExplainAsync(DatabaseContext database, string sql, AskOptions options, bool async, CancellationToken cancellationToken)
    {
        if (database.Kind == DatabaseKind.SqlServer)
            return null; // SHOWPLAN must be the only statement of a batch; execution errors still trigger the fallback.
        var explain = "EXPLAIN " + sql;
        var limits = options.Execution with { MaxRows = 0 };
        try
        {
            if (async)
                await ReadOnlyExecutor.ExecuteAsync(database.Connection, database.Kind, explain, limits, cancellationToken).ConfigureAwait(false);
            else
                ReadOnlyExecutor.Execute(database.Connection, database.Kind, explain, limits);
            return null;
        }
        catch (DbException e)
        {
            return e.Message;
        }
    }

    private static ValueTask<ValueIndex> ValueIndexFor(DatabaseContext database, bool async, CancellationToken cancellationToken) =>
        database.Described.GetValuesAsync(database.Connection, async, cancellationToken);

    private async Task<DatabaseContext> DescribeAsync(DbConnection connection, AskOptions options, bool async, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is NlConnection wrapper)
            connection = wrapper.InnerConnection;
        var kind = DatabaseKindDetector.Detect(connection);
        if (connection.State != ConnectionState.Open)
            throw new InvalidOperationException($"The connection must be open to ask a question (it is {connection.State}).");
        var dialect = options.Dialect ?? SqlDialect.For(kind);
        var cache = _schemas.Value;
        var target = cache.Enabled ? SchemaCache.TargetOf(connection, kind) : null;
        if (target is null)
            return new DatabaseContext(connection, await ReadAsync(null).ConfigureAwait(false));
        var version = await SchemaVersionProbe.ReadAsync(connection, kind, async, cancellationToken).ConfigureAwait(false);
        return new DatabaseContext(connection, await cache.GetAsync(target, dialect, version, () => ReadAsync(version), async, cancellationToken).ConfigureAwait(false));

        async ValueTask<DescribedDatabase> ReadAsync(string? version)
        {
            var name = DatabaseName(connection, kind);
            var reader = SchemaReaders(kind);
            var schema = async
                ? await reader.ReadAsync(connection, name, cancellationToken).ConfigureAwait(false)
                : reader.Read(connection, name);
            return new DescribedDatabase(kind, dialect, FeedbackStore.WithoutFeedbackTable(schema), name, version, Environment.TickCount64);
        }
    }

    /// <summary>
    /// The name feedback records carry for a database: a SQLite file's name without its extension, else the
    /// connection's database. Training on a user's corrections finds them by this name.
    /// </summary>
    public static string DatabaseName(DbConnection connection, DatabaseKind kind)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (kind != DatabaseKind.Sqlite)
            return string.IsNullOrEmpty(connection.Database) ? kind.ToString() : connection.Database;
        var file = Path.GetFileNameWithoutExtension(connection.DataSource);
        return string.IsNullOrEmpty(file) || file == ":memory:" ? "main" : file;
    }

    /// <summary>A described database and the caller's connection to it, for one question.</summary>
    private sealed record DatabaseContext(DbConnection Connection, DescribedDatabase Described)
    {
        public DatabaseKind Kind => Described.Kind;

        public SqlDialect Dialect => Described.Dialect;

        public DatabaseSchema Schema => Described.Schema;

        public string SchemaHash => Described.SchemaHash;

        public string Name => Described.Name;

        public SqlParser Parser => Described.Parser;
    }
}
