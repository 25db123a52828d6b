namespace LlamaEmbed.Gguf;

/// <summary>
/// Checks, in managed code, that llama.cpp will load a GGUF model without refusing it or aborting the process:
/// required keys with their exact types, hyperparameter ranges, the sliding-window layout, every tensor with the
/// shape the hyperparameters imply and no tensor llama.cpp does not use, and the tokenizer. Supports the
/// architectures <c>gemma-embedding</c>, <c>gemma3</c>, <c>qwen2</c> and <c>llama</c>.
/// </summary>
/// <remarks>
/// Call <see cref="ThrowIfInvalid(string)"/> before every native load: several of these problems (an unknown rope scaling type, a block count outside 1..512, a gemma-embedding model without both SWA and global
/// layers) make llama.cpp call <c>abort()</c>, which no managed handler can catch. Warnings describe files that
/// load but give degraded results; they never make <see cref="ThrowIfInvalid(string)"/> throw. Duplicate token strings,
/// which also abort llama.cpp, are already refused by <see cref="GgufReader"/> as a format error.
/// </remarks>
public static class GgufModelValidator
{
    /// <summary>The architectures the validator knows (<c>general.architecture</c> values).</summary>
    public static IReadOnlyList<string> SupportedArchitectures => GgufHyperparameters.Architectures;

    /// <summary>Lists every problem in the model read by <paramref name="reader"/>; empty when it is clean.</summary>
    /// <remarks>Never throws for content problems; a format problem would already have failed the reader.</remarks>
    public static IReadOnlyList<GgufValidationProblem> Check(GgufReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var scope = new GgufValidationScope(reader.Metadata);
        const string archKey = "general.architecture";
        string? arch = scope.String(archKey, required: true);
        scope.String("general.name");
        scope.UInt32("general.file_type");
        if (arch is null)
        {
            return scope.Problems;
        }
        if (!GgufHyperparameters.Architectures.Contains(arch))
        {
            scope.Error(archKey, $"'{arch}' is not an architecture LlamaEmbed validates ({string.Join(", ", GgufHyperparameters.Architectures)})");
            return scope.Problems;
        }
        GgufHyperparameters? hp = GgufHyperparameters.Read(scope, arch);
        long? vocab = GgufTokenizerChecks.Check(scope, arch);
        if (hp is not null && vocab is not null)
        {
            CheckTensors(scope, reader, hp, vocab.Value);
        }
        return scope.Problems;
    }

    /// <summary>Opens <paramref name="path"/> and throws when llama.cpp would refuse it or abort on it.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The path is a directory or cannot be read.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a well-formed GGUF (the message starts with "at byte N:"), or it has validation errors (the
    /// message lists them, one per line; <see cref="ValidationProblemsKey"/> in <see cref="Exception.Data"/> holds them).
    /// </exception>
    public static void ThrowIfInvalid(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        }
        using GgufReader reader = GgufReader.Open(path);
        ThrowIfInvalid(reader, Path.GetFileName(path));
    }

    /// <summary>
    /// The same check on a header already parsed, so a caller that reads the metadata itself parses the file once.
    /// </summary>
    /// <param name="reader">The open file.</param>
    /// <param name="fileName">The name the message shows.</param>
    /// <exception cref="InvalidDataException">The file has validation errors (listed one per line; also under <see cref="ValidationProblemsKey"/>).</exception>
    public static void ThrowIfInvalid(GgufReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        GgufValidationProblem[] errors = [.. Check(reader).Where(p => p.Severity == GgufValidationSeverity.Error)];
        if (errors.Length > 0)
        {
            var exception = new InvalidDataException(
                $"'{fileName}' would make llama.cpp fail or abort ({errors.Length} error(s)):{Environment.NewLine}" +
                string.Join(Environment.NewLine, errors.Select(e => $"  {e}")));
            exception.Data[ValidationProblemsKey] = errors;
            throw exception;
        }
    }

    /// <summary>The <see cref="Exception.Data"/> key under which <see cref="ThrowIfInvalid(string)"/> stores the <see cref="GgufValidationProblem"/> array.</summary>
    public const string ValidationProblemsKey = "GgufValidationProblems";

    private static void CheckTensors(GgufValidationScope scope, GgufReader reader, GgufHyperparameters hp, long vocab)
    {
        if (reader.Tensors.Count == 0)
        {
            scope.Error("token_embd.weight", "the file has no tensors at all (a vocabulary-only GGUF); llama.cpp cannot load it as a model");
            return;
        }
        var present = new HashSet<string>(reader.Tensors.Select(t => t.Name), StringComparer.Ordinal);
        var expected = GgufTensorExpectations.For(hp, vocab, present);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (GgufTensorExpectations.Expected tensor in expected)
        {
            known.Add(tensor.Name);
            if (!reader.TryGetTensor(tensor.Name, out GgufTensorInfo? info))
            {
                if (tensor.Required)
                {
                    scope.Error(tensor.Name, "required tensor is missing; llama.cpp refuses the file");
                }
                continue;
            }
            if (!GgufTensorExpectations.ShapeMatches(info.Shape, tensor.Shape))
            {
                string why = tensor.Name == "token_embd.weight" && info.Shape.Count > 1 && info.Shape[1] != vocab
                    ? $"; its {info.Shape[1]} rows must equal the {vocab} tokens of tokenizer.ggml.tokens"
                    : "";
                scope.Error(tensor.Name, $"has shape [{string.Join(", ", info.Shape)}] but the hyperparameters need [{string.Join(", ", tensor.Shape)}]{why}; llama.cpp refuses the file");
            }
        }
        foreach (GgufTensorInfo tensor in reader.Tensors)
        {
            if (known.Contains(tensor.Name))
            {
                continue;
            }
            string why = hp.Architecture == "gemma3" && tensor.Name.StartsWith("dense_", StringComparison.Ordinal)
                ? "gemma3 never reads the dense keys, so llama.cpp refuses Dense tensors (use arch gemma-embedding)"
                : $"{hp.Architecture} does not use this tensor, and llama.cpp refuses files with extra tensors";
            scope.Error(tensor.Name, why);
        }
    }
}
