using NlQuery.OnnxRuntime;

namespace NlQuery.Tests.OnnxRuntime;

/// <summary>
/// The tiny models under tests/fixtures/onnxruntime (built by make_models.py there) and one environment shared by
/// every test: ONNX Runtime keeps a single environment per process anyway.
/// </summary>
internal static class OnnxTestModels
{
    private static readonly Lazy<OnnxRuntimeEnvironment> SharedEnvironment = new(() => new OnnxRuntimeEnvironment(
        new OnnxRuntimeEnvironmentOptions { IntraOpThreads = 1, InterOpThreads = 1 }));

    public static OnnxRuntimeEnvironment Environment => SharedEnvironment.Value;

    public static string Folder => Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "onnxruntime");

    /// <summary>y = x · W + b with x: float[batch, 3].</summary>
    public static string MatMulAdd => Path.Combine(Folder, "matmul_add.onnx");

    /// <summary>sum = a + int64(b), doubled = b · 2 with a: int64[n], b: int32[n].</summary>
    public static string Integers => Path.Combine(Folder, "integers.onnx");

    /// <summary>present = concat(past, x) on axis 1, total = sum(present).</summary>
    public static string GrowingCache => Path.Combine(Folder, "growing_cache.onnx");

    /// <summary>y = x multiplied by itself 40 times, x: float[n, n]: seconds of work at n = 1024.</summary>
    public static string SlowMatMulChain => Path.Combine(Folder, "slow_matmul_chain.onnx");

    public static readonly float[] W = [1, 2, 3, 4, 5, 6];
    public static readonly float[] B = [0.5f, -1f];

    /// <summary>x · W + b computed here, for comparison with what ONNX Runtime returns.</summary>
    public static float[] Expected(float[] x)
    {
        var rows = x.Length / 3;
        var y = new float[rows * 2];
        for (var r = 0; r < rows; r++)
        for (var c = 0; c < 2; c++)
        {
            var sum = B[c];
            for (var k = 0; k < 3; k++)
                sum += x[r * 3 + k] * W[k * 2 + c];
            y[r * 2 + c] = sum;
        }
        return y;
    }
}
