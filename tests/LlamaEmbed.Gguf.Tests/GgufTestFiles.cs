using LlamaEmbed.Gguf;

namespace LlamaEmbed.Tests;

/// <summary>Builds GGUF files in memory with <see cref="GgufWriter"/> and locates the repository's test data.</summary>
internal static class GgufTestFiles
{
    /// <summary>Writes metadata and tensors (data from <paramref name="data"/>, default a byte pattern) to bytes.</summary>
    public static byte[] Write(GgufMetadata metadata, IEnumerable<(string Name, GgmlType Type, long[] Shape)> tensors, Func<GgufTensorInfo, byte[]>? data = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new GgufWriter(stream, leaveOpen: true))
        {
            foreach (var (key, value) in metadata)
            {
                writer.Metadata.Add(key, value);
            }
            foreach (var (name, type, shape) in tensors)
            {
                writer.AddTensor(name, type, shape);
            }
            writer.WriteHeader();
            foreach (GgufTensorInfo tensor in writer.Tensors)
            {
                if (tensor.ByteCount > 0)
                {
                    writer.WriteTensorData(data?.Invoke(tensor) ?? Pattern(tensor));
                }
            }
            writer.Complete();
        }
        return stream.ToArray();
    }

    /// <summary>A deterministic byte pattern of the tensor's size, different per tensor name.</summary>
    public static byte[] Pattern(GgufTensorInfo tensor)
    {
        var bytes = new byte[tensor.ByteCount];
        int seed = tensor.Name.Length * 31;
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(seed + i * 7);
        }
        return bytes;
    }

    /// <summary>Reads bytes back with a stream-based reader.</summary>
    public static GgufReader Read(byte[] bytes) => new(new MemoryStream(bytes, writable: false));

    /// <summary>The folder holding LlamaEmbed.sln, found by walking up from the test binaries.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LlamaEmbed.sln")))
                {
                    return dir.FullName;
                }
            }
            // Artifacts may live outside the tree (LLAMAEMBED_ARTIFACTS); fall back to the source location.
            string? here = Path.GetDirectoryName(SourcePath());
            for (var dir = here is null ? null : new DirectoryInfo(here); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LlamaEmbed.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("LlamaEmbed.sln not found above the test binaries or sources.");
        }
    }

    /// <summary>The real vocabulary GGUFs from the node-llama-cpp 3.22.1 bundle (fetched by native/fetch.mjs --test-data).</summary>
    public static string VocabularyFolder => Path.Combine(RepoRoot, "native", ".cache", "3.22.1", "test-data", "models");

    private static string SourcePath([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
