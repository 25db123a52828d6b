using System.Runtime.CompilerServices;
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
    /// <param name="releaseTokenEmbeddings">
    /// After loading, drop the resident pages of the token-embedding table when llama.cpp only reads it row by row
    /// (see <see cref="InputOnlyTokenEmbeddings"/>), and keep them in <see cref="SafeLlamaModelHandle.TokenEmbeddings"/>
    /// for later releases; rows fault back in from the page cache as texts use them.
    /// </param>
    /// <inheritdoc cref="Load(string, LlamaModelParams?)" path="/exception"/>
    public static SafeLlamaModelHandle Load(string path, Action<GgufReader>? inspectHeader, LlamaModelParams? modelParams = null, bool releaseTokenEmbeddings = false)
    {
        string fullPath = CheckPath(path);
        TokenEmbeddingTable? table = CheckHeader(fullPath, inspectHeader);
        ReturnHeaderMemory();
        SafeLlamaModelHandle model = LoadChecked(fullPath, modelParams ?? NativeMethods.llama_model_default_params());
        if (releaseTokenEmbeddings && table is { } input
            && MappedFilePages.Find(fullPath, input.Offset, input.Length) is { Length: > 0 } pages)
        {
            model.TokenEmbeddings = new TokenEmbeddingPages(pages, input);
            model.TokenEmbeddings.Release();
        }
        return model;
    }

    /// <summary>
    /// Parses, inspects and validates the header; returns <see cref="InputOnlyTokenEmbeddings"/>. A method of its own
    /// so that nothing of the parse is reachable from the caller's frame when <see cref="ReturnHeaderMemory"/> runs.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TokenEmbeddingTable? CheckHeader(string fullPath, Action<GgufReader>? inspectHeader)
    {
        using GgufReader reader = GgufReader.Open(fullPath);
        inspectHeader?.Invoke(reader);
        GgufModelValidator.ThrowIfInvalid(reader, Path.GetFileName(fullPath));
        return InputOnlyTokenEmbeddings(reader);
    }

    /// <summary>
    /// Gives the memory of the parsed header back to the system before llama.cpp maps the weights. A Gemma
    /// vocabulary parses into about 25 MiB of managed strings and arrays (262,144 tokens, their scores and types,
    /// the duplicate check's table) that are garbage once validation is done; left to the GC, they stay committed
    /// through the load, which is when the process peaks, and the peak is what an edge device must fit.
    /// </summary>
    private static void ReturnHeaderMemory() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <summary>
    /// Where <c>token_embd.weight</c> lies in the file, when llama.cpp uses it only to look up the rows of the input
    /// tokens: always for gemma-embedding (no output head), and for decoders whose output matrix is a tensor of its
    /// own. When the output matrix is tied to the token embeddings, every decode reads the whole table: null.
    /// </summary>
    internal static TokenEmbeddingTable? InputOnlyTokenEmbeddings(GgufReader reader)
    {
        if (!reader.TryGetTensor("token_embd.weight", out GgufTensorInfo? table))
        {
            return null;
        }
        bool tiedOutput = reader.Metadata.TryGetString("general.architecture") != "gemma-embedding"
            && !reader.TryGetTensor("output.weight", out _);
        return tiedOutput || table.Shape.Count < 2
            ? null
            : new TokenEmbeddingTable(reader.DataOffset + table.Offset, table.ByteCount, table.Shape[1]);
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
