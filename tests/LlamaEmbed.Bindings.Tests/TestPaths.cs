using System.Reflection;
using LlamaEmbed.Native.Interop;

namespace LlamaEmbed.Tests;

/// <summary>Test inputs found relative to the repository root, and scratch folders that clean up after themselves.</summary>
internal static class TestPaths
{
    // Build output may live outside the tree (LLAMAEMBED_ARTIFACTS), so the root the build saw is the fallback.
    private static readonly Lazy<string> s_repoRoot = new(() =>
    {
        string? built = typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        foreach (string start in new[] { AppContext.BaseDirectory, built ?? string.Empty }.Where(s => s.Length > 0))
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LlamaEmbed.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException($"No LlamaEmbed.sln above {AppContext.BaseDirectory} or {built}.");
    });

    /// <summary>native/.cache/&lt;version&gt;/test-data, fetched by native/TestData.targets.</summary>
    public static string TestData => Path.Combine(s_repoRoot.Value, "native", ".cache", PinnedBuild.PackageVersion, "test-data");

    /// <summary>One of llama.cpp's vocabulary-only GGUFs, e.g. <c>ggml-vocab-qwen2.gguf</c>.</summary>
    public static string Vocab(string name) => Path.Combine(TestData, "models", $"ggml-vocab-{name}.gguf");
}

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string? name = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"llamaembed-bindings-{Guid.NewGuid():N}", name ?? "x");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
}
