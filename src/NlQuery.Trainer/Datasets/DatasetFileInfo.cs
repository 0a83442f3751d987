namespace NlQuery.Training.Datasets;

/// <summary>A written JSONL file: its path, number of lines and SHA-256 (lower-case hex) of its bytes.</summary>
public sealed record DatasetFileInfo(string Path, int Examples, string Sha256);
