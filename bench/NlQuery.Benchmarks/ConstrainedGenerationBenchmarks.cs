using BenchmarkDotNet.Attributes;
using NlQuery.Generation;
using NlQuery.OnnxRuntime;
using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery.Benchmarks;

/// <summary>
/// End-to-end generation of 60 tokens (encode once, then beam search, top-k 8, end-of-sequence disabled so every run
/// has the same length): plain (<see cref="Unconstrained60Tokens"/>, the 60-token generation benchmark), and
/// with the PICARD constraint (the <c>concert_singer | </c> prefix, forced as <see cref="Translation.T5Translator"/>
/// forces it, then the incremental parser in Guards mode against the concert_singer schema). The model is the tiny
/// fixture on its long input, or the model named by $NLQUERY_BENCH_T5 on a concert_singer question. Beam search's
/// <see cref="BeamSearchResult.ConstraintTime"/> against its <see cref="BeamSearchResult.DecoderTime"/> (the parser's
/// share of decode time) is printed at cleanup.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class ConstrainedGenerationBenchmarks
{
    private OnnxRuntimeEnvironment _environment = null!;
    private T5Model _model = null!;
    private SqlConstraint _constraint = null!;
    private int[] _input = [];
    private TimeSpan _constraintTime, _decoderTime;
    private int _runs, _steps, _calls;

    [Params(1, 4)]
    public int Beams { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _environment = T5Fixture.CreateEnvironment();
        _model = T5Fixture.Load(_environment);
        _input = T5Fixture.Input(_model);
        var tokenizer = T5Fixture.Tokenizer(_model);
        var schema = new DatabaseSchema("concert_singer",
        [
            new Table("stadium", Columns("stadium_id", "location", "name", "capacity", "highest", "lowest", "average")),
            new Table("singer", Columns("singer_id", "name", "country", "song_name", "song_release_year", "age", "is_male")),
            new Table("concert", Columns("concert_id", "concert_name", "theme", "stadium_id", "year")),
            new Table("singer_in_concert", Columns("concert_id", "singer_id")),
        ]);
        _constraint = new SqlConstraint(new SqlParser(SqlDialect.Sqlite, ParseMode.Guards, schema), tokenizer, Prefix);
        _forcedPrefix = tokenizer.Encode(Prefix.TrimEnd(), addEos: false);
        if (tokenizer.Decode(_forcedPrefix) != Prefix.TrimEnd())
            throw new InvalidOperationException($"The tokenizer cannot spell '{Prefix.TrimEnd()}' exactly.");
    }

    private const string Prefix = "concert_singer | ";
    private int[] _forcedPrefix = [];

    private static IEnumerable<Column> Columns(params string[] names) => names.Select(n => new Column(n));

    private BeamSearchOptions Options => new() { BeamSize = Beams, TopK = 8, MaxLength = 60, EosTokenId = -1, ForcedPrefix = _forcedPrefix };

    [Benchmark(Baseline = true)]
    public int Unconstrained60Tokens()
    {
        using var encoded = _model.Encode(_input);
        using var decoder = _model.CreateDecoder(encoded);
        return BeamSearch.Run(decoder, Generation.Unconstrained.Instance, Options).Steps;
    }

    [Benchmark]
    public int Constrained60Tokens()
    {
        using var encoded = _model.Encode(_input);
        using var decoder = _model.CreateDecoder(encoded);
        // As T5Translator decodes under the constraint: a hypothesis left with no accepted top-k token is offered its
        // next-best tokens over the whole vocabulary instead of dying.
        var result = BeamSearch.Run(decoder, _constraint, Options with { FallbackTopK = int.MaxValue });
        _constraintTime += result.ConstraintTime;
        _decoderTime += result.DecoderTime;
        _runs++;
        _steps += result.Steps;
        _calls += result.ConstraintCalls;
        return result.Steps;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_runs > 0)
        {
            Console.WriteLine($"// constraint: beams {Beams}, {_runs} runs, constraint {_constraintTime.TotalMilliseconds / _runs:F3} ms/run, " +
                              $"decoder {_decoderTime.TotalMilliseconds / _runs:F3} ms/run, {(double)_steps / _runs:F1} steps/run, " +
                              $"{_constraintTime.TotalMicroseconds / Math.Max(1, _calls):F2} µs/constraint call, share of decode " +
                              $"{100 * _constraintTime / (_constraintTime + _decoderTime):F2} %");
        }
        _model.Dispose();
        _environment.Dispose();
    }
}
