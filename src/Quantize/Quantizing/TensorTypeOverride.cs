using LlamaEmbed.Gguf;

namespace LlamaEmbed.Quantization;

/// <summary>
/// A per-tensor type rule: tensors whose name contains a match of <see cref="Pattern"/> (an ECMAScript regular
/// expression, searched like llama.cpp's <c>--tensor-type</c>) get <see cref="Type"/> instead of the mix's choice.
/// The first matching rule wins. Only applies to quantized mixes (not F16/BF16), and a type whose block does not
/// divide a tensor's rows still falls back like llama.cpp's (for example Q6_K → Q8_0).
/// </summary>
/// <param name="Pattern">Regular expression searched in the tensor name, e.g. <c>token_embd</c>.</param>
/// <param name="Type">The tensor type for matching tensors.</param>
public sealed record TensorTypeOverride(string Pattern, GgmlType Type)
{
    /// <summary>Parses <c>PATTERN=TYPE</c>, e.g. <c>token_embd=q8_0</c> (type names as ggml prints them, any case).</summary>
    /// <exception cref="FormatException">There is no '=', the pattern is empty, or the type is not a ggml type name.</exception>
    public static TensorTypeOverride Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int equals = text.LastIndexOf('=');
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new FormatException($"A tensor type override is PATTERN=TYPE (e.g. token_embd=q8_0), not '{text}'.");
        }
        string name = text[(equals + 1)..].Trim();
        if (!Enum.TryParse(name, ignoreCase: true, out GgmlType type) || !GgmlTypeInfo.IsKnown(type) || int.TryParse(name, out _))
        {
            throw new FormatException($"'{name}' in '{text}' is not a ggml tensor type (e.g. q8_0, q6_k, f16).");
        }
        return new TensorTypeOverride(text[..equals], type);
    }
}
