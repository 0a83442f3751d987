using NlQuery.OnnxRuntime;

namespace NlQuery.Tests.OnnxRuntime;

public sealed class OnnxIoBindingTests
{
    [Fact]
    public void OutputsLeftInOrtMemoryFeedTheNextStep()
    {
        using var session = OnnxTestModels.Environment.CreateSession(OnnxTestModels.GrowingCache);
        using var binding = session.CreateIoBinding();
        var past = OnnxValue.Allocate<float>(1, 0);
        var expected = new List<float>();
        try
        {
            for (var step = 1; step <= 5; step++)
            {
                using var x = OnnxValue.CreateTensor(new float[] { step, step * 10 }, 1, 2);
                binding.BindInput("past", past);
                binding.BindInput("x", x);
                binding.BindOutputToDevice("present", OnnxMemoryInfo.Cpu);
                binding.BindOutputToDevice("total", OnnxMemoryInfo.Cpu);

                binding.Run();
                var outputs = binding.GetOutputValues();
                expected.AddRange([step, step * 10]);

                using var total = outputs[1];
                Assert.Equal([1L, 2L * step], outputs[0].Shape);
                Assert.Equal(expected, outputs[0].ToArray<float>());
                Assert.Equal(expected.Sum(), total.GetTensorData<float>()[0]);

                // The present cache becomes the next step's past; the old past can go.
                past.Dispose();
                past = outputs[0];
            }
        }
        finally
        {
            past.Dispose();
        }
    }

    [Fact]
    public void OutputBoundToCallerTensorIsFilledInPlace()
    {
        using var session = OnnxTestModels.Environment.CreateSession(OnnxTestModels.MatMulAdd);
        using var binding = session.CreateIoBinding();
        var y = new float[2];
        using var x = OnnxValue.CreateTensor(new float[] { 1, 0, 2 }, 1, 3);
        using var yValue = OnnxValue.CreateTensor(y, 1, 2);

        binding.BindInput("x", x);
        binding.BindOutput("y", yValue);
        binding.Run();

        Assert.Equal(OnnxTestModels.Expected([1, 0, 2]), y);
    }

    [Fact]
    public void BindingAnUnknownNameFailsWithOnnxRuntimesMessage()
    {
        using var session = OnnxTestModels.Environment.CreateSession(OnnxTestModels.MatMulAdd);
        using var binding = session.CreateIoBinding();
        using var x = OnnxValue.CreateTensor(new float[3], 1, 3);

        var e = Assert.Throws<OnnxRuntimeException>(() => binding.BindInput("nope", x));

        Assert.Contains("nope", e.OrtMessage);
    }

    [Fact]
    public void BindingKeepsItsSessionAliveUntilItIsDisposed()
    {
        var session = OnnxTestModels.Environment.CreateSession(OnnxTestModels.MatMulAdd);
        var binding = session.CreateIoBinding();
        using var x = OnnxValue.CreateTensor(new float[] { 1, 2, 3 }, 1, 3);
        binding.BindInput("x", x);
        binding.BindOutputToDevice("y", OnnxMemoryInfo.Cpu);

        session.Dispose();

        // The session object is closed for new work, but the native session lives on for the binding.
        Assert.Throws<ObjectDisposedException>(() => session.Run(["x"], [x], ["y"]));
        Assert.Throws<ObjectDisposedException>(() => binding.Run());
        binding.Dispose();
    }
}
