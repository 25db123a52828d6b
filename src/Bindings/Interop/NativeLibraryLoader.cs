using System.Reflection;
using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// Loads libggml-base, libggml and libllama from one folder by full path, maps our logical library names to them,
/// and loads the ggml backends from that folder. Runs once per process; llama.cpp's global state (logging, backend
/// registry, quantization tables) lives in exactly one libggml-base.
/// </summary>
internal static class NativeLibraryLoader
{
    private static readonly Lock s_gate = new();
    private static readonly Dictionary<string, nint> s_handles = new(StringComparer.Ordinal);
    private static bool s_resolverInstalled;

    /// <summary>The folder the libraries were loaded from, or null before <see cref="Load"/>.</summary>
    public static string? LoadedDirectory { get; private set; }

    /// <summary>Full paths of the three libraries, keyed by logical name, once loaded.</summary>
    public static IReadOnlyDictionary<string, string> LoadedFiles => s_files;

    private static readonly Dictionary<string, string> s_files = new(StringComparer.Ordinal);

    /// <summary>The folder shipped with the application: <c>runtimes/&lt;rid&gt;/native</c> beside our assembly.</summary>
    public static string DefaultDirectory =>
        Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");

    /// <summary>
    /// Loads the libraries from <paramref name="directory"/> (idempotent for the same folder).
    /// </summary>
    /// <exception cref="LlamaNativeLibraryException">A library is missing or cannot be loaded, or another folder was loaded before.</exception>
    public static void Load(string directory)
    {
        directory = Path.GetFullPath(directory);
        lock (s_gate)
        {
            if (LoadedDirectory is not null)
            {
                if (!string.Equals(LoadedDirectory, directory, StringComparison.Ordinal))
                {
                    throw new LlamaNativeLibraryException(
                        $"llama.cpp is already loaded from '{LoadedDirectory}'; one process can load it from only one folder (asked for '{directory}').");
                }
                return;
            }
            if (!Directory.Exists(directory))
            {
                throw new LlamaNativeLibraryException(
                    $"llama.cpp library folder '{directory}' does not exist. Build the project once (it fetches the pinned binaries) or set LLAMAEMBED_NATIVE_DIR.");
            }

            // Order matters: each library resolves its dependencies from the already-loaded ones.
            LoadOne(directory, NativeLibraryNames.GgmlBase);
            LoadOne(directory, NativeLibraryNames.Ggml);
            LoadOne(directory, NativeLibraryNames.Llama);
            if (!s_resolverInstalled)
            {
                NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
                s_resolverInstalled = true;
            }
            LoadedDirectory = directory;
        }
    }

    private static void LoadOne(string directory, string logicalName)
    {
        string? file = FindFile(directory, logicalName);
        if (file is null)
        {
            throw new LlamaNativeLibraryException(
                $"'{directory}' has no {logicalName} library ({string.Join(", ", CandidateNames(logicalName))}).");
        }
        try
        {
            s_handles[logicalName] = NativeLibrary.Load(file);
            s_files[logicalName] = file;
        }
        catch (DllNotFoundException ex)
        {
            throw new LlamaNativeLibraryException($"Cannot load '{file}': {ex.Message}", ex);
        }
        catch (BadImageFormatException ex)
        {
            throw new LlamaNativeLibraryException($"'{file}' is not a library for this platform ({RuntimeInformation.RuntimeIdentifier}): {ex.Message}", ex);
        }
    }

    /// <summary>The file names a logical library may have, most specific first (versioned Linux/macOS names, then plain).</summary>
    internal static IEnumerable<string> CandidateNames(string logicalName)
    {
        if (OperatingSystem.IsWindows())
        {
            yield return $"{logicalName}.dll";
            yield break;
        }
        string extension = OperatingSystem.IsMacOS() ? ".dylib" : ".so";
        yield return $"lib{logicalName}{extension}";
        yield return $"lib{logicalName}.v*{extension}";
        yield return $"lib{logicalName}.*{extension}";
    }

    private static string? FindFile(string directory, string logicalName)
    {
        foreach (string pattern in CandidateNames(logicalName))
        {
            string? match = Directory.EnumerateFiles(directory, pattern)
                .Where(f => !Path.GetFileName(f).StartsWith($"lib{logicalName}-", StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal)
                .FirstOrDefault();
            if (match is not null)
            {
                return match;
            }
        }
        return null;
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        lock (s_gate)
        {
            return s_handles.TryGetValue(libraryName, out nint handle) ? handle : 0;
        }
    }
}
