using NlQuery.OnnxRuntime;

namespace NlQuery.Tests.OnnxRuntime;

public sealed class OnnxValueTests
{
    public OnnxValueTests() => _ = OnnxTestModels.Environment;

    [Fact]
    public void TensorOverManagedArraySharesItsMemory()
    {
        var data = new float[] { 1, 2, 3, 4, 5, 6 };
        using var value = OnnxValue.CreateTensor(data, 2, 3);

        var span = value.GetTensorData<float>();
        span[0] = 42;

        Assert.Equal(42, data[0]);
        Assert.Equal([2L, 3L], value.Shape);
        Assert.Equal(6, value.ElementCount());
    }

    [Fact]
    public void AllocatedTensorHasTheShapeAskedFor()
    {
        using var value = OnnxValue.Allocate<long>(2, 4);
        value.GetTensorData<long>().Fill(7);

        Assert.Equal(TensorElementType.Int64, value.ElementType);
        Assert.Equal([2L, 4L], value.Shape);
        Assert.All(value.ToArray<long>(), v => Assert.Equal(7, v));
    }

    [Fact]
    public void ShapeThatDoesNotMatchTheDataIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => OnnxValue.CreateTensor(new int[5], 2, 3));

        Assert.Contains("6 elements", e.Message);
        Assert.Contains("5", e.Message);
    }

    [Fact]
    public void NegativeDimensionIsRejected() =>
        Assert.Throws<ArgumentException>(() => OnnxValue.Allocate<float>(2, -1));

    [Fact]
    public void ReadingWithTheWrongElementTypeIsRejected()
    {
        using var value = OnnxValue.CreateTensor(new long[] { 1, 2 }, 2);

        var e = Assert.Throws<InvalidOperationException>(() => value.GetTensorData<int>());

        Assert.Contains("Int64", e.Message);
    }

    [Fact]
    public void DisposedValueCannotBeRead()
    {
        var value = OnnxValue.CreateTensor(new float[] { 1 }, 1);
        value.Dispose();
        value.Dispose();

        Assert.Throws<ObjectDisposedException>(() => value.GetTensorData<float>());
    }

    [Fact]
    public void ScalarTensorHasNoDimensions()
    {
        using var value = OnnxValue.CreateTensor(new float[] { 3.5f });

        Assert.Empty(value.Shape);
        Assert.Equal(3.5f, value.GetTensorData<float>()[0]);
    }
}
