using NlQuery.Training.Datasets;

namespace NlQuery.Training.Pipelines;

/// <summary>What <see cref="T5TrainingPipeline"/> trains on, what it starts from, where it works and how long it trains.</summary>
public sealed record T5TrainingOptions
{
    /// <summary>The data (Spider, SParC, CoSQL, corrections) and the held-out split.</summary>
    public required DatasetBuilderOptions Data { get; init; }

    /// <summary>The run folder: data/, spiece.model, train/ (checkpoints), onnx-fp32/, candidate/. Running again with it resumes.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>Where a better model is promoted to (its current model is the one to beat).</summary>
    public required string TargetModelDirectory { get; init; }

    /// <summary>A train.py preset (tiny, small, base) or a JSON file of Hugging Face T5 config keys; ignored with <see cref="InitDirectory"/>.</summary>
    public string Config { get; init; } = "small";

    /// <summary>Optimizer steps in total, across resumed runs.</summary>
    public int MaxSteps { get; init; } = 10000;

    public int BatchSize { get; init; } = 16;

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Warm-up steps; null: min(1000, <see cref="MaxSteps"/> / 10).</summary>
    public int? Warmup { get; init; }

    /// <summary>Checkpoint every this many steps.</summary>
    public int SaveEvery { get; init; } = 200;

    /// <summary>The SentencePiece model; null: the initial weights' own, or one trained on the dataset into the run folder.</summary>
    public string? TokenizerPath { get; init; }

    /// <summary>Vocabulary size when the tokenizer is trained.</summary>
    public int VocabularySize { get; init; } = 8000;

    /// <summary>
    /// Weights to start from instead of random ones: a promoted model folder (its <c>pytorch/</c> float16 weights) or a
    /// Hugging Face T5 folder. Ignored on resume: the checkpoint wins.
    /// </summary>
    public string? InitDirectory { get; init; }

    public int Threads { get; init; } = 2;

    /// <summary><c>auto</c>, <c>cpu</c> or <c>cuda[:N]</c>, as train.py takes it.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Stop after writing the candidate and its scores, whatever the rule says.</summary>
    public bool NoPromote { get; init; }
}
