using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// The one sink for llama.cpp's global log. Always installed (so nothing reaches stdout/stderr by default), it
/// assembles CONT pieces into whole lines, keeps the last <see cref="RecentCapacity"/> WARN/ERROR lines for
/// exceptions, records which backend files ggml loaded, and forwards lines to an <see cref="ILogger"/> when one is set.
/// </summary>
internal static unsafe partial class NativeLog
{
    /// <summary>How many WARN/ERROR lines are kept.</summary>
    public const int RecentCapacity = 32;

    /// <summary>The logger category llama.cpp's lines are written under.</summary>
    public const string Category = "LlamaEmbed.LlamaCpp";

    private const string LoadedBackendMarker = "load_backend: loaded ";
    private const string BackendFromMarker = " backend from ";

    private static readonly Lock s_gate = new();
    private static readonly StringBuilder s_pending = new();
    private static readonly (long Sequence, string Line)[] s_recent = new (long, string)[RecentCapacity];
    private static readonly Dictionary<string, string> s_loadedBackends = new(StringComparer.Ordinal);
    private static GgmlLogLevel s_pendingLevel = GgmlLogLevel.Info;
    private static long s_sequence;
    private static ILogger? s_logger;

    /// <summary>The logger lines are forwarded to; null = discard (still captured for exceptions).</summary>
    public static ILogger? Logger
    {
        get => Volatile.Read(ref s_logger);
        set => Volatile.Write(ref s_logger, value);
    }

    /// <summary>The native callback to install with <c>llama_log_set</c>.</summary>
    public static delegate* unmanaged[Cdecl]<GgmlLogLevel, byte*, void*, void> Callback => &OnNativeLog;

    /// <summary>The native hook to install with <c>ggml_set_abort_callback</c>.</summary>
    public static delegate* unmanaged[Cdecl]<byte*, void> FatalCallback => &OnNativeFatal;

    /// <summary>A position in the WARN/ERROR stream; pass it to <see cref="LinesSince"/> to get what a call logged.</summary>
    public static long Mark()
    {
        lock (s_gate)
        {
            return s_sequence;
        }
    }

    /// <summary>The kept WARN/ERROR lines logged after <paramref name="mark"/> (by any thread), oldest first.</summary>
    public static IReadOnlyList<string> LinesSince(long mark)
    {
        lock (s_gate)
        {
            var lines = new List<string>();
            long first = Math.Max(mark, s_sequence - RecentCapacity);
            for (long sequence = first; sequence < s_sequence; sequence++)
            {
                (long kept, string line) = s_recent[sequence % RecentCapacity];
                if (kept == sequence)
                {
                    lines.Add(line);
                }
            }
            return lines;
        }
    }

    /// <summary>The last kept WARN/ERROR lines, oldest first.</summary>
    public static IReadOnlyList<string> RecentLines() => LinesSince(0);

    /// <summary>The file ggml reported for a loaded backend (<c>load_backend: loaded CPU backend from …</c>), keyed by backend name.</summary>
    public static string? LoadedBackendFile(string backendName)
    {
        lock (s_gate)
        {
            return s_loadedBackends.GetValueOrDefault(backendName);
        }
    }

    /// <summary>Handles one native log call; also the entry point tests drive directly.</summary>
    internal static void Write(GgmlLogLevel level, string text)
    {
        List<(GgmlLogLevel, string)>? emitted = null;
        lock (s_gate)
        {
            if (level != GgmlLogLevel.Cont)
            {
                FlushPendingLocked(ref emitted);
                s_pendingLevel = level;
            }
            s_pending.Append(text);
            for (int newline = IndexOfNewline(); newline >= 0; newline = IndexOfNewline())
            {
                string line = s_pending.ToString(0, newline);
                s_pending.Remove(0, newline + 1);
                RecordLocked(s_pendingLevel, line, ref emitted);
            }
        }
        Forward(emitted);
    }

    private static int IndexOfNewline()
    {
        for (int i = 0; i < s_pending.Length; i++)
        {
            if (s_pending[i] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    private static void FlushPendingLocked(ref List<(GgmlLogLevel, string)>? emitted)
    {
        if (s_pending.Length > 0)
        {
            string line = s_pending.ToString();
            s_pending.Clear();
            RecordLocked(s_pendingLevel, line, ref emitted);
        }
    }

    private static void RecordLocked(GgmlLogLevel level, string line, ref List<(GgmlLogLevel, string)>? emitted)
    {
        line = line.TrimEnd('\r');
        if (level is GgmlLogLevel.Warn or GgmlLogLevel.Error)
        {
            s_recent[s_sequence % RecentCapacity] = (s_sequence, line);
            s_sequence++;
        }
        int marker = line.IndexOf(LoadedBackendMarker, StringComparison.Ordinal);
        if (marker >= 0)
        {
            int from = line.IndexOf(BackendFromMarker, marker, StringComparison.Ordinal);
            if (from > 0)
            {
                string name = line[(marker + LoadedBackendMarker.Length)..from];
                s_loadedBackends[name] = line[(from + BackendFromMarker.Length)..].Trim();
            }
        }
        if (Logger is not null)
        {
            (emitted ??= []).Add((level, line));
        }
    }

    private static void Forward(List<(GgmlLogLevel Level, string Line)>? emitted)
    {
        ILogger? logger = Logger;
        if (emitted is null || logger is null)
        {
            return;
        }
        foreach ((GgmlLogLevel level, string line) in emitted)
        {
            LogLevel mapped = Map(level);
            if (line.Length > 0 && logger.IsEnabled(mapped))
            {
                LogNativeLine(logger, mapped, line);
            }
        }
    }

    /// <summary>llama.cpp level → <see cref="LogLevel"/>: DEBUG→Debug, INFO/NONE→Information, WARN→Warning, ERROR→Error.</summary>
    internal static LogLevel Map(GgmlLogLevel level) => level switch
    {
        GgmlLogLevel.Debug => LogLevel.Debug,
        GgmlLogLevel.Warn => LogLevel.Warning,
        GgmlLogLevel.Error => LogLevel.Error,
        _ => LogLevel.Information,
    };

    [LoggerMessage(EventId = 1, EventName = "LlamaCpp", Message = "{Line}")]
    private static partial void LogNativeLine(ILogger logger, LogLevel level, string line);

    [LoggerMessage(EventId = 2, EventName = "LlamaCppFatal", Level = LogLevel.Critical, Message = "llama.cpp is aborting the process: {Reason}")]
    private static partial void LogFatal(ILogger logger, string reason);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnNativeLog(GgmlLogLevel level, byte* text, void* userData)
    {
        try
        {
            if (text is not null)
            {
                Write(level, Marshal.PtrToStringUTF8((nint)text) ?? string.Empty);
            }
        }
#pragma warning disable CA1031 // An exception must never unwind into native code.
        catch (Exception)
#pragma warning restore CA1031
        {
            // A failing logger loses the line; the process keeps running.
        }
    }

    /// <summary>
    /// Reports a GGML_ASSERT/GGML_ABORT reason just before llama.cpp calls <c>abort()</c>. This is the one place we
    /// write to stderr without a logger: the process is about to die, and the reason must not be lost.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnNativeFatal(byte* message)
    {
        try
        {
            string reason = Marshal.PtrToStringUTF8((nint)message) ?? "(no message)";
            ILogger? logger = Logger;
            if (logger is not null)
            {
                LogFatal(logger, reason);
            }
            Console.Error.WriteLine($"llama.cpp fatal error (the process will abort): {reason}");
        }
#pragma warning disable CA1031 // An exception must never unwind into native code.
        catch (Exception)
#pragma warning restore CA1031
        {
            // Nothing more can be done; abort() follows.
        }
    }
}
