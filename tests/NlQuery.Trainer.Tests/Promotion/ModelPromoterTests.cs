using System.Text.Json.Nodes;
using NlQuery.Training.Promotion;

namespace NlQuery.Tests.Promotion;

public sealed class ModelPromoterTests : IDisposable
{
    private const string HeldOut = "abc123";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "nlq-promote-" + Guid.NewGuid().ToString("N"));

    private string Default => Path.Combine(_root, "models", "default");

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task ABetterCandidateReplacesTheDefaultAndTheOldOneIsKept()
    {
        await MakeModelAsync(Default, Loss(2.0), "old weights");
        var candidate = await MakeModelAsync(Path.Combine(_root, "candidate"), Loss(1.5), "new weights");

        var decision = ModelPromoter.Decide(Loss(1.5), null, Default);
        Assert.True(decision.Promote, decision.Reason);
        ModelPromoter.Promote(candidate, Default);

        Assert.Equal("new weights", File.ReadAllText(Path.Combine(Default, "weights.onnx")));
        Assert.Equal(1.5, ModelPromoter.ReadMetric(Default)!.Value);
        Assert.Equal("old weights", File.ReadAllText(Path.Combine(ModelPromoter.BackupPath(Default), "weights.onnx")));
        Assert.Equal(2.0, ModelPromoter.ReadMetric(ModelPromoter.BackupPath(Default))!.Value);
        // Nothing half-made is left beside it.
        Assert.Equal(new[] { "default", "default.previous" }, Directory.GetDirectories(Path.Combine(_root, "models")).Select(d => Path.GetFileName(d)!).Order().ToArray());
        // The candidate is copied, not moved.
        Assert.True(File.Exists(Path.Combine(candidate, "weights.onnx")));
    }

    [Fact]
    public async Task AWorseOrEqualCandidateIsNotPromoted()
    {
        await MakeModelAsync(Default, Loss(1.0), "old weights");
        Assert.False(ModelPromoter.Decide(Loss(1.2), null, Default).Promote);
        var tie = ModelPromoter.Decide(Loss(1.0), null, Default);
        Assert.False(tie.Promote);
        Assert.Contains("not better", tie.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HigherIsBetterMetricsCompareTheOtherWay()
    {
        await MakeModelAsync(Default, new ModelMetric("heldout_exact_match", 0.4, true, HeldOut), "old");
        Assert.True(ModelPromoter.Decide(new ModelMetric("heldout_exact_match", 0.5, true, HeldOut), null, Default).Promote);
        Assert.False(ModelPromoter.Decide(new ModelMetric("heldout_exact_match", 0.3, true, HeldOut), null, Default).Promote);
    }

    [Fact]
    public async Task AFailedEvaluationNeverPromotes()
    {
        Assert.False(ModelPromoter.Decide(null, "train.py crashed", Default).Promote);
        Assert.False(ModelPromoter.Decide(Loss(double.NaN), null, Default).Promote);
        await MakeModelAsync(Default, Loss(5), "old");
        var decision = ModelPromoter.Decide(null, "no held-out loss", Default);
        Assert.False(decision.Promote);
        Assert.Contains("no held-out loss", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsFromAnotherHeldOutSetAreNotCompared()
    {
        await MakeModelAsync(Default, Loss(3.0), "old");
        var decision = ModelPromoter.Decide(new ModelMetric("heldout_loss", 0.1, false, "other"), null, Default);
        Assert.False(decision.Promote);
        Assert.Contains("not comparable", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACurrentModelWithoutAMetricIsKept()
    {
        Directory.CreateDirectory(Default);
        Assert.False(ModelPromoter.Decide(Loss(0.1), null, Default).Promote);
        var candidate = await MakeModelAsync(Path.Combine(_root, "candidate"), Loss(0.1), "w");
        Assert.True(ModelPromoter.Decide(Loss(0.1), null, Path.Combine(_root, "models", "absent")).Promote);
        ModelPromoter.Promote(candidate, Path.Combine(_root, "models", "absent"));
        Assert.False(Directory.Exists(ModelPromoter.BackupPath(Path.Combine(_root, "models", "absent"))));
    }

    [Fact]
    public async Task TheModelCardKeepsExportKeysAndAddsMetricsAndTraining()
    {
        var directory = Path.Combine(_root, "card");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "model.json"), """{"format": "nlquery-t5-onnx/1", "metrics": null}""");
        await ModelPromoter.WriteModelCardAsync(directory, Loss(0.7), new JsonObject { ["train_sha256"] = "f00d", ["steps"] = 3 });
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "model.json")))!;
        Assert.Equal("nlquery-t5-onnx/1", card["format"]!.GetValue<string>());
        Assert.Equal("f00d", card["training_data_sha256"]!.GetValue<string>());
        Assert.Equal(3, card["training"]!["steps"]!.GetValue<int>());
        Assert.Equal(Loss(0.7), ModelPromoter.ReadMetric(directory));
    }

    private static ModelMetric Loss(double value) => new("heldout_loss", value, false, HeldOut);

    private static async Task<string> MakeModelAsync(string directory, ModelMetric metric, string weights)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "weights.onnx"), weights);
        await ModelPromoter.WriteModelCardAsync(directory, metric, new JsonObject { ["train_sha256"] = "0" });
        return directory;
    }
}
