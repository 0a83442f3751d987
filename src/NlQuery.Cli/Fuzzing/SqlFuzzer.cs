using System.Diagnostics;
using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery.Cli.Fuzzing;

/// <summary>
/// Feeds generated inputs through the parser (every mode, every dialect), whole and as chains of <see cref="ParseState.Extend(string)"/> calls
/// in random chunk sizes, and checks what must hold for any input:
/// <list type="bullet">
/// <item>nothing throws;</item>
/// <item>a result is coherent: invalid ⇔ no state and a reason; a valid state's length is the text fed so far and it
/// is complete exactly when the status says so; an invalid offset lies within the text fed;</item>
/// <item>extending never changes the state it was called on: extending the same state with the same text again,
/// after extending it with something else, gives an equal result;</item>
/// <item>the chunked feed ends in the same status as the whole feed;</item>
/// <item>a complete statement builds an AST whose printing parses as complete again in its own dialect; printed
/// in each other dialect (what <c>nlq sql print</c> does) it should parse there too (reported apart).</item>
/// </list>
/// A watchdog stops the run when one input takes longer than the hang limit.
/// </summary>
internal sealed class SqlFuzzer
{
    private readonly FuzzInputGenerator _generator;
    private readonly Random _random;
    private readonly Dictionary<(DatabaseSchema, SqlDialect, ParseMode), SqlParser> _parsers = [];
    private FuzzInput? _current;
    private long _currentStarted;

    public SqlFuzzer(IReadOnlyList<FuzzSeed> seeds, int seed)
    {
        Seed = seed;
        _random = new Random(seed);
        _generator = new FuzzInputGenerator(seeds, new Random(seed ^ 0x5EED));
    }

    public int Seed { get; }

    /// <summary>Runs <paramref name="count"/> inputs; returns early on a hang (reported) or cancellation.</summary>
    public FuzzReport Run(long count, TimeSpan hangLimit, CancellationToken cancellationToken = default)
    {
        var report = new FuzzReport { Seed = Seed };
        var clock = Stopwatch.StartNew();
        var worker = new Thread(() =>
        {
            for (long i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
            {
                // The clock starts before generating, so a generator that loops is caught too (with no input to show).
                Volatile.Write(ref _current, null);
                Volatile.Write(ref _currentStarted, Stopwatch.GetTimestamp());
                var input = _generator.Next();
                Volatile.Write(ref _current, input);
                CheckOne(input, report);
                var took = Stopwatch.GetElapsedTime(_currentStarted);
                if (took > report.SlowestInput)
                    report.SlowestInput = took;
            }
            Volatile.Write(ref _current, null);
        })
        {
            IsBackground = true, // a hung worker must not keep the process alive once the hang is reported
            Name = "nlq fuzz",
        };
        worker.Start();
        while (!worker.Join(TimeSpan.FromMilliseconds(100)))
        {
            var current = Volatile.Read(ref _current);
            if (Stopwatch.GetElapsedTime(Volatile.Read(ref _currentStarted)) > hangLimit && ReferenceEquals(current, Volatile.Read(ref _current)))
            {
                report.Hung = true;
                report.Hang = current;
                break;
            }
        }
        report.Elapsed = clock.Elapsed;
        return report;
    }

    /// <summary>Checks one input against every invariant, recording its whole-text status and any failure.</summary>
    internal void CheckOne(FuzzInput input, FuzzReport report)
    {
        var parser = ParserFor(input);
        var text = input.Text;
        ParseResult whole;
        try
        {
            whole = _random.Next(2) == 0 ? parser.Parse(text) : parser.Start.Extend(text);
        }
        catch (Exception e)
        {
            report.Count(ParseStatus.Invalid);
            report.Fail(new FuzzFailure(input, FuzzFailureKind.ParserException, $"the whole-text parse threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}"));
            return;
        }
        report.Count(whole.Status);
        report.Characters += text.Length;
        if (Incoherent(whole, text.Length) is { } problem)
            report.Fail(new FuzzFailure(input, FuzzFailureKind.IncrementalInvariant, $"whole-text result: {problem}"));

        CheckChunkedFeed(input, parser, whole, report);
        // Lexing alone builds no statement: only the grammar modes promise an AST.
        if (whole.Status == ParseStatus.Complete && input.Mode != ParseMode.Lex)
            CheckStatement(input, parser, report);
    }

    private void CheckChunkedFeed(FuzzInput input, SqlParser parser, ParseResult whole, FuzzReport report)
    {
        var text = input.Text;
        var chunks = new List<int>();
        var state = parser.Start;
        var status = state.IsComplete ? ParseStatus.Complete : ParseStatus.Partial;
        var position = 0;
        try
        {
            while (position < text.Length)
            {
                var size = Math.Min(ChunkSize(), text.Length - position);
                chunks.Add(size);
                var chunk = text.Substring(position, size);
                var result = _random.Next(2) == 0 ? state.Extend(chunk) : state.Extend(chunk.AsSpan());
                report.ExtendCalls++;
                if (_random.Next(4) == 0)
                {
                    // Extend the same state with something else, then with the same chunk again: equal results prove
                    // that neither call changed the state beam hypotheses share.
                    state.Extend(_generator.RandomChunk(input.Origin.Schema));
                    var again = state.Extend(chunk);
                    report.ExtendCalls += 2;
                    if (!SameResult(result, again))
                    {
                        report.Fail(new FuzzFailure(input, FuzzFailureKind.IncrementalInvariant,
                            $"Extend changed the state it was called on: after {position} chars, extending with {FuzzFailure.Literal(chunk)} gave '{result}' then '{again}'"));
                        return;
                    }
                }
                position += size;
                if (Incoherent(result, position) is { } problem)
                {
                    report.Fail(new FuzzFailure(input, FuzzFailureKind.IncrementalInvariant, $"chunked feed after {position} chars: {problem} (chunks {string.Join(",", chunks)})"));
                    return;
                }
                status = result.Status;
                if (status == ParseStatus.Invalid)
                    break;
                state = result.State!;
            }
        }
        catch (Exception e)
        {
            report.Fail(new FuzzFailure(input, FuzzFailureKind.ParserException,
                $"the chunked feed threw {e.GetType().Name} after {position} chars (chunks {string.Join(",", chunks)}): {e.Message}\n{e.StackTrace}"));
            return;
        }
        if (status != whole.Status)
            report.Fail(new FuzzFailure(input, FuzzFailureKind.IncrementalInvariant, $"the chunked feed ended {status} but the whole text is {whole.Status} (chunks {string.Join(",", chunks)})"));
    }

    /// <summary>A complete statement must build an AST, print in every dialect, and re-parse from its own printing.</summary>
    private void CheckStatement(FuzzInput input, SqlParser parser, FuzzReport report)
    {
        try
        {
            var statement = parser.ParseStatement(input.Text);
            var printed = input.Dialect.Print(statement);
            var reparsed = parser.Parse(printed);
            if (reparsed.Status != ParseStatus.Complete)
                report.Fail(new FuzzFailure(input, FuzzFailureKind.StatementAndPrinter, $"printed in its own dialect as {FuzzFailure.Literal(printed)}, it re-parses as '{reparsed}'"));

            // What `nlq sql print` does: render in each other dialect; the result must be complete there too.
            foreach (var other in SqlDialect.All)
            {
                if (other == input.Dialect)
                    continue;
                string translated;
                try
                {
                    translated = other.Print(statement);
                }
                catch (NotSupportedException)
                {
                    // A clear refusal (strftime() in T-SQL), not a silent invalid printing.
                    report.Untranslatable++;
                    continue;
                }
                var otherResult = ParserFor(input.Origin.Schema, other, input.Mode).Parse(translated);
                if (otherResult.Status != ParseStatus.Complete)
                    report.Fail(new FuzzFailure(input, FuzzFailureKind.Translation,
                        $"printed in {other.Name} as {FuzzFailure.Literal(translated)}, it parses there as '{otherResult}'"));
            }
        }
        catch (Exception e)
        {
            report.Fail(new FuzzFailure(input, FuzzFailureKind.StatementAndPrinter, $"building or printing the complete statement threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}"));
        }
    }

    private static string? Incoherent(ParseResult result, int fed)
    {
        if (result.Status == ParseStatus.Invalid)
        {
            if (result.State is not null)
                return "invalid but carries a state";
            if (string.IsNullOrEmpty(result.Error))
                return "invalid without a reason";
            if (result.ErrorOffset < 0 || result.ErrorOffset > fed)
                return $"invalid at offset {result.ErrorOffset}, outside the {fed} chars fed";
            return null;
        }
        if (result.State is null)
            return $"{result.Status} without a state";
        if (result.State.Length != fed)
            return $"the state's length is {result.State.Length} after {fed} chars";
        if (result.State.IsComplete != (result.Status == ParseStatus.Complete))
            return $"status {result.Status} but the state's IsComplete is {result.State.IsComplete}";
        return null;
    }

    private static bool SameResult(ParseResult a, ParseResult b) =>
        a.Status == b.Status && a.Error == b.Error && a.ErrorOffset == b.ErrorOffset
        && (a.State is null) == (b.State is null)
        && (a.State is null || (a.State.Length == b.State!.Length && a.State.IsComplete == b.State.IsComplete));

    /// <summary>Mostly the 1–8 characters of a model token; sometimes empty, single characters, or long runs.</summary>
    private int ChunkSize() => _random.Next(20) switch
    {
        0 => 0,
        < 5 => 1,
        < 16 => 1 + _random.Next(8),
        < 19 => 9 + _random.Next(32),
        _ => 1 + _random.Next(200),
    };

    private SqlParser ParserFor(FuzzInput input) => ParserFor(input.Origin.Schema, input.Dialect, input.Mode);

    private SqlParser ParserFor(DatabaseSchema schema, SqlDialect dialect, ParseMode mode)
    {
        var key = (schema, dialect, mode);
        if (!_parsers.TryGetValue(key, out var parser))
            _parsers[key] = parser = new SqlParser(dialect, mode, schema);
        return parser;
    }
}
