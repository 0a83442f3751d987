using System.Text.Json;

namespace NlQuery.Cli.Tests;

/// <summary>
/// A temporary <c>nlquery-canned/1</c> model folder: nlq answers each listed question with the listed SQL candidates,
/// so that end-to-end tests choose exactly what the "model" writes.
/// </summary>
public sealed class CannedModel : IDisposable
{
    public CannedModel(IReadOnlyDictionary<string, string[]> answers)
    {
        Folder = Directory.CreateTempSubdirectory("nlq-canned-").FullName;
        File.WriteAllText(Path.Combine(Folder, "model.json"),
            JsonSerializer.Serialize(new Dictionary<string, object> { ["format"] = "nlquery-canned/1", ["answers"] = answers }));
    }

    public string Folder { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
