using System.Text.Json;
using System.Text.Json.Nodes;
using NlQuery.Training.Datasets;
using NlQuery.Training.Promotion;

namespace NlQuery.Training.Pipelines.Internal;

/// <summary>What the T5 model card takes from train.py's <c>log.jsonl</c> (one JSON record per logged step).</summary>
internal static class T5TrainLog
{
    /// <summary>The held-out loss train.py logged at the final step, or why there is none.</summary>
    /// <param name="whenEmpty">The reason when the held-out split is empty.</param>
    public static (ModelMetric? Metric, string? Error) HeldOutLoss(string logPath, int steps, DatasetFileInfo heldOut, string whenEmpty)
    {
        if (heldOut.Examples == 0)
            return (null, whenEmpty);
        if (!File.Exists(logPath))
            return (null, $"{logPath} not found");
        double? loss = null;
        foreach (var line in File.ReadLines(logPath))
        {
            try
            {
                var record = JsonNode.Parse(line);
                if (record?["eval_loss"] is { } value && record["step"]?.GetValue<int>() == steps)
                    loss = value.GetValue<double>();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                return (null, $"{logPath}: unreadable line '{line}'");
            }
        }
        return loss is null
            ? (null, $"{logPath} has no held-out loss at step {steps}")
            : (new ModelMetric("heldout_loss", loss.Value, HigherIsBetter: false, heldOut.Sha256), null);
    }

    /// <summary>
    /// Seconds spent in optimizer steps over every run of this folder (resumed runs included): each record's
    /// <c>sec_per_step</c> times the steps since the previous record. Null when the log is missing or unreadable.
    /// </summary>
    public static double? TrainingSeconds(string logPath)
    {
        if (!File.Exists(logPath))
            return null;
        double total = 0;
        var previousStep = 0;
        try
        {
            foreach (var line in File.ReadLines(logPath))
            {
                var record = JsonNode.Parse(line);
                if (record?["sec_per_step"] is not { } perStep || record["step"] is not { } stepNode)
                    continue;
                var step = stepNode.GetValue<int>();
                total += perStep.GetValue<double>() * Math.Max(0, step - previousStep);
                previousStep = step;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
        return Math.Round(total, 1);
    }
}
