using NlQuery.Cli.Fuzzing;
using NlQuery.Sql;

namespace NlQuery.Cli.Tests.Fuzzing;

/// <summary>What makes a fuzz run fail (its exit code) and what it prints.</summary>
public sealed class FuzzReportTests
{
    private static readonly FuzzInput Input = new("SELECT 1", BuiltInFuzzSeeds.Seeds[0], SqlDialect.Sqlite, ParseMode.Guards, "seed");

    [Theory]
    [InlineData(nameof(FuzzFailureKind.ParserException))]
    [InlineData(nameof(FuzzFailureKind.IncrementalInvariant))]
    [InlineData(nameof(FuzzFailureKind.StatementAndPrinter))]
    public void AnyFailureFailsTheRunAndIsPrintedWithItsInput(string kindName)
    {
        var kind = Enum.Parse<FuzzFailureKind>(kindName);
        var report = new FuzzReport();
        report.Fail(new FuzzFailure(Input, kind, "it broke"));
        Assert.False(report.Passed);
        var text = Print(report);
        Assert.Contains($"[{kind}] it broke", text);
        Assert.Contains("input (C# literal): \"SELECT 1\"", text);
    }

    [Fact]
    public void TranslationMismatchesAreReportedWithoutFailing()
    {
        var report = new FuzzReport();
        report.Fail(new FuzzFailure(Input, FuzzFailureKind.Translation, "no TOP in SQLite"));
        Assert.True(report.Passed);
        Assert.Equal(0, report.FailureCount);
        Assert.Contains("reported, not failing): 1", Print(report));
    }

    [Fact]
    public void AHangFailsTheRun()
    {
        var report = new FuzzReport { Hung = true, Hang = Input };
        Assert.False(report.Passed);
        Assert.Contains("HANG", Print(report));
    }

    [Fact]
    public void KeepsTheFirstFailuresAndCountsTheRest()
    {
        var report = new FuzzReport();
        for (var i = 0; i < FuzzReport.MaxFailuresKept + 5; i++)
            report.Fail(new FuzzFailure(Input, FuzzFailureKind.ParserException, $"failure {i}"));
        Assert.Equal(FuzzReport.MaxFailuresKept + 5, report.FailureCount);
        Assert.Equal(FuzzReport.MaxFailuresKept, report.Failures.Count);
        Assert.Contains("… and 5 more", Print(report));
    }

    private static string Print(FuzzReport report)
    {
        var writer = new StringWriter();
        report.WriteTo(writer);
        return writer.ToString();
    }
}
