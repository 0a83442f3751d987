using System.Diagnostics;

namespace NlQuery.Tests.Python;

/// <summary>
/// Runs the PyTorch side's own unit tests (src/NlQuery.Trainer/python/tests): the T5 model and its Hugging Face
/// format, the ONNX export and int8 pass, and exact resumption of interrupted training.
/// </summary>
public class PythonTrainerTests
{
    [PythonTorchFact]
    public void PythonUnitTestsPass()
    {
        var directory = Path.Combine(SharedData.RepositoryRoot, "src", "NlQuery.Trainer", "python");
        var start = new ProcessStartInfo(PythonTorchFactAttribute.Python, "-m unittest discover -s tests -v")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the Python tests did not finish in 15 minutes");
        }
        var output = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, $"python -m unittest exited {process.ExitCode}:\n{output}");
        Assert.Contains("OK", output);
    }
}
