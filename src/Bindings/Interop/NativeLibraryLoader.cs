using System.Reflection;
using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// Loads libggml-base, libggml and libllama from one folder by full path and maps our logical library names to them.
/// Runs once per process: llama.cpp's global state (logging, backend registry, quantization tables) lives in exactly
/// one libggml-base, so once any library came from a folder, no other folder is accepted. The file names differ per
/// build (<c>libllama.v0.5.0.so</c> in the CPU build, <c>libllama.cuda.v0.5.0.so</c> in the CUDA build, plain
/// <c>libllama.so</c>/<c>llama.dll</c> in a user's own build); <see cref="CandidateNames"/> covers all of them.
/// Backends are loaded separately, after the log callback is installed (see <see cref="LlamaEmbed.NativeRuntime"/>).
/// </summary>
internal static class NativeLibraryLoader
{
    private static readonly Lock s_gate = new();
    private static readonly Dictionary<string, nint> s_handles = new(StringComparer.Ordinal);
    private static bool s_resolverInstalled;
    private static string? s_attemptedDirectory;

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
            string? previous = LoadedDirectory ?? s_attemptedDirectory;
            if (previous is not null && !string.Equals(previous, directory, StringComparison.Ordinal))
            {
                throw new LlamaNativeLibraryException(
                    $"llama.cpp is already loaded from '{previous}'; one process can load it from only one folder (asked for '{directory}').");
            }
            if (LoadedDirectory is not null)
            {
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
            s_attemptedDirectory = directory;
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

    /// <summary>The file names a logical library may have, most specific first: plain, versioned (CPU build), CUDA-versioned, any other variant.</summary>
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
        yield return $"lib{logicalName}.cuda.v*{extension}";
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
