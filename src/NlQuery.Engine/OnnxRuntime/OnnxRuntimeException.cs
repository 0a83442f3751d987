namespace NlQuery.OnnxRuntime;

/// <summary>An error reported by ONNX Runtime: its error code and its own message.</summary>
public class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(OrtErrorCode errorCode, string message)
        : base($"ONNX Runtime error {errorCode}: {message}")
    {
        ErrorCode = errorCode;
        OrtMessage = message;
    }

    public OnnxRuntimeException(OrtErrorCode errorCode, string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        OrtMessage = innerException is OnnxRuntimeException ort ? ort.OrtMessage : message;
    }

    /// <summary>ONNX Runtime's error code.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>ONNX Runtime's message, without the code prefix.</summary>
    public string OrtMessage { get; }
}
