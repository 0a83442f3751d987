namespace NlQuery.OnnxRuntime.Native;

/// <summary>Reads element type and dimensions from an <c>OrtTensorTypeAndShapeInfo</c> (not owned here).</summary>
internal static unsafe class TensorShape
{
    internal static TensorElementType ElementType(nint info)
    {
        int type;
        OrtApi.Check(OrtApi.GetTensorElementType(info, &type));
        return (TensorElementType)type;
    }

    internal static long[] Dimensions(nint info)
    {
        nuint rank;
        OrtApi.Check(OrtApi.GetDimensionsCount(info, &rank));
        var dims = new long[(int)rank];
        fixed (long* p = dims)
            OrtApi.Check(OrtApi.GetDimensions(info, p, rank));
        return dims;
    }

    internal static OnnxTensorInfo Read(nint info, string name) => new(name, ElementType(info), Dimensions(info));
}
