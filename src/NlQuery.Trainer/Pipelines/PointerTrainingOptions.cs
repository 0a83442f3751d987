using NlQuery.Training.Datasets;

namespace NlQuery.Training.Pipelines;

/// <summary>What <see cref="PointerTrainingPipeline"/> trains on, where it works, and how long it may take.</summary>
public sealed record PointerTrainingOptions
{
    /// <summary>The data (Spider, SParC, CoSQL, corrections) and the held-out split.</summary>
    public required DatasetBuilderOptions Data { get; init; }

    /// <summary>The run folder: data/, train/ (checkpoints), candidate/. Running again with the same folder resumes.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>Where a better model is promoted to (its current model is the one to beat).</summary>
    public required string TargetModelDirectory { get; init; }

    /// <summary>Training minutes at most, across resumed runs (CPU: the shipped model's 80).</summary>
    public double MaxMinutes { get; init; } = 80;

    /// <summary>Optimizer steps planned; null: as many as <see cref="MaxMinutes"/> allows at the measured speed.</summary>
    public int? Steps { get; init; }

    public int Threads { get; init; } = 2;

    /// <summary><c>cpu</c> (frozen encoder, cached features) or <c>cuda</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Fine-tune MiniLM too (meant for a GPU: the same script, mixed precision).</summary>
    public bool FineTuneEncoder { get; init; }

    /// <summary>Stop after writing the candidate and its scores, whatever the rule says.</summary>
    public bool NoPromote { get; init; }
}
