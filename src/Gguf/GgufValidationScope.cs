namespace LlamaEmbed.Gguf;

/// <summary>
/// Collects problems while the validator reads metadata with llama.cpp's exact-type rules: a key of the wrong type
/// is an error (llama.cpp throws), a missing required key is an error, a missing optional key yields null.
/// </summary>
internal sealed class GgufValidationScope(GgufMetadata metadata)
{
    public GgufMetadata Metadata { get; } = metadata;

    public List<GgufValidationProblem> Problems { get; } = [];

    public void Error(string subject, string message) => Problems.Add(new(GgufValidationSeverity.Error, subject, message));

    public void Warning(string subject, string message) => Problems.Add(new(GgufValidationSeverity.Warning, subject, message));

    public uint? UInt32(string key, bool required = false) => Scalar<uint>(key, GgufValueType.UInt32, required);

    public float? Float32(string key, bool required = false) => Scalar<float>(key, GgufValueType.Float32, required);

    public bool? Bool(string key, bool required = false) => Scalar<bool>(key, GgufValueType.Bool, required);

    public string? String(string key, bool required = false)
    {
        if (!Metadata.TryGetValue(key, out GgufValue? value))
        {
            Missing(key, required);
            return null;
        }
        if (value.Type != GgufValueType.String)
        {
            WrongType(key, value, "STRING");
            return null;
        }
        return value.As<string>();
    }

    /// <summary>
    /// A per-layer count (<c>feed_forward_length</c>, <c>head_count</c>, …): a UINT32 for every layer, or an array
    /// of exactly <paramref name="layers"/> UINT32 or INT32 values.
    /// </summary>
    public uint[]? PerLayer(string key, int layers, bool required)
    {
        if (!Metadata.TryGetValue(key, out GgufValue? value))
        {
            Missing(key, required);
            return null;
        }
        if (value.Type != GgufValueType.Array)
        {
            return UInt32(key) is uint scalar ? Enumerable.Repeat(scalar, layers).ToArray() : null;
        }
        if (value.Count != layers)
        {
            Error(key, $"array has {value.Count} elements but block_count is {layers}; llama.cpp refuses the file");
            return null;
        }
        return value.RawValue switch
        {
            uint[] items => items,
            int[] items => [.. items.Select(i => (uint)i)],
            _ => WrongType<uint[]>(key, value, "UINT32 or ARRAY[UINT32|INT32]"),
        };
    }

    private T? Scalar<T>(string key, GgufValueType type, bool required) where T : struct
    {
        if (!Metadata.TryGetValue(key, out GgufValue? value))
        {
            Missing(key, required);
            return null;
        }
        if (value.Type != type)
        {
            WrongType(key, value, type.ToString().ToUpperInvariant());
            return null;
        }
        return value.As<T>();
    }

    private void Missing(string key, bool required)
    {
        if (required)
        {
            Error(key, "required key is missing; llama.cpp refuses the file");
        }
    }

    public void WrongType(string key, GgufValue value, string expected) =>
        Error(key, $"has type {value.Describe()} but llama.cpp reads it as {expected} and refuses other types");

    private T? WrongType<T>(string key, GgufValue value, string expected) where T : class
    {
        WrongType(key, value, expected);
        return null;
    }
}
