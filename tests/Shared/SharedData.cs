namespace NlQuery.Tests;

/// <summary>
/// Locates the datasets that are not ours to commit (Spider, SParC, CoSQL, reference files). They live in
/// <c>../shared</c> beside the repository, or wherever <c>NLQUERY_SHARED</c> points. A user's fresh clone has none
/// of them: tests that need them are skipped with a message saying so, while CI, which has them, runs them.
/// </summary>
public static class SharedData
{
    public static readonly string? Root = Locate();

    public static bool Available => Root is not null;

    public static string SkipReason =>
        "Skipped: the shared datasets folder (../shared beside the repository, or $NLQUERY_SHARED) is absent.";

    public static string SpiderDir => Path.Combine(Require(), "data", "spider");

    public static string Combine(params string[] parts) => Path.Combine([Require(), .. parts]);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string Require() => Root ?? throw new InvalidOperationException(SkipReason);

    private static string? Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("NLQUERY_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return Directory.Exists(Path.Combine(fromEnvironment, "data")) ? fromEnvironment : null;
        var candidate = Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "..", "shared"));
        return Directory.Exists(Path.Combine(candidate, "data")) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NlQuery.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root (NlQuery.sln) above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that needs <c>../shared</c>; skipped with a clear reason where it is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!SharedData.Available)
            Skip = SharedData.SkipReason;
    }
}

/// <summary>A theory that needs <c>../shared</c>; skipped with a clear reason where it is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (!SharedData.Available)
            Skip = SharedData.SkipReason;
    }
}
