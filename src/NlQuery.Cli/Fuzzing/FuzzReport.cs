using NlQuery.Sql;

namespace NlQuery.Cli.Fuzzing;

/// <summary>What a fuzz run did: inputs per final status, Extend calls, time, and every failure (the first few kept).</summary>
internal sealed class FuzzReport
{
    public const int MaxFailuresKept = 20;
    public const int MaxTranslationsKept = 10;

    private readonly List<FuzzFailure> _failures = [];
    private readonly List<FuzzFailure> _translations = [];
    private readonly long[] _byKind = new long[Enum.GetValues<FuzzFailureKind>().Length];

    public long Inputs { get; set; }

    public long Complete { get; set; }

    public long Partial { get; set; }

    public long Invalid { get; set; }

    public long ExtendCalls { get; set; }

    public long Characters { get; set; }

    public long FailureCount { get; private set; }

    public TimeSpan Elapsed { get; set; }

    public int Seed { get; init; }

    /// <summary>Whether one input ran past the hang limit; the run stops there.</summary>
    public bool Hung { get; set; }

    /// <summary>The input that hung; null when the generator itself hung.</summary>
    public FuzzInput? Hang { get; set; }

    public TimeSpan SlowestInput { get; set; }

    public IReadOnlyList<FuzzFailure> Failures => _failures;

    /// <summary>Translations the printer refused with a NotSupportedException (a construct the other dialect lacks).</summary>
    public long Untranslatable { get; set; }

    public bool Passed => FailureCount == 0 && !Hung;

    public void Count(ParseStatus status)
    {
        Inputs++;
        switch (status)
        {
            case ParseStatus.Complete: Complete++; break;
            case ParseStatus.Partial: Partial++; break;
            default: Invalid++; break;
        }
    }

    public long FailuresOf(FuzzFailureKind kind) => _byKind[(int)kind];

    /// <summary>Statements that printed in the other dialect do not parse there (see <see cref="FuzzFailureKind.Translation"/>).</summary>
    public IReadOnlyList<FuzzFailure> Translations => _translations;

    public void Fail(FuzzFailure failure)
    {
        _byKind[(int)failure.Kind]++;
        if (failure.Kind == FuzzFailureKind.Translation)
        {
            if (_translations.Count < MaxTranslationsKept)
                _translations.Add(failure);
            return;
        }
        FailureCount++;
        if (_failures.Count < MaxFailuresKept)
            _failures.Add(failure);
    }

    public void WriteTo(TextWriter writer)
    {
        var seconds = Elapsed.TotalSeconds;
        writer.WriteLine($"fuzzed {Inputs:N0} inputs in {seconds:F1} s ({(seconds > 0 ? Inputs / seconds : 0):N0} inputs/s), seed {Seed}");
        writer.WriteLine($"  whole-text status: complete {Complete:N0}, partial {Partial:N0}, invalid {Invalid:N0}");
        writer.WriteLine($"  {Characters:N0} characters fed whole and again in {ExtendCalls:N0} chunked Extend calls; slowest input {SlowestInput.TotalMilliseconds:F1} ms");
        if (Hung)
        {
            writer.WriteLine(Hang is null
                ? "HANG: the input generator ran past the time limit; the run stopped."
                : $"HANG: an input ran past the time limit; the run stopped.\n{new FuzzFailure(Hang, FuzzFailureKind.Hang, "hang")}");
        }
        writer.WriteLine($"  failures (exceptions and broken invariants): {FailureCount:N0}");
        if (FailureCount > 0)
        {
            writer.WriteLine($"    parser exceptions {FailuresOf(FuzzFailureKind.ParserException):N0}, incremental invariants {FailuresOf(FuzzFailureKind.IncrementalInvariant):N0}, "
                             + $"statement/printer {FailuresOf(FuzzFailureKind.StatementAndPrinter):N0}");
        }
        foreach (var failure in _failures)
            writer.WriteLine(failure);
        if (FailureCount > _failures.Count)
            writer.WriteLine($"  … and {FailureCount - _failures.Count:N0} more");
        var translations = FailuresOf(FuzzFailureKind.Translation);
        writer.WriteLine($"  translation mismatches (printed in the other dialect, not accepted there; reported, not failing): {translations:N0}");
        writer.WriteLine($"  translations refused by the printer (NotSupportedException: no equivalent in the other dialect): {Untranslatable:N0}");
        foreach (var translation in _translations)
            writer.WriteLine(translation);
        if (translations > _translations.Count)
            writer.WriteLine($"  … and {translations - _translations.Count:N0} more");
    }
}
