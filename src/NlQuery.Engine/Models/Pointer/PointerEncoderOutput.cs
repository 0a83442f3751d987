using Microsoft.ML.OnnxRuntime;

namespace NlQuery.Models.Pointer;

/// <summary>
/// The linker's output for one question: memory, pointer keys and pointer-action embeddings, each [1, n, d], held
/// as ONNX Runtime values that every decoder step reads without copying.
/// </summary>
public sealed class PointerEncoderOutput : IDisposable
{
    internal PointerEncoderOutput(int positions, OrtValue memory, OrtValue pointerKeys, OrtValue actionMemory)
    {
        Positions = positions;
        Memory = memory;
        PointerKeys = pointerKeys;
        ActionMemory = actionMemory;
    }

    public int Positions { get; }

    internal OrtValue Memory { get; }

    internal OrtValue PointerKeys { get; }

    internal OrtValue ActionMemory { get; }

    public void Dispose()
    {
        Memory.Dispose();
        PointerKeys.Dispose();
        ActionMemory.Dispose();
    }
}
