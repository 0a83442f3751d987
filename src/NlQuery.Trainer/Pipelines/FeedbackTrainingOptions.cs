using System.Data.Common;

namespace NlQuery.Training.Pipelines;

/// <summary>What <see cref="FeedbackTrainingPipeline"/> learns from, what it starts from, and what a candidate must beat.</summary>
public sealed record FeedbackTrainingOptions
{
    /// <summary>Makes a new, closed connection to the database the corrections are about (the pipeline opens and disposes it).</summary>
    public required Func<DbConnection> Database { get; init; }

    /// <summary>A feedback store file; null: the store is the <c>nlquery_feedback</c> table inside <see cref="Database"/>.</summary>
    public string? FeedbackStorePath { get; init; }

    /// <summary>The model to fine-tune (its <c>weights/pointer.pt</c>): the current model the candidate must beat.</summary>
    public required string InitModelDirectory { get; init; }

    /// <summary>Where a better candidate is promoted; null: <see cref="InitModelDirectory"/>.</summary>
    public string? TargetModelDirectory { get; init; }

    /// <summary>
    /// Spider (train_spider.json, train_others.json, tables.json, database/): replayed examples so the model does not
    /// forget, and its held-out databases for the forgetting check. Null: neither (recorded as skipped).
    /// </summary>
    public string? SpiderDirectory { get; init; }

    /// <summary>The run folder (export, data, checkpoints, candidate, run.log). Running again with it resumes.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>The fraction of corrections held out for the gate (by question hash; at least one when there are two).</summary>
    public double HeldOutFraction { get; init; } = 0.25;

    /// <summary>Chooses the held-out corrections and the replayed Spider examples; the same seed gives the same choice.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Spider training examples replayed beside the corrections (a fixed-seed sample).</summary>
    public int ReplayExamples { get; init; } = 2000;

    /// <summary>Times each correction comes per epoch; null: enough for corrections to be about a third of what is seen.</summary>
    public int? FeedbackRepeat { get; init; }

    /// <summary>Spider held-out examples the forgetting check runs (null: all of the held-out databases' examples).</summary>
    public int? SpiderHeldOutLimit { get; init; }

    /// <summary>Training minutes at most, across resumed runs.</summary>
    public double MaxMinutes { get; init; } = 8;

    /// <summary>Optimizer steps planned; null: what <see cref="MaxMinutes"/> allows at the measured speed.</summary>
    public int? Steps { get; init; }

    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Peak learning rate: a tenth of training from scratch, since the weights are already good (3e-4 with 400 replayed
    /// examples lost 5.9 EX points on Spider's held-out databases in 8 minutes: docs/benchmarks.md).
    /// </summary>
    public double LearningRate { get; init; } = 1e-4;

    public int Warmup { get; init; } = 20;

    public int Threads { get; init; } = 2;

    /// <summary>EX points (0–100) by which the candidate must beat the current model on the held-out corrections.</summary>
    public double MinGainPoints { get; init; }

    /// <summary>EX points the candidate may lose on Spider's held-out databases.</summary>
    public double MaxSpiderLossPoints { get; init; } = 1;

    /// <summary>Evaluate and record, but never promote.</summary>
    public bool NoPromote { get; init; }
}
