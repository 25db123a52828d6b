using System.Text.Json;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// Facts about the pinned llama.cpp build, read from <c>native/manifest.json</c> (embedded in this assembly) so the
/// expected version lives in one place.
/// </summary>
internal static class PinnedBuild
{
    private const string ResourceName = "LlamaEmbed.native-manifest.json";

    private static readonly Lazy<(string LlamaCpp, string Package)> s_versions = new(Read);

    /// <summary>What <c>llama_version()</c> must report, e.g. <c>0.5.0-dev</c>.</summary>
    public static string LlamaCppVersion => s_versions.Value.LlamaCpp;

    /// <summary>The npm package version the binaries come from, e.g. <c>3.22.1</c>.</summary>
    public static string PackageVersion => s_versions.Value.Package;

    private static (string, string) Read()
    {
        using Stream stream = typeof(PinnedBuild).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The assembly lacks its embedded {ResourceName}.");
        using JsonDocument manifest = JsonDocument.Parse(stream);
        return (
            manifest.RootElement.GetProperty("llamaCppVersion").GetString()!,
            manifest.RootElement.GetProperty("version").GetString()!);
    }
}
