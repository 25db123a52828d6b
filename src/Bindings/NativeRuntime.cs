using System.Runtime.InteropServices;
using LlamaEmbed.Native.Interop;
using Microsoft.Extensions.Logging;

namespace LlamaEmbed;

/// <summary>
/// Loads llama.cpp once per process, explicitly: the libraries from one folder, a version handshake against the
/// pinned build, our log sink (before any backend loads, so nothing reaches stdout/stderr unless a logger is given),
/// the backends, then <c>llama_backend_init</c>. Every model factory calls <see cref="EnsureInitialized"/>.
/// </summary>
public static class NativeRuntime
{
    private static readonly Lock s_gate = new();
    private static State? s_state;

    /// <summary>Whether llama.cpp has been initialized in this process.</summary>
    public static bool IsInitialized => Volatile.Read(ref s_state) is not null;

    /// <summary>
    /// Loads llama.cpp with <paramref name="options"/>. Idempotent: a later call with the same backend and folder only
    /// replaces the logger (when one is given).
    /// </summary>
    /// <param name="options">The backend, folder and logger; null = all defaults (CPU, shipped binaries, silent).</param>
    /// <exception cref="LlamaNativeLibraryException">
    /// The libraries are missing, not loadable, not the pinned version, CUDA was asked for and something it needs is
    /// missing, or the runtime was already initialized with another backend or folder.
    /// </exception>
    public static void Initialize(NativeRuntimeOptions? options = null)
    {
        options ??= new NativeRuntimeOptions();
        string directory = ResolveDirectory(options);
        lock (s_gate)
        {
            if (s_state is { } state)
            {
                if (state.RequestedBackend != options.Backend || !string.Equals(state.BaseDirectory, directory, StringComparison.Ordinal))
                {
                    throw new LlamaNativeLibraryException(
                        $"llama.cpp is already initialized with backend {state.RequestedBackend} from '{state.BaseDirectory}'; a process cannot switch to {options.Backend} from '{directory}'. Initialize once, at start-up.");
                }
                if (options.LoggerFactory is not null)
                {
                    NativeLog.Logger = options.LoggerFactory.CreateLogger(NativeLog.Category);
                }
                return;
            }
            Volatile.Write(ref s_state, Start(options, directory));
        }
    }

    /// <summary>Initializes with the defaults unless <see cref="Initialize"/> already ran.</summary>
    /// <exception cref="LlamaNativeLibraryException">Loading failed; see <see cref="Initialize"/>.</exception>
    public static void EnsureInitialized()
    {
        if (!IsInitialized)
        {
            lock (s_gate)
            {
                if (s_state is null)
                {
                    var options = new NativeRuntimeOptions();
                    Volatile.Write(ref s_state, Start(options, ResolveDirectory(options)));
                }
            }
        }
    }

    /// <summary>Describes what was loaded (initializing with the defaults first if needed).</summary>
    /// <exception cref="LlamaNativeLibraryException">Loading failed; see <see cref="Initialize"/>.</exception>
    public static unsafe NativeRuntimeInfo Describe()
    {
        EnsureInitialized();
        State state = s_state!;
        return new NativeRuntimeInfo
        {
            LlamaCppVersion = NativeSystemQuery.Utf8(NativeMethods.llama_version()),
            LibraryDirectory = state.LibraryDirectory,
            LibraryFiles = [.. NativeLibraryLoader.LoadedFiles.Values.Order(StringComparer.Ordinal)],
            CpuVariantFile = NativeSystemQuery.CpuVariantFile(),
            CpuFeatures = NativeSystemQuery.Features("CPU"),
            Devices = NativeSystemQuery.Devices(),
            RequestedBackend = state.RequestedBackend,
            Backend = state.Backend,
            CudaUnavailableReason = state.CudaUnavailableReason,
            SystemInfo = NativeSystemQuery.Utf8(NativeMethods.llama_print_system_info()),
        };
    }

    private static string ResolveDirectory(NativeRuntimeOptions options)
    {
        string? directory = options.NativeLibraryDirectory;
        if (string.IsNullOrWhiteSpace(directory))
        {
            directory = Environment.GetEnvironmentVariable(NativeRuntimeOptions.NativeDirectoryVariable);
        }
        if (string.IsNullOrWhiteSpace(directory))
        {
            directory = NativeLibraryLoader.DefaultDirectory;
        }
        return Path.GetFullPath(directory);
    }

    private static unsafe State Start(NativeRuntimeOptions options, string directory)
    {
        if (!Enum.IsDefined(options.Backend))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Backend, "Unknown backend.");
        }
        (string libraryDirectory, LlamaBackend backend, string? cudaReason) = ChooseBuild(options.Backend, directory);
        NativeLibraryLoader.Load(libraryDirectory);
        VerifyVersion(NativeSystemQuery.Utf8(NativeMethods.llama_version()), libraryDirectory);

        NativeLog.Logger = options.LoggerFactory?.CreateLogger(NativeLog.Category);
        NativeMethods.llama_log_set(NativeLog.Callback, null);
        NativeMethods.ggml_set_abort_callback(NativeLog.FatalCallback);

        long mark = NativeLog.Mark();
        NativeMethods.ggml_backend_load_all_from_path(libraryDirectory);
        NativeMethods.llama_backend_init();

        if (NativeMethods.ggml_backend_reg_by_name("CPU") == 0)
        {
            throw new LlamaNativeLibraryException(
                $"No CPU backend could be loaded from '{libraryDirectory}': none of its libggml-cpu-*.so variants runs on this processor, or they are missing.",
                NativeLog.LinesSince(mark));
        }
        if (backend == LlamaBackend.Cuda && NativeSystemQuery.DeviceCount("CUDA") == 0)
        {
            string reason = NativeMethods.ggml_backend_reg_by_name("CUDA") == 0
                ? "the CUDA backend (libggml-cuda) did not load"
                : "the CUDA backend loaded but found no GPU";
            if (options.Backend == LlamaBackend.Cuda)
            {
                throw new LlamaNativeLibraryException(
                    $"CUDA was requested but {reason} (from '{libraryDirectory}'). Check nvidia-smi and the driver; the CPU build is used with Backend = Cpu or Auto.",
                    NativeLog.LinesSince(mark));
            }
            backend = LlamaBackend.Cpu;
            cudaReason = $"{reason}; running on the CUDA build's CPU backend";
        }
        return new State(options.Backend, backend, directory, libraryDirectory, cudaReason);
    }

    /// <summary>Picks the folder to load for <paramref name="requested"/>; for CUDA, checks the build and its libraries before anything is loaded.</summary>
    internal static (string Directory, LlamaBackend Backend, string? CudaReason) ChooseBuild(LlamaBackend requested, string directory)
    {
        if (requested == LlamaBackend.Cpu)
        {
            return (directory, LlamaBackend.Cpu, "the CPU backend was requested");
        }
        string? cudaDirectory = CudaProbe.FindBuild(directory);
        string? reason;
        if (cudaDirectory is null)
        {
            reason = $"no CUDA build in '{Path.Combine(directory, CudaProbe.SubfolderName)}' (build with -p:LlamaEmbedCuda=true on linux-x64, or set {NativeRuntimeOptions.NativeDirectoryVariable} to a CUDA build)";
        }
        else
        {
            IReadOnlyList<string> missing = CudaProbe.FindMissingDependencies(cudaDirectory);
            if (missing.Count == 0)
            {
                return (cudaDirectory, LlamaBackend.Cuda, null);
            }
            reason = $"cannot load {string.Join(", ", missing)}; install the NVIDIA driver and CUDA 13 (cudart, cuBLAS) or put those libraries on the library path";
        }
        if (requested == LlamaBackend.Cuda)
        {
            throw new LlamaNativeLibraryException($"CUDA was requested but {reason}.");
        }
        return (directory, LlamaBackend.Cpu, reason);
    }

    /// <summary>The version handshake: <paramref name="found"/> (what <c>llama_version()</c> reported) must be the pinned version.</summary>
    internal static void VerifyVersion(string found, string libraryDirectory)
    {
        string expected = PinnedBuild.LlamaCppVersion;
        if (!string.Equals(found, expected, StringComparison.Ordinal))
        {
            throw new LlamaNativeLibraryException(
                $"The llama.cpp in '{libraryDirectory}' reports version '{found}', but LlamaEmbed is built against '{expected}' (npm @node-llama-cpp/*@{PinnedBuild.PackageVersion}); struct layouts differ between versions. " +
                $"Use the shipped binaries (unset {NativeRuntimeOptions.NativeDirectoryVariable}) or build llama.cpp {expected} yourself.");
        }
    }

    private sealed record State(
        LlamaBackend RequestedBackend,
        LlamaBackend Backend,
        string BaseDirectory,
        string LibraryDirectory,
        string? CudaUnavailableReason);
}
