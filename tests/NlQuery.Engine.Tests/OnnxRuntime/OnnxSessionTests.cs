using Microsoft.ML.OnnxRuntime;
using NlQuery.OnnxRuntime;
using NlQuery.OnnxRuntime.Internal;

namespace NlQuery.Tests.OnnxRuntime;

/// <summary>
/// Sessions from <see cref="OnnxRuntimeEnvironment.CreateSession(string, OnnxSessionOptions?)"/>: the official
/// InferenceSession, configured by NlQuery's options, and <see cref="OrtRunner"/>'s cancellable runs on it.
/// </summary>
public sealed class OnnxSessionTests
{
    private static InferenceSession Open(string path, OnnxSessionOptions? options = null) =>
        OnnxTestModels.Environment.CreateSession(path, options);

    private static float[] RunMatMul(InferenceSession session, float[] x, CancellationToken cancellationToken = default)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(x, [x.Length / 3, 3]);
        using var outputs = OrtRunner.Run(session, ["x"], [input], ["y"], cancellationToken);
        return outputs.First().GetTensorDataAsSpan<float>().ToArray();
    }

    [Fact]
    public void RunComputesMatMulPlusBias()
    {
        using var session = Open(OnnxTestModels.MatMulAdd);
        float[] x = [1, 2, 3, -1, 0.5f, 2];

        Assert.Equal(OnnxTestModels.Expected(x), RunMatMul(session, x));
    }

    [Fact]
    public void AModelInMemoryLoadsLikeAFile()
    {
        using var session = OnnxTestModels.Environment.CreateSession(File.ReadAllBytes(OnnxTestModels.MatMulAdd),
            new OnnxSessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL });

        Assert.Equal(OnnxTestModels.Expected([0, 0, 1]), RunMatMul(session, [0, 0, 1]));
    }

    [Fact]
    public void ExposesInputAndOutputMetadata()
    {
        using var session = Open(OnnxTestModels.Integers);

        Assert.Equal(["a", "b"], session.InputNames);
        Assert.Equal(["sum", "doubled"], session.OutputNames);
        Assert.Equal(typeof(long), session.InputMetadata["a"].ElementType);
        Assert.Equal([-1], session.InputMetadata["a"].Dimensions);
    }

    [Fact]
    public void WrongInputNameFailsWithOnnxRuntimesMessage()
    {
        using var session = Open(OnnxTestModels.MatMulAdd);
        using var input = OrtValue.CreateTensorValueFromMemory(new float[3], [1, 3]);

        var e = Assert.Throws<OnnxRuntimeException>(() => OrtRunner.Run(session, ["not_x"], [input], ["y"], default));

        Assert.Contains("not_x", e.Message);
    }

    [Fact]
    public void CorruptModelFileFailsWithOnnxRuntimesMessage()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nlquery-corrupt-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, [0x08, 0x07, 0xff, 0xff, 0x12, 0x34, 0x00, 0x99, 0x42]);
        try
        {
            var e = Assert.Throws<OnnxRuntimeException>(() => Open(path));
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingModelFileIsFileNotFound()
    {
        var path = Path.Combine(Path.GetTempPath(), "nlquery-no-such-model.onnx");

        var e = Assert.Throws<FileNotFoundException>(() => Open(path));

        Assert.Equal(path, e.FileName);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void EmptyModelBytesAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => OnnxTestModels.Environment.CreateSession(Array.Empty<byte>()));

        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void CudaOnTheCpuBuildNamesTheMissingProviderLibrary()
    {
        var options = new OnnxSessionOptions { ExecutionProvider = ExecutionProvider.Cuda };

        var e = Assert.Throws<ExecutionProviderUnavailableException>(() => Open(OnnxTestModels.MatMulAdd, options));

        // The CPU package ships libonnxruntime_providers_shared but not the CUDA provider.
        var cuda = OperatingSystem.IsWindows() ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";
        Assert.Equal(ExecutionProvider.Cuda, e.Provider);
        Assert.Equal([cuda], e.MissingFiles);
        Assert.Contains(cuda, e.Message);
        Assert.Contains("-p:NlQueryGpu=true", e.Message);
    }

    [Fact]
    public void CudaFallbackRunsOnCpuAndWarns()
    {
        var warnings = new List<string>();
        var options = new OnnxSessionOptions { ExecutionProvider = ExecutionProvider.Cuda, FallbackToCpu = true, Warning = warnings.Add };

        using var session = Open(OnnxTestModels.MatMulAdd, options);

        var warning = Assert.Single(warnings);
        Assert.Contains("CPU", warning);
        Assert.Contains("onnxruntime_providers_cuda", warning);
        Assert.Equal(OnnxTestModels.Expected([1, 1, 1]), RunMatMul(session, [1, 1, 1]));
    }

    [Fact]
    public void MissingCudaLibrariesAreNamedFromTheLoadersMessage()
    {
        // What ONNX Runtime's GPU build reports when CUDA itself is not installed.
        var ort = new InvalidOperationException(
            "/onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:1862 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() " +
            "[ONNXRuntimeError] : 1 : FAIL : Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: cannot open shared object file: No such file or directory");

        var e = CudaProvider.Unavailable(ort);

        Assert.Equal(["libcublasLt.so.12"], e.MissingFiles);
        Assert.Contains("libcublasLt.so.12 was not found", e.Message);
        Assert.True(CudaProvider.IsProviderFailure(ort));
    }

    [Fact]
    public void ManyConcurrentRunsOnOneSessionSucceed()
    {
        using var session = Open(OnnxTestModels.MatMulAdd);
        var failures = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var rows = 1 + i % 5;
            var x = Enumerable.Range(0, rows * 3).Select(k => (float)(i * 0.25 + k)).ToArray();
            if (!OnnxTestModels.Expected(x).SequenceEqual(RunMatMul(session, x)))
                Interlocked.Increment(ref failures);
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void CancelledTokenStopsTheRun()
    {
        using var session = Open(OnnxTestModels.MatMulAdd);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => RunMatMul(session, [1, 2, 3], cts.Token));
    }

    [Fact]
    public void CancellationSetsOnnxRuntimesTerminateFlag()
    {
        using var options = new RunOptions();
        using var cts = new CancellationTokenSource();
        using var registration = OrtRunner.TerminateOnCancel(options, cts.Token);

        Assert.False(options.Terminate);
        cts.Cancel();
        Assert.True(options.Terminate);
    }

    [Fact]
    public void ARunOnnxRuntimeTerminatesBecauseOfCancellationIsReportedAsCancelled()
    {
        // The state a cancellation during a run leaves: the flag set and the token cancelled. Set up directly, so that
        // the outcome does not depend on whether a cancelling thread or the run gets there first.
        using var session = Open(OnnxTestModels.SlowMatMulChain);
        const int n = 64;
        using var input = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(0.001f, n * n).ToArray(), [n, n]);
        using var options = new RunOptions { Terminate = true };
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var e = Assert.ThrowsAny<OperationCanceledException>(() => OrtRunner.Run(session, options, ["x"], [input], ["y"], cts.Token));

        // ONNX Runtime itself stopped the run: the cancellation wraps its error.
        Assert.IsType<OnnxRuntimeException>(e.InnerException);
        Assert.Equal(cts.Token, e.CancellationToken);
    }

    [Fact]
    public void CancellableRunThatIsNotCancelledSucceeds()
    {
        using var session = Open(OnnxTestModels.MatMulAdd);
        using var cts = new CancellationTokenSource();

        Assert.Equal(OnnxTestModels.Expected([1, 2, 3]), RunMatMul(session, [1, 2, 3], cts.Token));
    }

    [Fact]
    public void ADisposedEnvironmentRefusesNewSessionsAndItsSessionsKeepRunning()
    {
        var environment = new OnnxRuntimeEnvironment(new OnnxRuntimeEnvironmentOptions { IntraOpThreads = 1 });
        using var session = environment.CreateSession(OnnxTestModels.MatMulAdd);
        environment.Dispose();

        Assert.Throws<ObjectDisposedException>(() => environment.CreateSession(OnnxTestModels.MatMulAdd));
        Assert.Equal(OnnxTestModels.Expected([0, 0, 1]), RunMatMul(session, [0, 0, 1]));
        using var again = Open(OnnxTestModels.MatMulAdd);
        Assert.Equal(OnnxTestModels.Expected([0, 0, 1]), RunMatMul(again, [0, 0, 1]));
    }
}
