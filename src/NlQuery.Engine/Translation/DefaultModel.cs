namespace NlQuery.Translation;

/// <summary>
/// Where the default model is found when none is named: <c>models/default</c> beside the application, else in the
/// current folder or the nearest folder above it that has one (a clone of the repository, where the model is committed).
/// </summary>
public static class DefaultModel
{
    public const string RelativeFolder = "models/default";

    /// <summary>The folders looked at, in order.</summary>
    public static IReadOnlyList<string> Candidates()
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, RelativeFolder) };
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            candidates.Add(Path.Combine(dir.FullName, RelativeFolder));
        return candidates;
    }

    /// <summary>The first candidate folder that has a <c>model.json</c>, or null.</summary>
    public static string? Locate() => Candidates().FirstOrDefault(c => File.Exists(Path.Combine(c, T5ModelInfo.FileName)));
}
