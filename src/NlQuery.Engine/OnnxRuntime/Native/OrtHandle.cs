using System.Runtime.InteropServices;

namespace NlQuery.OnnxRuntime.Native;

/// <summary>
/// Base of the SafeHandles that own ONNX Runtime objects: each subclass releases one kind of object with its own
/// <c>Release*</c> function, so a leaked wrapper is still freed by the finalizer and a double dispose is harmless.
/// </summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle() : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>The raw pointer for a native call; throws <see cref="ObjectDisposedException"/> once released.</summary>
    internal nint Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return handle;
        }
    }

    internal void Adopt(nint pointer) => SetHandle(pointer);
}
