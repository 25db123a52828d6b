using System.Globalization;
using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// Hands resident pages of a memory-mapped model file back to the kernel (Linux). llama.cpp maps model files with
/// <c>MAP_POPULATE</c>, so every byte of the file is resident after loading, including all rows of the
/// token-embedding table that texts never use. Dropping pages of a read-only shared file mapping loses nothing: the
/// next read of a dropped page faults it back in from the page cache (or the file) with the same bytes.
/// </summary>
/// <remarks>
/// Where the kernel caches the file in large folios (ext4 and others on recent kernels), a fault brings back the
/// whole folio, up to 2 MiB, and dropping any page of a huge-page mapping drops all of it; both cost only re-reads
/// from the page cache.
/// </remarks>
internal static partial class MappedFilePages
{
    private const int MadviseDontNeed = 4;

    /// <summary>
    /// The address ranges that map bytes <paramref name="offset"/> to <paramref name="offset"/> +
    /// <paramref name="length"/> of <paramref name="path"/> in this process's read-only shared mappings of the file,
    /// shrunk to whole pages. Empty on other systems, when the file is not mapped so (e.g. the model was read into
    /// memory), or when <c>/proc</c> cannot be read. The ranges stay valid while the mapping's owner keeps it.
    /// </summary>
    /// <param name="path">The mapped file.</param>
    /// <param name="offset">The first byte of the range, from the start of the file.</param>
    /// <param name="length">The bytes in the range.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> or <paramref name="length"/> is negative.</exception>
    public static MappedRange[] Find(string path, long offset, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!OperatingSystem.IsLinux() || length == 0)
        {
            return [];
        }
        long last = offset > long.MaxValue - length ? long.MaxValue : offset + length;
        long pageSize = Environment.SystemPageSize;
        try
        {
            if (KernelPath(path) is not { } mappedName)
            {
                return [];
            }
            var ranges = new List<MappedRange>();
            foreach (Region region in Regions(mappedName))
            {
                long first = Math.Max(offset, region.FileOffset);
                long end = Math.Min(last, region.FileOffset + region.Length);
                long startAddress = AlignUp(region.Start + (first - region.FileOffset), pageSize);
                long endAddress = AlignDown(region.Start + (end - region.FileOffset), pageSize);
                if (endAddress > startAddress)
                {
                    ranges.Add(new MappedRange(startAddress, endAddress - startAddress));
                }
            }
            return [.. ranges];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return [];
        }
    }

    /// <summary>
    /// Drops the resident pages of <paramref name="ranges"/> from <see cref="Find"/>; returns the bytes advised. The
    /// caller must keep the mappings alive (for a model: hold its handle).
    /// </summary>
    /// <param name="ranges">Address ranges of read-only shared file mappings.</param>
    public static long Release(IReadOnlyList<MappedRange> ranges)
    {
        long released = 0;
        try
        {
            foreach (MappedRange range in ranges)
            {
                if (madvise((nint)range.Start, (nuint)range.Length, MadviseDontNeed) == 0)
                {
                    released += range.Length;
                }
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without madvise under the name "libc": the pages simply stay resident.
        }
        return released;
    }

    /// <summary><see cref="Release(IReadOnlyList{MappedRange})"/> of <see cref="Find"/>: one release, now.</summary>
    /// <inheritdoc cref="Find" path="/param"/>
    /// <inheritdoc cref="Find" path="/exception"/>
    public static long Release(string path, long offset, long length) => Release(Find(path, offset, length));

    /// <summary>The name the kernel gives <paramref name="path"/> in <c>/proc/self/maps</c>: absolute, links resolved.</summary>
    private static string? KernelPath(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        string link = string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{file.SafeFileHandle.DangerousGetHandle()}");
        string? target = new FileInfo(link).LinkTarget;
        // The kernel writes a newline in a name as \012; such a name is left alone rather than unescaped.
        return target is null || target.Contains('\n', StringComparison.Ordinal) ? null : target;
    }

    /// <summary>The read-only shared mappings of the file the kernel names <paramref name="mappedName"/>.</summary>
    private static IEnumerable<Region> Regions(string mappedName)
    {
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            // "start-end perms offset dev inode   path", the path being the rest of the line.
            if (!line.EndsWith(mappedName, StringComparison.Ordinal))
            {
                continue;
            }
            string[] fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[5].TrimStart(' ') != mappedName)
            {
                continue;
            }
            string perms = fields[1];
            if (perms.Length != 4 || perms[1] != '-' || perms[3] != 's')
            {
                continue;
            }
            int dash = fields[0].IndexOf('-', StringComparison.Ordinal);
            long start = long.Parse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            long end = long.Parse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            long fileOffset = long.Parse(fields[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            yield return new Region(start, end - start, fileOffset);
        }
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;

    private static long AlignDown(long value, long alignment) => value / alignment * alignment;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int madvise(nint address, nuint length, int advice);

    private readonly record struct Region(long Start, long Length, long FileOffset);
}

/// <summary>A page-aligned address range of a file mapping in this process.</summary>
/// <param name="Start">The first address.</param>
/// <param name="Length">The bytes, a whole number of pages.</param>
internal readonly record struct MappedRange(long Start, long Length);
