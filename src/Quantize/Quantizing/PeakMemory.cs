using System.Diagnostics;
using System.Globalization;

namespace LlamaEmbed.Quantization;

/// <summary>
/// Peak resident memory of this process over a stretch of work. On Linux the kernel's high-water mark (VmHWM) is
/// reset first (<c>/proc/self/clear_refs</c> = 5), so each measurement covers only its own work; elsewhere the
/// process-lifetime peak is reported.
/// </summary>
internal static class PeakMemory
{
    /// <summary>Starts a measurement; returns false when the peak cannot be reset (then the lifetime peak is read).</summary>
    public static bool Reset()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The peak resident set in bytes since the last <see cref="Reset"/>.</summary>
    public static long Read()
    {
        if (OperatingSystem.IsLinux())
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    string kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
