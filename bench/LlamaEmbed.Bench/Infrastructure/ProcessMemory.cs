namespace LlamaEmbed.Bench.Infrastructure;

/// <summary>
/// Resident memory of this process as the kernel counts it, native allocations and mapped model pages included
/// (BenchmarkDotNet's memory diagnoser sees only the managed heap).
/// </summary>
internal static class ProcessMemory
{
    /// <summary>Peak resident set size in bytes (<c>VmHWM</c> of /proc/self/status; the working-set peak elsewhere).</summary>
    public static long PeakResidentBytes() => ReadStatusKiB("VmHWM:") is long kib ? kib * 1024 : Environment.WorkingSet;

    /// <summary>Current resident set size in bytes (<c>VmRSS</c>).</summary>
    public static long ResidentBytes() => ReadStatusKiB("VmRSS:") is long kib ? kib * 1024 : Environment.WorkingSet;

    /// <summary>Bytes as MiB, rounded to whole MiB.</summary>
    public static long ToMiB(long bytes) => (bytes + (1 << 19)) >> 20;

    private static long? ReadStatusKiB(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return null;
        }
        foreach (string line in File.ReadLines(status))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                // e.g. "VmHWM:	  412345 kB"
                string[] parts = line[field.Length..].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return null;
    }
}
