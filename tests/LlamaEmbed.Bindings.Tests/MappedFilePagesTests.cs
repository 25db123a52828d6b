using System.IO.MemoryMappedFiles;
using LlamaEmbed.Native.Interop;
using Xunit;

namespace LlamaEmbed.Tests;

/// <summary>
/// <see cref="MappedFilePages.Find"/> and <see cref="MappedFilePages.Release(string, long, long)"/> on files mapped with <see cref="MemoryMappedFile"/> (a read-only view is
/// <c>r--s</c>, as llama.cpp maps models). Residency is read from the kernel through <see cref="MappedResidency"/>:
/// <c>Rss:</c> of <c>/proc/self/smaps</c> and present bits of <c>/proc/self/pagemap</c>, both in whole pages.
/// </summary>
/// <remarks>
/// Tolerance: none at page level, except what the kernel does with huge pages. A file written in large writes gets
/// large page-cache folios on recent kernels (6.18 on ext4 here) and its mapping is then PMD-mapped (2 MiB huge
/// pages); MADV_DONTNEED on part of a huge page drops the whole huge page. So every test either releases ranges on
/// huge-page boundaries (exact either way), or writes its file one page per write (one-page folios, mapped with
/// ordinary pages), or allows, only when smaps reports PMD-mapped bytes, the rest of a huge page the range overlaps.
/// </remarks>
public sealed unsafe class MappedFilePagesTests
{
    private const int FileSize = 8 << 20;
    private static readonly long Page = Environment.SystemPageSize;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Release_drops_exactly_the_middle_of_a_read_only_shared_mapping_and_the_bytes_read_back_unchanged(bool onePagePerWrite)
    {
        SkipUnlessLinux();
        using var folder = new TempFolder();
        byte[] data = WriteRandomFile(folder.File("weights.bin"), seed: 1, onePagePerWrite);
        using var mapped = new MappedView(folder.File("weights.bin"), MemoryMappedFileAccess.Read);
        mapped.TouchAll();

        MappedResidency.Region region = MappedResidency.At(mapped.Address);
        Assert.Equal("r--s", region.Perms);
        Assert.Equal(FileSize, region.Length);
        Assert.Equal(FileSize, region.RssBytes);

        // 2 MiB to 6 MiB: whole huge pages, so the drop is exact whether or not the kernel used them.
        long released = MappedFilePages.Release(mapped.Path, 2 << 20, 4 << 20);

        Assert.Equal(4 << 20, released);
        Assert.Equal(FileSize - (4 << 20), MappedResidency.At(mapped.Address).RssBytes);
        AssertDropped(mapped, 2 << 20, 6 << 20, hugePagesAllowed: false, "[2 MiB, 6 MiB)");

        Assert.True(mapped.Bytes.SequenceEqual(data), "The mapping reads back the file's bytes after the release.");
        Assert.Equal(FileSize, MappedResidency.At(mapped.Address).RssBytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Release_advises_only_the_whole_pages_inside_the_range(bool onePagePerWrite)
    {
        SkipUnlessLinux();
        using var folder = new TempFolder();
        byte[] data = WriteRandomFile(folder.File("weights.bin"), seed: 2, onePagePerWrite);
        using var mapped = new MappedView(folder.File("weights.bin"), MemoryMappedFileAccess.Read);

        // (first byte, end byte) → the pages advised; partial pages at either end are not.
        long mib = 1 << 20;
        (long From, long To, long AdvisedFrom, long AdvisedTo)[] cases =
        [
            (mib + (3 * Page) + 100, mib + (8 * Page) + 100, mib + (4 * Page), mib + (8 * Page)),
            (mib + (3 * Page), mib + (8 * Page), mib + (3 * Page), mib + (8 * Page)),
            (mib + (3 * Page) - 1, mib + (8 * Page) + 1, mib + (3 * Page), mib + (8 * Page)),
            (mib + Page + 1, mib + (2 * Page) - 1, 0, 0),
            (mib + Page + 1, mib + (3 * Page) - 1, mib + (2 * Page), mib + (2 * Page)),
            // Ranges past the end of the mapping stop at its end; ranges wholly past it advise nothing.
            (FileSize - Page - 10, FileSize + (64 << 20), FileSize - Page, FileSize),
            (FileSize - (2 * Page), long.MaxValue / 2, FileSize - (2 * Page), FileSize),
            (FileSize + Page, FileSize + (3 * Page), 0, 0),
            (mib, mib, 0, 0),
        ];
        foreach ((long from, long to, long advisedFrom, long advisedTo) in cases)
        {
            mapped.TouchAll();
            bool hugeMapped = MappedResidency.At(mapped.Address).PmdMappedBytes > 0;
            long released = MappedFilePages.Release(mapped.Path, from, to - from);

            string label = $"range [{from}, {to}), {(hugeMapped ? "huge" : "small")} pages";
            Assert.True(advisedTo - advisedFrom == released, $"{label}: released {released}, expected {advisedTo - advisedFrom}");
            AssertDropped(mapped, advisedFrom, advisedTo, hugeMapped, label);
        }
        Assert.True(mapped.Bytes.SequenceEqual(data));

        // offset + length past long.MaxValue releases nothing rather than wrapping around.
        mapped.TouchAll();
        Assert.Equal(0, MappedFilePages.Release(mapped.Path, long.MaxValue - 10, 100));
        Assert.Equal(FileSize, MappedResidency.At(mapped.Address).RssBytes);
    }

    [Fact]
    public void Find_gives_the_whole_pages_of_the_range_in_every_mapping_and_Release_advises_exactly_those()
    {
        SkipUnlessLinux();
        using var folder = new TempFolder();
        byte[] data = WriteRandomFile(folder.File("weights.bin"), seed: 10, onePagePerWrite: false);
        long mib = 1 << 20;
        using var whole = new MappedView(folder.File("weights.bin"), MemoryMappedFileAccess.Read);
        // File bytes 2 MiB to 6 MiB, mapped at file offset 2 MiB.
        using var part = new MappedView(folder.File("weights.bin"), MemoryMappedFileAccess.Read, offset: 2 * mib, size: 4 * mib);
        whole.TouchAll();
        part.TouchAll();

        // File bytes [1 MiB + 100, 5 MiB + 100): whole pages [1 MiB + 1 page, 5 MiB) of the file; the part maps the
        // file's [2 MiB, 5 MiB) of them at its start.
        MappedRange[] ranges = MappedFilePages.Find(whole.Path, mib + 100, 4 * mib);

        Assert.Equal(2, ranges.Length);
        Assert.Contains(new MappedRange(whole.Address + mib + Page, (4 * mib) - Page), ranges);
        Assert.Contains(new MappedRange(part.Address, 3 * mib), ranges);
        Assert.All(ranges, r => Assert.True(r.Start % Page == 0 && r.Length % Page == 0, $"{r} is not page-aligned."));
        // Finding releases nothing.
        Assert.Equal(FileSize, MappedResidency.At(whole.Address).RssBytes);
        Assert.Equal(4 * mib, MappedResidency.At(part.Address).RssBytes);

        Assert.Equal(ranges.Sum(r => r.Length), MappedFilePages.Release(ranges));
        foreach (MappedRange range in ranges)
        {
            Assert.Equal(0, MappedResidency.PresentPages((nint)range.Start, range.Length));
        }
        Assert.True(whole.Bytes.SequenceEqual(data));
        Assert.True(part.Bytes.SequenceEqual(data.AsSpan(2 << 20, 4 << 20)));

        // offset + length past long.MaxValue stops at the end of the file rather than wrapping around.
        Assert.Equal(
            new[] { new MappedRange(whole.Address + FileSize - (2 * Page), 2 * Page) },
            MappedFilePages.Find(whole.Path, FileSize - (2 * Page) - 5, long.MaxValue));
        Assert.Equal(2 * Page, MappedFilePages.Release(whole.Path, FileSize - (2 * Page) - 5, long.MaxValue));

        // Nothing: an empty range, a range past the end, less than a page, a file not mapped, no file.
        Assert.Empty(MappedFilePages.Find(whole.Path, mib, 0));
        Assert.Empty(MappedFilePages.Find(whole.Path, FileSize, 4 * mib));
        Assert.Empty(MappedFilePages.Find(whole.Path, mib + 1, Page));
        File.WriteAllBytes(folder.File("other.bin"), new byte[2 * Page]);
        Assert.Empty(MappedFilePages.Find(folder.File("other.bin"), 0, 2 * Page));
        Assert.Empty(MappedFilePages.Find(folder.File("absent.bin"), 0, 2 * Page));
        Assert.Equal(0, MappedFilePages.Release([]));
        Assert.Throws<ArgumentOutOfRangeException>("offset", () => MappedFilePages.Find(whole.Path, -1, 10));
        Assert.Throws<ArgumentOutOfRangeException>("length", () => MappedFilePages.Find(whole.Path, 0, -1));
    }

    [Fact]
    public void Release_finds_the_range_in_a_mapping_that_starts_inside_the_file()
    {
        SkipUnlessLinux();
        using var folder = new TempFolder();
        byte[] data = WriteRandomFile(folder.File("weights.bin"), seed: 3, onePagePerWrite: false);
        // Bytes 1 MiB to 5 MiB of the file, mapped at file offset 1 MiB.
        using var mapped = new MappedView(folder.File("weights.bin"), MemoryMappedFileAccess.Read, offset: 1 << 20, size: 4 << 20);
        mapped.TouchAll();
        MappedResidency.Region region = MappedResidency.At(mapped.Address);
        Assert.Equal(1 << 20, region.FileOffset);

        // File bytes 0 to 2 MiB: only 1 MiB to 2 MiB is mapped, which is the view's first 1 MiB.
        long released = MappedFilePages.Release(mapped.Path, 0, 2 << 20);

        Assert.Equal(1 << 20, released);
        AssertDropped(mapped, 0, 1 << 20, region.PmdMappedBytes > 0, "file [0, 2 MiB) in a view of [1 MiB, 5 MiB)");
        Assert.True(mapped.Bytes.SequenceEqual(data.AsSpan(1 << 20, 4 << 20)));
    }

    [Fact]
    public void Release_covers_every_read_only_shared_mapping_of_the_file()
    {
        SkipUnlessLinux();
        using var folder = new TempFolder();
        WriteRandomFile(folder.File("weights.bin"), seed: 4, onePagePerWrite: false);
        using var first = new MappedView(folder.File("weights.bin"), MemoryMappedFileAccess.Read);
        using var second = new MappedView(folder.File("weights.bin"), MemoryMappedFileAccess.Read);
        first.TouchAll();
        second.TouchAll();

        Assert.Equal(2L * FileSize, MappedFilePages.Release(first.Path, 0, FileSize));

        Assert.Equal(0, MappedResidency.At(first.Address).RssBytes);
        Assert.Equal(0, MappedResidency.At(second.Address).RssBytes);
    }

    [Fact]
    public void A_modified_copy_on_write_page_is_never_touched()
    {
        SkipUnlessLinux();
        using var folder = new TempFolder();
        byte[] data = WriteRandomFile(folder.File("weights.bin"), seed: 5, onePagePerWrite: false);
        using var copy = new MappedView(folder.File("weights.bin"), MemoryMappedFileAccess.CopyOnWrite);
        copy.TouchAll();
        int at = (5 * (int)Page) + 7;
        byte changed = (byte)~data[at];
        copy.Pointer[at] = changed;
        MappedResidency.Region before = MappedResidency.At(copy.Address);
        Assert.Equal("rw-p", before.Perms);

        Assert.Equal(0, MappedFilePages.Release(copy.Path, 0, FileSize));

        Assert.Equal(changed, copy.Pointer[at]);
        Assert.Equal(before.RssBytes, MappedResidency.At(copy.Address).RssBytes);

        // Beside a read-only shared mapping of the same file, only that one is released.
        using var shared = new MappedView(folder.File("weights.bin"), MemoryMappedFileAccess.Read);
        shared.TouchAll();
        Assert.Equal(FileSize, MappedFilePages.Release(copy.Path, 0, FileSize));
        Assert.Equal(0, MappedResidency.At(shared.Address).RssBytes);
        Assert.Equal(before.RssBytes, MappedResidency.At(copy.Address).RssBytes);
        Assert.Equal(changed, copy.Pointer[at]);
        Assert.Equal(data[at], shared.Pointer[at]);
        Assert.True(File.ReadAllBytes(copy.Path).AsSpan().SequenceEqual(data), "The file itself is unchanged.");
    }

    [Fact]
    public void A_writable_shared_mapping_is_never_touched()
    {
        SkipUnlessLinux();
        using var folder = new TempFolder();
        WriteRandomFile(folder.File("weights.bin"), seed: 6, onePagePerWrite: false);
        using var writable = new MappedView(folder.File("weights.bin"), MemoryMappedFileAccess.ReadWrite);
        writable.TouchAll();
        Assert.Equal("rw-s", MappedResidency.At(writable.Address).Perms);

        Assert.Equal(0, MappedFilePages.Release(writable.Path, 0, FileSize));

        Assert.Equal(FileSize, MappedResidency.At(writable.Address).RssBytes);
    }

    [Fact]
    public void The_file_is_found_through_symlinks_and_a_non_ascii_path_with_spaces()
    {
        SkipUnlessLinux();
        using var folder = new TempFolder("mödel fïles 模型 ✓");
        string real = folder.File("weights — ünïcode.bin");
        WriteRandomFile(real, seed: 7, onePagePerWrite: false);
        string fileLink = folder.File("link to weights.bin");
        File.CreateSymbolicLink(fileLink, real);
        string folderLink = Path.Combine(Path.GetDirectoryName(folder.Path)!, "linked folder ✓");
        Directory.CreateSymbolicLink(folderLink, folder.Path);
        string throughFolderLink = Path.Combine(folderLink, "weights — ünïcode.bin");

        // Mapped through the link: the kernel names the real file, and every spelling of the path finds it.
        using var mapped = new MappedView(fileLink, MemoryMappedFileAccess.Read);
        Assert.Equal(real, MappedResidency.At(mapped.Address).Name);
        foreach (string path in new[] { real, fileLink, throughFolderLink })
        {
            mapped.TouchAll();
            Assert.Equal(FileSize, MappedResidency.At(mapped.Address).RssBytes);
            Assert.Equal(FileSize, MappedFilePages.Release(path, 0, FileSize));
            Assert.Equal(0, MappedResidency.At(mapped.Address).RssBytes);
        }
    }

    [Fact]
    public void A_file_that_is_not_mapped_or_not_there_releases_nothing()
    {
        SkipUnlessLinux();
        using var folder = new TempFolder();
        WriteRandomFile(folder.File("weights.bin"), seed: 8, onePagePerWrite: false);
        WriteRandomFile(folder.File("other.bin"), seed: 9, onePagePerWrite: false);
        using var other = new MappedView(folder.File("other.bin"), MemoryMappedFileAccess.Read);
        other.TouchAll();

        Assert.Equal(0, MappedFilePages.Release(folder.File("weights.bin"), 0, FileSize));
        Assert.Equal(0, MappedFilePages.Release(folder.File("absent.bin"), 0, FileSize));
        Assert.Equal(0, MappedFilePages.Release(folder.Path, 0, FileSize));
        Assert.Equal(FileSize, MappedResidency.At(other.Address).RssBytes);
    }

    [Fact]
    public void A_negative_offset_or_length_is_out_of_range()
    {
        using var folder = new TempFolder();
        string path = folder.File("weights.bin");
        File.WriteAllBytes(path, new byte[16]);

        Assert.Throws<ArgumentOutOfRangeException>("offset", () => MappedFilePages.Release(path, -1, 10));
        Assert.Throws<ArgumentOutOfRangeException>("length", () => MappedFilePages.Release(path, 0, -1));
        Assert.Equal(0, MappedFilePages.Release(path, 0, 0));
    }

    private static void SkipUnlessLinux() =>
        Assert.SkipUnless(OperatingSystem.IsLinux(), "MappedFilePages releases pages on Linux only (it reads /proc/self/maps).");

    /// <summary>
    /// Asserts that the view's pages from <paramref name="advisedFrom"/> to <paramref name="advisedTo"/> (view offsets,
    /// page-aligned) are gone and every other page is still present, except that with <paramref name="hugePagesAllowed"/>
    /// the other pages of a huge page that overlaps the advised ones may be gone too.
    /// </summary>
    private static void AssertDropped(MappedView view, long advisedFrom, long advisedTo, bool hugePagesAllowed, string label)
    {
        bool[] present = MappedResidency.PagePresence(view.Address, view.Size);
        long huge = MappedResidency.HugePageSize;
        for (int page = 0; page < present.Length; page++)
        {
            long at = page * Page;
            bool advised = at >= advisedFrom && at < advisedTo;
            long hugeStart = ((view.Address + at) / huge * huge) - view.Address;
            bool sharesHugePage = hugePagesAllowed && advisedTo > advisedFrom && hugeStart < advisedTo && hugeStart + huge > advisedFrom;
            if (advised)
            {
                Assert.False(present[page], $"{label}: advised page {page} (byte {at}) is still present.");
            }
            else if (!sharesHugePage)
            {
                Assert.True(present[page], $"{label}: page {page} (byte {at}) outside the range was dropped.");
            }
        }
    }

    private static byte[] WriteRandomFile(string path, int seed, bool onePagePerWrite)
    {
        byte[] data = new byte[FileSize];
        new Random(seed).NextBytes(data);
        // Unbuffered: each Write is one write(2) call, so one page per write leaves one-page page-cache folios.
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        int chunk = onePagePerWrite ? (int)Page : FileSize;
        for (int at = 0; at < FileSize; at += chunk)
        {
            file.Write(data, at, chunk);
        }
        return data;
    }
}
