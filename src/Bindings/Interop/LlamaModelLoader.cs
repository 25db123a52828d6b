using LlamaEmbed.Gguf;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// The only way models are loaded: checks the path and the GGUF in managed code first (llama.cpp aborts the process
/// on some malformed files), then loads through <c>llama_model_load_from_file</c> with the path as UTF-8.
/// </summary>
internal static class LlamaModelLoader
{
    /// <summary>Loads a model with full weights.</summary>
    /// <param name="path">The GGUF file; relative paths are resolved against the current directory.</param>
    /// <param name="modelParams">The <c>llama_model_params</c>, started from <see cref="NativeMethods.llama_model_default_params"/>; null = those defaults.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="LlamaModelLoadException">The path is a directory, the file cannot be read, or llama.cpp refused it.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed GGUF, or llama.cpp would refuse or abort on it (the message lists why).</exception>
    public static SafeLlamaModelHandle Load(string path, LlamaModelParams? modelParams = null) => Load(path, inspectHeader: null, modelParams);

    /// <summary>
    /// Loads a model with full weights after <paramref name="inspectHeader"/> has read the parsed header: the caller's
    /// own checks (the right kind of model, its metadata) and the validator share one parse of the file.
    /// </summary>
    /// <param name="path">The GGUF file; relative paths are resolved against the current directory.</param>
    /// <param name="inspectHeader">Runs on the open header before validation; an exception it throws ends the load.</param>
    /// <param name="modelParams">The <c>llama_model_params</c>; null = <see cref="NativeMethods.llama_model_default_params"/>.</param>
    /// <inheritdoc cref="Load(string, LlamaModelParams?)" path="/exception"/>
    public static SafeLlamaModelHandle Load(string path, Action<GgufReader>? inspectHeader, LlamaModelParams? modelParams = null)
    {
        string fullPath = CheckPath(path);
        using (GgufReader reader = GgufReader.Open(fullPath))
        {
            inspectHeader?.Invoke(reader);
            GgufModelValidator.ThrowIfInvalid(reader, Path.GetFileName(fullPath));
        }
        return LoadChecked(fullPath, modelParams ?? NativeMethods.llama_model_default_params());
    }

    /// <summary>
    /// Loads only the vocabulary (tokenizer-only uses; no weights, no backend needed). The file is checked to be a
    /// well-formed GGUF (which also rejects duplicate token strings, an abort in llama.cpp), but not for weights.
    /// </summary>
    /// <inheritdoc cref="Load(string, LlamaModelParams?)" path="/exception"/>
    public static SafeLlamaModelHandle LoadVocabularyOnly(string path)
    {
        string fullPath = CheckPath(path);
        GgufReader.Open(fullPath).Dispose();
        LlamaModelParams modelParams = NativeMethods.llama_model_default_params();
        modelParams.VocabOnly = true;
        return LoadChecked(fullPath, modelParams);
    }

    private static string CheckPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NativeRuntime.EnsureInitialized();
        string fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new LlamaModelLoadException(fullPath, $"'{fullPath}' is a directory, not a GGUF model file.", []);
        }
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Model file '{fullPath}' does not exist.", fullPath);
        }
        try
        {
            using var probe = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            probe.ReadByte();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new LlamaModelLoadException(fullPath, $"Model file '{fullPath}' cannot be read: {ex.Message}", [], ex);
        }
        return fullPath;
    }

    private static SafeLlamaModelHandle LoadChecked(string fullPath, LlamaModelParams modelParams)
    {
        long mark = NativeLog.Mark();
        nint model = NativeMethods.llama_model_load_from_file(fullPath, modelParams);
        if (model == 0)
        {
            throw new LlamaModelLoadException(fullPath, $"llama.cpp could not load '{fullPath}'.", NativeLog.LinesSince(mark));
        }
        return SafeLlamaModelHandle.FromNative(model);
    }
}
