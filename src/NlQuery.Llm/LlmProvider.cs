namespace NlQuery.Llm;

/// <summary>The kinds of chat endpoint <see cref="LlmTranslator.Create"/> can build a client for.</summary>
public enum LlmProvider
{
    /// <summary>OpenAI, or any OpenAI-compatible server (llama.cpp, vLLM, LM Studio…) given its <c>/v1</c> endpoint.</summary>
    OpenAI,

    /// <summary>Azure OpenAI through its OpenAI-compatible v1 API; the model is the deployment's name.</summary>
    Azure,

    /// <summary>An Ollama server (default <c>http://localhost:11434</c>).</summary>
    Ollama,
}
