using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NlQuery.Training.Datasets;

namespace NlQuery.Training.Promotion;

/// <summary>
/// Replaces a model folder (such as <c>models/default</c>) with a candidate only when the candidate scored better on the
/// same held-out set. The candidate is copied beside the target, the target is renamed to <c>name.previous</c> (the
/// backup; an older backup is removed) and the copy is renamed into place; if that last rename fails the backup is
/// moved back. A candidate whose evaluation failed is never promoted.
/// </summary>
public static class ModelPromoter
{
    public const string ModelFileName = "model.json";

    /// <summary>The backup folder kept beside <paramref name="modelDirectory"/> after a promotion.</summary>
    public static string BackupPath(string modelDirectory) => Path.GetFullPath(modelDirectory).TrimEnd(Path.DirectorySeparatorChar) + ".previous";

    /// <summary>The metric stored in <paramref name="modelDirectory"/>'s model.json, or null when there is none.</summary>
    public static ModelMetric? ReadMetric(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, ModelFileName);
        if (!File.Exists(path))
            return null;
        try
        {
            return ModelMetric.FromJson(JsonNode.Parse(File.ReadAllText(path))?["metrics"]);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>
    /// Decides on a candidate: <paramref name="candidate"/> is null when its evaluation failed (<paramref name="evaluationError"/>
    /// says why); <paramref name="currentDirectory"/> is the folder it would replace.
    /// </summary>
    public static PromotionDecision Decide(ModelMetric? candidate, string? evaluationError, string currentDirectory)
    {
        if (candidate is null || evaluationError is not null)
            return new(false, $"not promoted: the candidate's evaluation failed ({evaluationError ?? "no metric"})");
        if (!double.IsFinite(candidate.Value))
            return new(false, $"not promoted: the candidate's {candidate.Name} is {candidate.Value}");
        if (!Directory.Exists(currentDirectory))
            return new(true, $"promoted: there is no current model at {currentDirectory}");
        var current = ReadMetric(currentDirectory);
        if (current is null)
            return new(false, $"not promoted: the current model at {currentDirectory} has no stored metric to compare with");
        if (!candidate.IsComparableWith(current))
            return new(false, $"not promoted: the current model's metric ({current.Name} on held-out {Short(current.HeldOutSha256)}) " +
                              $"is not comparable with the candidate's ({candidate.Name} on held-out {Short(candidate.HeldOutSha256)})");
        return candidate.IsBetterThan(current)
            ? new(true, $"promoted: {candidate.Name} {candidate.Value:G6} is better than the current {current.Value:G6}")
            : new(false, $"not promoted: {candidate.Name} {candidate.Value:G6} is not better than the current {current.Value:G6}");
    }

    /// <summary>
    /// Writes <paramref name="metric"/> and <paramref name="training"/> into the candidate's model.json (keeping its other
    /// keys), atomically.
    /// </summary>
    public static async Task WriteModelCardAsync(string candidateDirectory, ModelMetric? metric, JsonObject training,
        CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(candidateDirectory, ModelFileName);
        var card = File.Exists(path) ? JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)) as JsonObject : null;
        card ??= new JsonObject();
        card["metrics"] = metric?.ToJson();
        card["training_data_sha256"] = training["train_sha256"]?.DeepClone();
        card["training"] = training;
        var bytes = Encoding.UTF8.GetBytes(card.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        await AtomicFile.WriteAsync(path, (s, ct) => s.WriteAsync(bytes, ct).AsTask(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Puts a copy of <paramref name="candidateDirectory"/> at <paramref name="targetDirectory"/>, keeping the old one as the backup.</summary>
    public static void Promote(string candidateDirectory, string targetDirectory)
    {
        if (!Directory.Exists(candidateDirectory))
            throw new DirectoryNotFoundException($"Candidate model folder not found: {candidateDirectory}");
        var target = Path.GetFullPath(targetDirectory).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var incoming = Path.Combine(parent, $".{Path.GetFileName(target)}.incoming-{Guid.NewGuid():N}");
        try
        {
            CopyDirectory(candidateDirectory, incoming);
        }
        catch
        {
            if (Directory.Exists(incoming))
                Directory.Delete(incoming, recursive: true);
            throw;
        }
        var backup = BackupPath(target);
        var hadCurrent = Directory.Exists(target);
        if (hadCurrent)
        {
            if (Directory.Exists(backup))
                Directory.Delete(backup, recursive: true);
            Directory.Move(target, backup);
        }
        try
        {
            Directory.Move(incoming, target);
        }
        catch
        {
            if (hadCurrent && !Directory.Exists(target))
                Directory.Move(backup, target);
            if (Directory.Exists(incoming))
                Directory.Delete(incoming, recursive: true);
            throw;
        }
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(source))
            CopyDirectory(directory, Path.Combine(destination, Path.GetFileName(directory)));
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
