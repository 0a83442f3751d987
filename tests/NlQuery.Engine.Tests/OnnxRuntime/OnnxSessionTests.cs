using NlQuery.OnnxRuntime;

namespace NlQuery.Tests.OnnxRuntime;

public sealed class OnnxSessionTests
{
    private static OnnxSession Open(string path, OnnxSessionOptions? options = null) =>
        OnnxTestModels.Environment.CreateSession(path, options);

    [Fact]
    public void RunComputesMatMulPlusBias()
    {
        using var session = Open(OnnxTestModels.MatMulAdd);
        float[] x = [1, 2, 3, -1, 0.5f, 2];
        using var input = OnnxValue.CreateTensor(x, 2, 3);

        var outputs = session.Run(["x"], [input], ["y"]);
        using var y = outputs[0];

        Assert.Single(outputs);
        Assert.Equal([2L, 2L], y.Shape);
        Assert.Equal(TensorElementType.Float, y.ElementType);
        Assert.Equal(OnnxTestModels.Expected(x), y.ToArray<float>());
    }

    [Fact]
    public void RunHandlesInt64AndInt32Tensors()
    {
        using var session = Open(OnnxTestModels.Integers);
        using var a = OnnxValue.CreateTensor(new long[] { 10_000_000_000, -5, 7 }, 3);
        using var b = OnnxValue.CreateTensor(new[] { 1, 2, int.MaxValue / 2 }, 3);

        var outputs = session.Run(new Dictionary<string, OnnxValue> { ["a"] = a, ["b"] = b }, "doubled", "sum");
        using var doubled = outputs[0];
        using var sum = outputs[1];

        Assert.Equal(new long[] { 10_000_000_001, -3, 7 + int.MaxValue / 2 }, sum.ToArray<long>());
        Assert.Equal(new[] { 2, 4, (int.MaxValue / 2) * 2 }, doubled.ToArray<int>());
    }

    [Fact]
    public void ExposesInputAndOutputMetadata()
    {
        using var session = Open(OnnxTestModels.Integers);

        Assert.Equal(["a", "b"], session.InputNames);
        Assert.Equal(["sum", "doubled"], session.OutputNames);
        Assert.Equal(TensorElementType.Int64, session.Inputs[0].ElementType);
        Assert.Equal(TensorElementType.Int32, session.Inputs[1].ElementType);
        Assert.Equal([-1L], session.Inputs[0].Dimensions);
        Assert.Equal(ExecutionProvider.Cpu, session.ExecutionProvider);
    }

    [Fact]
    public void WrongInputNameFailsWithOnnxRuntimesMessage()
    {
        using var session = Open(OnnxTestModels.MatMulAdd);
        using var input = OnnxValue.CreateTensor(new float[3], 1, 3);

        var e = Assert.Throws<OnnxRuntimeException>(() => session.Run(["not_x"], [input], ["y"]));

        Assert.Equal(OrtErrorCode.InvalidArgument, e.ErrorCode);
        Assert.Contains("not_x", e.OrtMessage);
    }

    [Fact]
    public void WrongShapeFailsWithOnnxRuntimesMessage()
    {
        using var session = Open(OnnxTestModels.MatMulAdd);
        using var input = OnnxValue.CreateTensor(new float[8], 2, 4);

        var e = Assert.Throws<OnnxRuntimeException>(() => session.Run(["x"], [input], ["y"]));

        Assert.Equal(OrtErrorCode.InvalidArgument, e.ErrorCode);
        Assert.Contains("dimensions", e.OrtMessage);
        Assert.Contains(e.OrtMessage, e.Message);
    }

    [Fact]
    public void WrongElementTypeFailsWithOnnxRuntimesMessage()
    {
        using var session = Open(OnnxTestModels.MatMulAdd);
        using var input = OnnxValue.CreateTensor(new double[3], 1, 3);

        var e = Assert.Throws<OnnxRuntimeException>(() => session.Run(["x"], [input], ["y"]));

        Assert.Contains("type", e.OrtMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void CorruptModelFileFailsWithOnnxRuntimesMessage()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nlquery-corrupt-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, [0x08, 0x07, 0xff, 0xff, 0x12, 0x34, 0x00, 0x99, 0x42]);
        try
        {
            var e = Assert.Throws<OnnxRuntimeException>(() => Open(path));
            Assert.NotEqual(OrtErrorCode.Ok, e.ErrorCode);
            Assert.False(string.IsNullOrWhiteSpace(e.OrtMessage));
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
    public void CudaWithoutItsProviderLibrariesNamesWhatIsMissing()
    {
        var options = new OnnxSessionOptions { ExecutionProvider = ExecutionProvider.Cuda };

        var e = Assert.Throws<ExecutionProviderUnavailableException>(() => Open(OnnxTestModels.MatMulAdd, options));

        Assert.Equal(ExecutionProvider.Cuda, e.Provider);
        Assert.Contains(OperatingSystem.IsWindows() ? "onnxruntime_providers_shared.dll" : "libonnxruntime_providers_shared.so", e.Message);
        Assert.Contains(OperatingSystem.IsWindows() ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so", e.Message);
        Assert.Equal(2, e.MissingFiles.Count);
    }

    [Fact]
    public void CudaFallbackRunsOnCpuAndWarns()
    {
        var warnings = new List<string>();
        var options = new OnnxSessionOptions { ExecutionProvider = ExecutionProvider.Cuda, FallbackToCpu = true, Warning = warnings.Add };

        using var session = Open(OnnxTestModels.MatMulAdd, options);
        using var input = OnnxValue.CreateTensor(new float[] { 1, 1, 1 }, 1, 3);
        using var y = session.Run(["x"], [input], ["y"])[0];

        Assert.Equal(ExecutionProvider.Cpu, session.ExecutionProvider);
        var warning = Assert.Single(warnings);
        Assert.Contains("CPU", warning);
        Assert.Contains("libonnxruntime_providers_cuda", warning.Replace("onnxruntime_providers_cuda.dll", "libonnxruntime_providers_cuda"));
        Assert.Equal(OnnxTestModels.Expected([1, 1, 1]), y.ToArray<float>());
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
            using var input = OnnxValue.CreateTensor(x, rows, 3);
            using var y = session.Run(["x"], [input], ["y"])[0];
            if (!OnnxTestModels.Expected(x).SequenceEqual(y.ToArray<float>()))
                Interlocked.Increment(ref failures);
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void RunAfterDisposeThrowsObjectDisposed()
    {
        var session = Open(OnnxTestModels.MatMulAdd);
        using var input = OnnxValue.CreateTensor(new float[3], 1, 3);
        session.Dispose();
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run(["x"], [input], ["y"]));
    }

    [Fact]
    public void CancelledTokenStopsTheRun()
    {
        using var session = Open(OnnxTestModels.MatMulAdd);
        using var input = OnnxValue.CreateTensor(new float[3], 1, 3);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => session.Run(["x"], [input], ["y"], cts.Token));
    }

    [Fact]
    public void CancellationDuringARunMakesOnnxRuntimeStopIt()
    {
        using var session = Open(OnnxTestModels.SlowMatMulChain);
        const int n = 1024;
        using var input = OnnxValue.CreateTensor(Enumerable.Repeat(0.001f, n * n).ToArray(), n, n);
        using var cts = new CancellationTokenSource();
        // Cancel from a thread of our own: a CancellationTokenSource timer needs the thread pool, which on a busy or
        // freshly started 2-core machine fired only after the ~0.5 s run had finished.
        var canceller = new Thread(() =>
        {
            Thread.Sleep(20);
            cts.Cancel();
        }) { IsBackground = true };
        canceller.Start();

        var e = Assert.ThrowsAny<OperationCanceledException>(() => session.Run(["x"], [input], ["y"], cts.Token));

        // ONNX Runtime itself was told to terminate: the run failed with its error, not after finishing.
        Assert.IsType<OnnxRuntimeException>(e.InnerException);
        Assert.Equal(cts.Token, e.CancellationToken);
    }

    [Fact]
    public void CancellableRunThatIsNotCancelledSucceeds()
    {
        using var session = Open(OnnxTestModels.MatMulAdd);
        using var input = OnnxValue.CreateTensor(new float[] { 1, 2, 3 }, 1, 3);
        using var cts = new CancellationTokenSource();

        using var y = session.Run(["x"], [input], ["y"], cts.Token)[0];

        Assert.Equal(OnnxTestModels.Expected([1, 2, 3]), y.ToArray<float>());
    }

    [Fact]
    public void SecondEnvironmentObjectSharesOrtsEnvironmentAndDisposesCleanly()
    {
        // ONNX Runtime keeps one environment per process; a second wrapper adds a reference, and disposing it
        // must not break sessions of the first.
        using var environment = new OnnxRuntimeEnvironment(new OnnxRuntimeEnvironmentOptions { IntraOpThreads = 1 });
        using var session = environment.CreateSession(OnnxTestModels.MatMulAdd,
            new OnnxSessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.Disabled });
        using var input = OnnxValue.CreateTensor(new float[] { 0, 0, 1 }, 1, 3);
        using var y = session.Run(["x"], [input], ["y"])[0];

        Assert.Equal(OnnxTestModels.Expected([0, 0, 1]), y.ToArray<float>());
        environment.Dispose();
        // Its session still runs: it holds the environment until it is disposed itself.
        using var y2 = session.Run(["x"], [input], ["y"])[0];
        Assert.Equal(OnnxTestModels.Expected([0, 0, 1]), y2.ToArray<float>());
        Assert.Throws<ObjectDisposedException>(() => environment.CreateSession(OnnxTestModels.MatMulAdd));
        using var again = Open(OnnxTestModels.MatMulAdd);
        using var z = again.Run(["x"], [input], ["y"])[0];
        Assert.Equal(OnnxTestModels.Expected([0, 0, 1]), z.ToArray<float>());
    }
}
