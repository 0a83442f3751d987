using System.Text.Json.Nodes;
using NlQuery.Schema;
using NlQuery.Sql;
using NlQuery.Translation;

namespace NlQuery.Tests.Translation;

/// <summary>
/// Following a model folder: fake translators stand for models (each answers with its folder's "name" from model.json),
/// and explicit reloads make every ordering deterministic; one test follows the shipped default model.
/// </summary>
public sealed class ReloadingTranslatorTests : IDisposable
{
    private static readonly DatabaseSchema Schema = new("shop", [new Table("customers", [new Column("id"), new Column("name")])]);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "nlq-reload-" + Guid.NewGuid().ToString("N"));
    private readonly List<FakeModel> _loaded = [];

    public ReloadingTranslatorTests() => Directory.CreateDirectory(_root);

    private string Folder => Path.Combine(_root, "default");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task AChangedModelAnswersTheNextQuestionAndTheOldOneIsDisposed()
    {
        WriteModel(Folder, "first");
        using var translator = Follow();
        Assert.Equal("first", await AskAsync(translator));

        Promote("second");
        Assert.True(await translator.ReloadIfChangedAsync());

        Assert.Equal("second", await AskAsync(translator));
        Assert.Equal(2, translator.Generation);
        Assert.True(_loaded[0].Disposed);
        Assert.False(_loaded[1].Disposed);
    }

    [Fact]
    public async Task AnUnchangedFolderIsNotLoadedAgain()
    {
        WriteModel(Folder, "first");
        using var translator = Follow();

        Assert.False(await translator.ReloadIfChangedAsync());

        Assert.Single(_loaded);
        Assert.Equal(1, translator.Generation);
    }

    [Fact]
    public async Task AQuestionInFlightFinishesOnTheModelItStartedWith()
    {
        WriteModel(Folder, "old");
        using var translator = Follow();
        var gate = new TaskCompletionSource();
        _loaded[0].Gate = gate.Task;
        var inFlight = AskAsync(translator);
        await _loaded[0].Started.Task;

        Promote("new");
        Assert.True(await translator.ReloadIfChangedAsync());
        Assert.Equal("new", await AskAsync(translator));
        Assert.False(_loaded[0].Disposed); // still answering the first question

        gate.SetResult();
        Assert.Equal("old", await inFlight);
        Assert.True(_loaded[0].Disposed);
    }

    [Fact]
    public async Task AFolderThatFailsToLoadLeavesTheCurrentModelAnswering()
    {
        WriteModel(Folder, "good");
        using var translator = Follow();
        string? failure = null;
        translator.ReloadFailed += (_, reason) => failure = reason;

        Promote("broken");
        Assert.False(await translator.ReloadIfChangedAsync());

        Assert.Equal("good", await AskAsync(translator));
        Assert.Contains("could not be loaded", translator.LastReloadError);
        Assert.Contains("the model named broken is corrupt", translator.LastReloadError);
        Assert.Equal(translator.LastReloadError, failure);

        Promote("fixed");
        Assert.True(await translator.ReloadIfChangedAsync());
        Assert.Equal("fixed", await AskAsync(translator));
        Assert.Null(translator.LastReloadError);
    }

    [Fact]
    public async Task WhileAPromotionHasMovedTheFolderAwayTheModelInMemoryKeepsAnswering()
    {
        WriteModel(Folder, "first");
        using var translator = Follow();
        Directory.Move(Folder, Folder + ".previous");

        Assert.False(await translator.ReloadIfChangedAsync());

        Assert.Equal("first", await AskAsync(translator));
        Assert.Null(translator.LastReloadError);
    }

    [Fact]
    public async Task QuestionsLookForANewModelByThemselves()
    {
        WriteModel(Folder, "first");
        using var translator = new ReloadingTranslator(Folder, Load) { CheckInterval = TimeSpan.Zero };
        var reloaded = new TaskCompletionSource();
        translator.Reloaded += (_, _) => reloaded.TrySetResult();
        Promote("second");

        // The question that notices the change is answered by the current model while the new one loads in the background.
        await AskAsync(translator);
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("second", await AskAsync(translator));
    }

    [Fact]
    public void AFolderWithoutAModelIsRefusedAtConstruction()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => new ReloadingTranslator(Path.Combine(_root, "nothing"), Load));
        Assert.Contains("model.json", error.Message);
    }

    [Fact]
    public async Task DisposingWaitsForTheQuestionInFlightBeforeDisposingTheModel()
    {
        WriteModel(Folder, "only");
        var translator = Follow();
        var gate = new TaskCompletionSource();
        _loaded[0].Gate = gate.Task;
        var inFlight = AskAsync(translator);
        await _loaded[0].Started.Task;

        translator.Dispose();
        Assert.False(_loaded[0].Disposed);
        gate.SetResult();

        Assert.Equal("only", await inFlight);
        Assert.True(_loaded[0].Disposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => AskAsync(translator));
    }

    [Fact]
    public async Task TheDefaultModelIsFollowedAcrossAPromotion()
    {
        var shipped = Path.Combine(SharedData.RepositoryRoot, DefaultModel.RelativeFolder);
        CopyDirectory(shipped, Folder);
        using var translator = new ReloadingTranslator(Folder) { CheckInterval = Timeout.InfiniteTimeSpan };
        var request = new TranslationRequest("how many customers are there", Schema, SqlDialect.Sqlite);
        var before = await translator.TranslateAsync(request);

        // What ModelPromoter does: a complete copy renamed into place, here with a changed model card.
        var incoming = Path.Combine(_root, ".incoming");
        CopyDirectory(shipped, incoming);
        var card = Path.Combine(incoming, "model.json");
        var json = JsonNode.Parse(File.ReadAllText(card))!.AsObject();
        json["promoted_by_test"] = true;
        File.WriteAllText(card, json.ToJsonString());
        Directory.Move(Folder, Folder + ".previous");
        Directory.Move(incoming, Folder);

        Assert.True(await translator.ReloadIfChangedAsync());
        var after = await translator.TranslateAsync(request);
        Assert.Equal(2, translator.Generation);
        Assert.Equal(before.Candidates.Select(c => c.Sql), after.Candidates.Select(c => c.Sql));
    }

    /// <summary>Follows the folder with automatic checks off, so that only the test's explicit reloads load (no race with a background one).</summary>
    private ReloadingTranslator Follow() => new(Folder, Load) { CheckInterval = Timeout.InfiniteTimeSpan };

    private ITranslator Load(string folder)
    {
        var name = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "model.json")))!["name"]!.GetValue<string>();
        if (name == "broken")
            throw new InvalidDataException("the model named broken is corrupt");
        var model = new FakeModel(name);
        _loaded.Add(model);
        return model;
    }

    private static void WriteModel(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "model.json"), new JsonObject { ["format"] = "fake", ["name"] = name }.ToJsonString());
    }

    /// <summary>Replaces the folder the way ModelPromoter does: a complete new folder renamed into place.</summary>
    private void Promote(string name)
    {
        var incoming = Path.Combine(_root, ".incoming-" + name);
        WriteModel(incoming, name);
        var backup = Folder + ".previous";
        if (Directory.Exists(backup))
            Directory.Delete(backup, recursive: true);
        Directory.Move(Folder, backup);
        Directory.Move(incoming, Folder);
    }

    private static async Task<string> AskAsync(ITranslator translator)
    {
        var result = await translator.TranslateAsync(new TranslationRequest("how many customers?", Schema, SqlDialect.Sqlite));
        return result.ModelInput;
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
    }

    /// <summary>A model that answers with its name (as the model input) and records whether it was disposed.</summary>
    private sealed class FakeModel(string name) : ITranslator, IDisposable
    {
        public Task Gate { get; set; } = Task.CompletedTask;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Disposed { get; private set; }

        public async Task<TranslationResult> TranslateAsync(TranslationRequest request, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            Started.TrySetResult();
            await Gate;
            var zero = TimeSpan.Zero;
            return new TranslationResult([new SqlCandidate("SELECT count(*) FROM customers", -0.1)], name,
                new TranslationTimings(zero, zero, zero, zero, zero));
        }

        public void Dispose() => Disposed = true;
    }
}
