using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace LlamaEmbed.Tests;

/// <summary>
/// What of a memory-mapped file this process holds resident (Linux only), read from the kernel rather than from the
/// code under test: each mapping's <c>Rss:</c> from <c>/proc/self/smaps</c>, and single pages' present bits from
/// <c>/proc/self/pagemap</c> (bit 63 of each page's 64-bit entry; readable without privileges). Shared by the
/// Bindings and Runtime test projects (the Runtime project links this file).
/// </summary>
internal static class MappedResidency
{
    /// <summary>One line of <c>/proc/self/maps</c> with its <c>Rss:</c> from <c>/proc/self/smaps</c>.</summary>
    /// <param name="Start">The first address.</param>
    /// <param name="End">The address after the last.</param>
    /// <param name="Perms">e.g. <c>r--s</c>: read-only shared; <c>rw-p</c>: private (copy-on-write).</param>
    /// <param name="FileOffset">The file offset mapped at <paramref name="Start"/>.</param>
    /// <param name="Name">The mapped file's name as the kernel writes it (empty for anonymous memory).</param>
    /// <param name="RssBytes">The bytes of the mapping this process has resident (whole pages).</param>
    /// <param name="PmdMappedBytes">Of those, the bytes mapped as whole huge pages (<c>FilePmdMapped:</c> + <c>ShmemPmdMapped:</c>).</param>
    internal sealed record Region(long Start, long End, string Perms, long FileOffset, string Name, long RssBytes, long PmdMappedBytes)
    {
        public long Length => End - Start;

        public bool Contains(long address) => address >= Start && address < End;
    }

    public static long PageSize => Environment.SystemPageSize;

    /// <summary>
    /// The size of a PMD-mapped huge page (2 MiB on x86-64). Kernels whose page cache holds large folios (e.g. 6.18 on
    /// ext4) map a file's pages in and out in blocks of up to this size: a file written in large writes is mapped
    /// with huge pages, madvise(MADV_DONTNEED) on part of one drops the whole huge page, and a read of one dropped page
    /// maps its whole folio (up to this size) back in. A file written one page per write has one-page folios, mapped
    /// back in by the fault-around window (64 KiB by default).
    /// </summary>
    public static long HugePageSize { get; } = File.Exists("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size")
        ? long.Parse(File.ReadAllText("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size").Trim(), CultureInfo.InvariantCulture)
        : PageSize * (PageSize / 8);

    /// <summary>Every mapping of this process.</summary>
    public static IReadOnlyList<Region> All()
    {
        var regions = new List<Region>();
        (long Start, long End, string Perms, long Offset, string Name)? current = null;
        long rss = 0, pmd = 0;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            if (TryParseHeader(line) is { } header)
            {
                if (current is var (s, e, p, o, n))
                {
                    regions.Add(new Region(s, e, p, o, n, rss, pmd));
                }
                current = header;
                rss = pmd = 0;
            }
            else if (line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("FilePmdMapped:", StringComparison.Ordinal) || line.StartsWith("ShmemPmdMapped:", StringComparison.Ordinal))
            {
                pmd += Kilobytes(line);
            }
        }
        if (current is var (s2, e2, p2, o2, n2))
        {
            regions.Add(new Region(s2, e2, p2, o2, n2, rss, pmd));
        }
        return regions;
    }

    /// <summary>The mapping that contains <paramref name="address"/>.</summary>
    public static Region At(nint address) =>
        All().Single(r => r.Contains(address));

    /// <summary>Every mapping of <paramref name="path"/> (found by the kernel's name for it, links resolved).</summary>
    public static IReadOnlyList<Region> Of(string path)
    {
        string name = KernelName(path);
        return [.. All().Where(r => r.Name == name)];
    }

    /// <summary>The sum of <c>Rss:</c> over every mapping of <paramref name="path"/>.</summary>
    public static long ResidentBytes(string path) => Of(path).Sum(r => r.RssBytes);

    /// <summary>
    /// The bytes of the pages that hold bytes <paramref name="fileOffset"/> to + <paramref name="length"/> of
    /// <paramref name="path"/> (partial pages at either end included) which are present in this process's page
    /// tables, summed over every mapping of the file, and the bytes of those pages mapped at all.
    /// </summary>
    public static (long Present, long Mapped) PresentBytes(string path, long fileOffset, long length)
    {
        long present = 0, mapped = 0;
        foreach (Region region in Of(path))
        {
            long first = Math.Max(fileOffset, region.FileOffset);
            long last = Math.Min(fileOffset + length, region.FileOffset + region.Length);
            if (last <= first)
            {
                continue;
            }
            long start = region.Start + (first - region.FileOffset);
            long end = region.Start + (last - region.FileOffset);
            start -= start % PageSize;
            end = (end + PageSize - 1) / PageSize * PageSize;
            mapped += end - start;
            present += PresentPages((nint)start, end - start) * PageSize;
        }
        return (present, mapped);
    }

    /// <summary>How many of the pages from <paramref name="start"/> (page-aligned) to + <paramref name="length"/> are present.</summary>
    public static int PresentPages(nint start, long length) => PagePresence(start, length).Count(p => p);

    /// <summary>Each page's present bit, from <paramref name="start"/> (page-aligned) for <paramref name="length"/> bytes.</summary>
    public static bool[] PagePresence(nint start, long length)
    {
        if (start % PageSize != 0)
        {
            throw new ArgumentException("The start must be page-aligned.", nameof(start));
        }
        int pages = checked((int)((length + PageSize - 1) / PageSize));
        byte[] entries = new byte[pages * 8];
        using (SafeFileHandle pagemap = File.OpenHandle("/proc/self/pagemap"))
        {
            int read = 0;
            while (read < entries.Length)
            {
                int n = RandomAccess.Read(pagemap, entries.AsSpan(read), (start / PageSize * 8) + read);
                if (n == 0)
                {
                    throw new IOException("Short read from /proc/self/pagemap.");
                }
                read += n;
            }
        }
        var present = new bool[pages];
        for (int i = 0; i < pages; i++)
        {
            present[i] = (BinaryPrimitives.ReadUInt64LittleEndian(entries.AsSpan(i * 8)) & (1UL << 63)) != 0;
        }
        return present;
    }

    /// <summary>The name the kernel shows for <paramref name="path"/> in <c>/proc/self/maps</c>: absolute, links resolved.</summary>
    public static string KernelName(string path)
    {
        using SafeFileHandle file = File.OpenHandle(path);
        return new FileInfo(string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{file.DangerousGetHandle()}")).LinkTarget
            ?? throw new IOException($"No /proc/self/fd link for '{path}'.");
    }

    // "Rss:                 123 kB"
    private static long Kilobytes(string line)
    {
        string kb = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        return long.Parse(kb[..kb.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture) * 1024;
    }

    // "7f12a4000000-7f12a4800000 r--s 00000000 fd:01 1234      /path with spaces/file"
    private static (long Start, long End, string Perms, long Offset, string Name)? TryParseHeader(string line)
    {
        int dash = line.IndexOf('-', StringComparison.Ordinal);
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        if (dash <= 0 || space < dash || line.EndsWith(" kB", StringComparison.Ordinal)
            || !long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long start)
            || !long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long end))
        {
            return null;
        }
        // perms, offset, device, inode, then (after padding) the name, which may itself contain spaces.
        string rest = line[(space + 1)..];
        string[] fields = rest.Split(' ', 4);
        string perms = fields[0];
        long offset = long.Parse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        string afterInode = fields[3];
        int nameStart = afterInode.IndexOf(' ', StringComparison.Ordinal);
        string name = nameStart < 0 ? "" : afterInode[nameStart..].TrimStart(' ');
        return (start, end, perms, offset, name);
    }
}
