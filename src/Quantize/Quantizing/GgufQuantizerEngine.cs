namespace LlamaEmbed.Quantization;

/// <summary>Which implementation writes the quantized file.</summary>
public enum GgufQuantizerEngine
{
    /// <summary>
    /// llama.cpp's <c>llama_model_quantize</c> (every <see cref="GgufQuantizationType"/>). It cannot be interrupted:
    /// a cancelled call returns at once while the native run finishes in the background and its output is deleted.
    /// </summary>
    Native,

    /// <summary>
    /// LlamaEmbed's own streaming quantizer (<see cref="GgmlQuantizer"/>): no native code, bounded memory, and
    /// tensor data byte-identical to llama.cpp's. It writes every type except <see cref="GgufQuantizationType.Q5_K_M"/>.
    /// </summary>
    Managed,
}
