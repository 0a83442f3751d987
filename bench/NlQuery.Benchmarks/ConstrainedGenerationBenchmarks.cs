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
/// share of decode time) is printed at cleanup. <see cref="ConstrainedToEnd"/> decodes as <see cref="Translation.T5Translator"/>
/// does in use: end-of-sequence allowed once the statement is complete, at most 128 tokens; its share is printed apart,
/// since a trained model that has finished its statement and is refused end-of-sequence (the 60-token runs) leans on the
/// fallback at every further step, which real decoding never asks of it.
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
    private ShareCounter _fixedLength, _toEnd;

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
        _eosId = tokenizer.EosId;
        if (tokenizer.Decode(_forcedPrefix) != Prefix.TrimEnd())
            throw new InvalidOperationException($"The tokenizer cannot spell '{Prefix.TrimEnd()}' exactly.");
    }

    private const string Prefix = "concert_singer | ";
    private int[] _forcedPrefix = [];
    private int _eosId;

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
        _fixedLength.Add(result);
        return result.Steps;
    }

    [Benchmark]
    public int ConstrainedToEnd()
    {
        using var encoded = _model.Encode(_input);
        using var decoder = _model.CreateDecoder(encoded);
        var result = BeamSearch.Run(decoder, _constraint, Options with { FallbackTopK = int.MaxValue, MaxLength = 128, EosTokenId = _eosId });
        _toEnd.Add(result);
        return result.Steps;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fixedLength.Print("constraint", Beams);
        _toEnd.Print("constraint to end", Beams);
        _model.Dispose();
        _environment.Dispose();
    }

    /// <summary>Sums beam search's own timers over one benchmark's runs (BenchmarkDotNet gives each case its own instance).</summary>
    private struct ShareCounter
    {
        private TimeSpan _constraintTime, _decoderTime;
        private int _runs, _steps, _calls;

        public void Add(BeamSearchResult result)
        {
            _constraintTime += result.ConstraintTime;
            _decoderTime += result.DecoderTime;
            _runs++;
            _steps += result.Steps;
            _calls += result.ConstraintCalls;
        }

        public readonly void Print(string name, int beams)
        {
            if (_runs == 0)
                return;
            Console.WriteLine($"// {name}: beams {beams}, {_runs} runs, constraint {_constraintTime.TotalMilliseconds / _runs:F3} ms/run, " +
                              $"decoder {_decoderTime.TotalMilliseconds / _runs:F3} ms/run, {(double)_steps / _runs:F1} steps/run, " +
                              $"{_constraintTime.TotalMicroseconds / Math.Max(1, _calls):F2} µs/constraint call, share of decode " +
                              $"{100 * _constraintTime / (_constraintTime + _decoderTime):F2} %");
        }
    }
}
