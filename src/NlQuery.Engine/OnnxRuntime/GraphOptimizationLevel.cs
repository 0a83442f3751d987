namespace NlQuery.OnnxRuntime;

/// <summary>How much ONNX Runtime rewrites the graph when it loads a model (<c>GraphOptimizationLevel</c>).</summary>
public enum GraphOptimizationLevel
{
    Disabled = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}
