using System.Diagnostics;

namespace NlQuery.Cli.Tests.Train;

/// <summary>
/// A fact that needs Debian's Python with PyTorch, ONNX and SentencePiece (<c>/usr/bin/python3</c>; .ci/apt-packages
/// installs them); skipped with a clear reason where they are absent.
/// </summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    private const string Python = "/usr/bin/python3";

    private static readonly string? Missing = Probe();

    public PythonTorchFactAttribute()
    {
        if (Missing is not null)
            Skip = Missing;
    }

    private static string? Probe()
    {
        if (!File.Exists(Python))
            return $"Skipped: {Python} not found (apt-get install python3-torch python3-onnx python3-sentencepiece sentencepiece).";
        var start = new ProcessStartInfo(Python, "-c \"import torch, onnx, sentencepiece, numpy\"") { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"Skipped: {Python} cannot import torch/onnx/sentencepiece/numpy: {error.Trim().Split('\n').LastOrDefault()}";
    }
}
