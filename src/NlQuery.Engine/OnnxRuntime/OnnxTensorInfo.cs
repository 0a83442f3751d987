namespace NlQuery.OnnxRuntime;

/// <summary>
/// A model input or output as the session declares it: name, element type and dimensions, where -1 marks a
/// dimension that is only known at run time (batch, sequence length).
/// </summary>
public sealed record OnnxTensorInfo(string Name, TensorElementType ElementType, IReadOnlyList<long> Dimensions)
{
    public override string ToString() => $"{Name}: {ElementType}[{string.Join(", ", Dimensions.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
}
