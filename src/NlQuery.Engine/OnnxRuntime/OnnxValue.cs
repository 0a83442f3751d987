using System.Buffers;
using System.Runtime.CompilerServices;
using NlQuery.OnnxRuntime.Native;

namespace NlQuery.OnnxRuntime;

/// <summary>
/// A tensor held by ONNX Runtime: either over caller memory (pinned until disposal, no copy) or allocated by ONNX
/// Runtime (session outputs, <see cref="Allocate{T}"/>). Dispose it; a tensor over caller memory must not outlive
/// the memory, and the memory must not be written while a run reads it.
/// </summary>
public sealed unsafe class OnnxValue : IDisposable
{
    private readonly OrtValueHandle _handle;
    private MemoryHandle _pin;
    private TensorElementType _elementType;
    private long[]? _shape;

    private OnnxValue(OrtValueHandle handle, MemoryHandle pin)
    {
        _handle = handle;
        _pin = pin;
    }

    /// <summary>A tensor over <paramref name="data"/> (no copy) with the given shape.</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from the data's length.</exception>
    public static OnnxValue CreateTensor<T>(T[] data, params ReadOnlySpan<long> shape) where T : unmanaged =>
        CreateTensor(new Memory<T>(data ?? throw new ArgumentNullException(nameof(data))), shape);

    /// <summary>A tensor over <paramref name="data"/> (no copy: it is pinned until the value is disposed).</summary>
    public static OnnxValue CreateTensor<T>(Memory<T> data, ReadOnlySpan<long> shape) where T : unmanaged
    {
        var type = ElementTypeOf<T>();
        var count = ElementCount(shape);
        if (count != data.Length)
            throw new ArgumentException(
                $"The shape [{string.Join(", ", shape.ToArray())}] holds {count} elements but the data has {data.Length}.", nameof(shape));
        OrtApi.ThrowIfNotInitialized();

        var pin = data.Pin();
        var handle = new OrtValueHandle();
        try
        {
            nint value;
            fixed (long* dims = shape)
            {
                OrtApi.Check(OrtApi.CreateTensorWithDataAsOrtValue(OnnxMemoryInfo.Cpu.Pointer, pin.Pointer,
                    (nuint)(data.Length * sizeof(T)), dims, (nuint)shape.Length, (int)type, &value));
            }
            handle.Adopt(value);
            return new OnnxValue(handle, pin) { _elementType = type, _shape = shape.ToArray() };
        }
        catch
        {
            handle.Dispose();
            pin.Dispose();
            throw;
        }
    }

    /// <summary>A tensor of the given shape in memory that ONNX Runtime allocates (contents undefined).</summary>
    public static OnnxValue Allocate<T>(params ReadOnlySpan<long> shape) where T : unmanaged
    {
        var type = ElementTypeOf<T>();
        ElementCount(shape);
        OrtApi.ThrowIfNotInitialized();
        nint allocator;
        OrtApi.Check(OrtApi.GetAllocatorWithDefaultOptions(&allocator));
        nint value;
        fixed (long* dims = shape)
            OrtApi.Check(OrtApi.CreateTensorAsOrtValue(allocator, dims, (nuint)shape.Length, (int)type, &value));
        return Adopt(value);
    }

    /// <summary>Takes ownership of an <c>OrtValue*</c> ONNX Runtime returned.</summary>
    internal static OnnxValue Adopt(nint value)
    {
        var handle = new OrtValueHandle();
        handle.Adopt(value);
        return new OnnxValue(handle, default);
    }

    public TensorElementType ElementType
    {
        get
        {
            ReadTypeAndShape();
            return _elementType;
        }
    }

    /// <summary>The tensor's dimensions.</summary>
    public IReadOnlyList<long> Shape
    {
        get
        {
            ReadTypeAndShape();
            return _shape!;
        }
    }

    public long ElementCount() => ElementCount(ReadTypeAndShape());

    /// <summary>
    /// The tensor's elements, in place (CPU tensors only). The span is valid until the value is disposed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tensor's element type is not <typeparamref name="T"/>.</exception>
    public Span<T> GetTensorData<T>() where T : unmanaged
    {
        var shape = ReadTypeAndShape();
        var expected = ElementTypeOf<T>();
        if (expected != _elementType)
            throw new InvalidOperationException($"The tensor holds {_elementType} elements, not {expected} ({typeof(T).Name}).");
        void* data;
        OrtApi.Check(OrtApi.GetTensorMutableData(_handle.Pointer, &data));
        return new Span<T>(data, checked((int)ElementCount(shape)));
    }

    /// <summary>A copy of the tensor's elements.</summary>
    public T[] ToArray<T>() where T : unmanaged => GetTensorData<T>().ToArray();

    internal nint Pointer => _handle.Pointer;

    public void Dispose()
    {
        // The ORT value goes first: it points into the pinned memory.
        _handle.Dispose();
        _pin.Dispose();
        _pin = default;
    }

    public override string ToString() =>
        _handle.IsClosed ? "OnnxValue (disposed)" : $"{ElementType}[{string.Join(", ", Shape)}]";

    internal static TensorElementType ElementTypeOf<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return TensorElementType.Float;
        if (typeof(T) == typeof(long)) return TensorElementType.Int64;
        if (typeof(T) == typeof(int)) return TensorElementType.Int32;
        if (typeof(T) == typeof(double)) return TensorElementType.Double;
        if (typeof(T) == typeof(Half)) return TensorElementType.Float16;
        if (typeof(T) == typeof(byte)) return TensorElementType.UInt8;
        if (typeof(T) == typeof(sbyte)) return TensorElementType.Int8;
        if (typeof(T) == typeof(short)) return TensorElementType.Int16;
        if (typeof(T) == typeof(ushort)) return TensorElementType.UInt16;
        if (typeof(T) == typeof(uint)) return TensorElementType.UInt32;
        if (typeof(T) == typeof(ulong)) return TensorElementType.UInt64;
        if (typeof(T) == typeof(bool)) return TensorElementType.Bool;
        throw new NotSupportedException($"{typeof(T).Name} is not an ONNX tensor element type.");
    }

    private static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
                throw new ArgumentException($"A tensor dimension cannot be negative ({d}).", nameof(shape));
            count = checked(count * d);
        }
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long[] ReadTypeAndShape()
    {
        if (_shape is { } cached)
            return cached;
        using var info = new OrtTensorTypeAndShapeInfoHandle();
        nint p;
        OrtApi.Check(OrtApi.GetTensorTypeAndShape(_handle.Pointer, &p));
        info.Adopt(p);
        _elementType = TensorShape.ElementType(p);
        return _shape = TensorShape.Dimensions(p);
    }
}
