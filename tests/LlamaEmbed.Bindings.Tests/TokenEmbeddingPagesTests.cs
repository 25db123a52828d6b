using System.IO.MemoryMappedFiles;
using LlamaEmbed.Native.Interop;
using Xunit;

namespace LlamaEmbed.Tests;

/// <summary>
/// <see cref="TokenEmbeddingPages"/>: which calls release the table (counted in 2 MiB blocks of file offsets), and
/// what a release does to a memory-mapped table. The table is a made-up one in a 16 MiB file: 12,000 rows of 816 bytes
/// (a Q8_0 row of 768 values: 24 blocks of 34 bytes) from byte 3 MiB + 5 pages + 123, so it starts on neither a page
/// nor a 2 MiB boundary, and its rows lie in file blocks 1 to 6. Which rows lie in which block is worked out here from
/// the rows' byte ranges (<see cref="RowsWithin"/>), not with the class's formula. Tests of the counting alone pass
/// no pages (nothing to release, any system); tests of residency map the file read-only (Linux) and read it from the
/// kernel through <see cref="MappedResidency"/>.
/// </summary>
public sealed class TokenEmbeddingPagesTests
{
    private const long Mib = 1 << 20;
    private const long Block = 2 * Mib;
    private const int FileSize = 16 << 20;
    private const long RowBytes = 816;
    private const long Rows = 12_000;
    private const long TableOffset = (3 * Mib) + (5 * 4096) + 123;
    private const long TableLength = Rows * RowBytes;

    private static readonly TokenEmbeddingTable s_table = new(TableOffset, TableLength, Rows);

    /// <summary>The table's file blocks: 3 MiB + … lies in block 1, its last byte (about 12.4 MiB) in block 6.</summary>
    private static readonly long[] s_tableBlocks = [1, 2, 3, 4, 5, 6];

    [Fact]
    public void The_test_table_is_laid_out_as_described()
    {
        Assert.Equal(2 * Mib, TokenEmbeddingPages.BlockBytes);
        Assert.Equal(32 * Mib, TokenEmbeddingPages.DefaultLimitBytes);
        Assert.Equal(RowBytes, s_table.RowBytes);
        Assert.NotEqual(0, TableOffset % Environment.SystemPageSize);
        Assert.Equal(1, TableOffset / Block);
        Assert.Equal(6, (TableOffset + TableLength - 1) / Block);
        Assert.True(TableOffset + TableLength < FileSize);
        // Every block of the table has rows wholly inside it, and every row lies in at most two blocks.
        long covered = 0;
        foreach (long block in s_tableBlocks)
        {
            int[] rows = RowsWithin(block);
            Assert.NotEmpty(rows);
            foreach (int id in rows)
            {
                long start = TableOffset + (id * RowBytes);
                Assert.True(start >= block * Block && start + RowBytes <= (block + 1) * Block, $"row {id} in block {block}");
            }
            covered += rows.Length;
        }
        // The rows left out are the five that straddle the boundaries at 4, 6, 8, 10 and 12 MiB.
        Assert.Equal(Rows - 5, covered);
    }

    // (a) ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Calls_within_the_limit_never_release_however_often_they_repeat()
    {
        SkipUnlessLinux();
        using var folder = new TempFolder();
        using MappedView mapped = MapTestFile(folder);
        MappedRange[] pages = TablePages(mapped);
        mapped.TouchAll();

        // Limit 3 blocks: calls over blocks 1 to 3 (one row each, or many rows of each) stay at or under it.
        var pagesTracker = new TokenEmbeddingPages(pages, s_table, limitBytes: 3 * Block);
        int[] firstRows = [.. new long[] { 1, 2, 3 }.Select(b => RowsWithin(b)[0])];
        int[] manyRows = [.. new long[] { 1, 2, 3 }.SelectMany(b => RowsWithin(b).Take(200))];
        int[] lastRows = [.. new long[] { 3, 2, 1 }.Select(b => RowsWithin(b)[^1])];
        for (int i = 0; i < 1_000; i++)
        {
            Assert.False(pagesTracker.Use(firstRows));
            Assert.False(pagesTracker.Use(manyRows));
            Assert.False(pagesTracker.Use(lastRows));
            Assert.False(pagesTracker.Use(RowsWithin(1 + (i % 3))));
            Assert.False(pagesTracker.Use([]));
        }
        Assert.Equal(0, pagesTracker.Releases);
        AssertTablePresence(pages, present: true, "after 5,000 calls over blocks 1 to 3 with a limit of 3 blocks");

        // With the default limit (32 MiB), even every row of this 9.3 MiB table (6 blocks) never releases.
        var defaultTracker = new TokenEmbeddingPages(pages, s_table);
        int[] everyRow = [.. Enumerable.Range(0, (int)Rows)];
        for (int i = 0; i < 100; i++)
        {
            Assert.False(defaultTracker.Use(everyRow));
        }
        Assert.Equal(0, defaultTracker.Releases);
        AssertTablePresence(pages, present: true, "after 100 calls over every row with the default limit");
    }

    // (b) ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void The_call_that_passes_the_limit_releases_the_table_and_the_count_starts_again()
    {
        SkipUnlessLinux();
        using var folder = new TempFolder();
        byte[] data = WriteTestFile(folder.File("weights.bin"));
        using var mapped = new MappedView(folder.File("weights.bin"), MemoryMappedFileAccess.Read);
        MappedRange[] pages = TablePages(mapped);
        mapped.TouchAll();

        var tracker = new TokenEmbeddingPages(pages, s_table, limitBytes: 2 * Block);
        Assert.False(tracker.Use(RowsWithin(1)));
        Assert.False(tracker.Use([RowsWithin(2)[0], RowsWithin(1)[7]]));
        Assert.Equal(0, tracker.Releases);
        AssertTablePresence(pages, present: true, "two blocks of a two-block limit");

        // The third block passes the limit: this call releases.
        Assert.True(tracker.Use([RowsWithin(3)[10]]));
        Assert.Equal(1, tracker.Releases);
        AssertTablePresence(pages, present: false, "right after the release");
        AssertOnlyNearTableDropped(mapped, pages, "right after the release");
        Assert.True(mapped.Bytes.SequenceEqual(data), "The mapping reads back the file's bytes after the release.");

        // The count restarted: blocks 1 and 2 again are within the limit, though 1, 2 and 3 were used before.
        Assert.False(tracker.Use([.. RowsWithin(1), .. RowsWithin(2)]));
        Assert.Equal(1, tracker.Releases);
        AssertTablePresence(pages, present: true, "after a read of the whole file, two blocks since the release");

        // …and counts from the release: block 4 makes three.
        Assert.True(tracker.Use([RowsWithin(4)[0]]));
        Assert.Equal(2, tracker.Releases);
        AssertTablePresence(pages, present: false, "after the second release");

        // The one-call form: a single call over three blocks releases at once, and so on every time.
        mapped.TouchAll();
        Assert.True(tracker.Use([RowsWithin(6)[0], RowsWithin(5)[0], RowsWithin(4)[0]]));
        Assert.Equal(3, tracker.Releases);
        AssertTablePresence(pages, present: false, "after the third release");
        Assert.True(mapped.Bytes.SequenceEqual(data));
    }

    [Fact]
    public void Release_drops_the_table_pages_and_counts_a_release()
    {
        SkipUnlessLinux();
        using var folder = new TempFolder();
        byte[] data = WriteTestFile(folder.File("weights.bin"));
        using var mapped = new MappedView(folder.File("weights.bin"), MemoryMappedFileAccess.Read);
        MappedRange[] pages = TablePages(mapped);
        mapped.TouchAll();

        var tracker = new TokenEmbeddingPages(pages, s_table);
        Assert.Equal(0, tracker.Releases);
        AssertTablePresence(pages, present: true, "before any release");

        Assert.Equal(pages.Sum(p => p.Length), tracker.Release());
        Assert.Equal(1, tracker.Releases);
        AssertTablePresence(pages, present: false, "after Release()");
        AssertOnlyNearTableDropped(mapped, pages, "after Release()");

        // Release() forgets the blocks used so far: a limit of one block, block 1 used, release, block 2 alone is fine.
        var oneBlock = new TokenEmbeddingPages(pages, s_table, limitBytes: Block);
        Assert.False(oneBlock.Use(RowsWithin(1)));
        oneBlock.Release();
        Assert.False(oneBlock.Use(RowsWithin(2)));
        Assert.Equal(1, oneBlock.Releases);
        Assert.True(mapped.Bytes.SequenceEqual(data));
    }

    // (c) ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Blocks_are_counted_by_file_offset()
    {
        // One block allowed: a call releases exactly when its rows (with those since the last release) lie in two.
        var tracker = new TokenEmbeddingPages([], s_table, limitBytes: Block);
        int[] block2 = RowsWithin(2);
        int[] block3 = RowsWithin(3);

        // Rows in the same 2 MiB block count once, however far apart and however often.
        Assert.False(tracker.Use([block2[0], block2[^1]]));
        Assert.False(tracker.Use([block2[^1], block2[0], block2[0], block2[block2.Length / 2]]));
        Assert.False(tracker.Use(block2));
        Assert.Equal(0, tracker.Releases);
        // A row in the next block is the second block.
        Assert.True(tracker.Use([block3[0]]));
        Assert.Equal(1, tracker.Releases);

        // Neighbouring rows on the two sides of the 6 MiB boundary count twice.
        int lastBefore = block2[^1];
        int firstAfter = block3[0];
        Assert.True(TableOffset + ((lastBefore + 1) * RowBytes) <= 6 * Mib);
        Assert.True(TableOffset + (firstAfter * RowBytes) >= 6 * Mib);
        Assert.True(firstAfter - lastBefore <= 2, "The two rows are neighbours (or one straddling row apart).");
        Assert.True(tracker.Use([lastBefore, firstAfter]));
        Assert.Equal(2, tracker.Releases);
        Assert.False(tracker.Use([lastBefore]));
        Assert.True(tracker.Use([firstAfter]));
        Assert.Equal(3, tracker.Releases);

        // File offsets, not offsets within the table: row 0 (byte 3.02 MiB, file block 1) and the first row of file
        // block 2 (4 MiB) are both in the table's first 2 MiB, yet in two file blocks…
        int firstOfBlock2 = block2[0];
        Assert.Equal(0, firstOfBlock2 * RowBytes / Block);
        Assert.True(tracker.Use([0, firstOfBlock2]));
        Assert.Equal(4, tracker.Releases);
        // …and the first and last rows of file block 2 are in the table's first and second 2 MiB, yet in one file block.
        Assert.Equal(1, block2[^1] * RowBytes / Block);
        Assert.False(tracker.Use([firstOfBlock2, block2[^1]]));
        Assert.Equal(4, tracker.Releases);
    }

    [Fact]
    public void The_limit_is_a_number_of_bytes_compared_with_whole_blocks()
    {
        // 5 MiB allows two blocks (4 MiB) and not three (6 MiB).
        var tracker = new TokenEmbeddingPages([], s_table, limitBytes: 5 * Mib);
        Assert.Equal(5 * Mib, tracker.LimitBytes);
        Assert.False(tracker.Use(RowsWithin(1)));
        Assert.False(tracker.Use(RowsWithin(6)));
        Assert.True(tracker.Use(RowsWithin(4)));
        Assert.Equal(1, tracker.Releases);

        // A limit of 0 releases on every call that uses a row, and on no call that uses none.
        var zero = new TokenEmbeddingPages([], s_table, limitBytes: 0);
        Assert.False(zero.Use([]));
        Assert.True(zero.Use([0]));
        Assert.True(zero.Use([(int)Rows - 1]));
        Assert.Equal(2, zero.Releases);

        // A limit above the whole table never releases.
        var huge = new TokenEmbeddingPages([], s_table, limitBytes: long.MaxValue);
        Assert.False(huge.Use([.. Enumerable.Range(0, (int)Rows)]));
        Assert.Equal(0, huge.Releases);
    }

    // (d) ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Ids_outside_the_table_are_ignored()
    {
        // A limit of 0: any row in the table would release.
        var tracker = new TokenEmbeddingPages([], s_table, limitBytes: 0);
        int[] outside = [-1, -2, int.MinValue, (int)Rows, (int)Rows + 1, int.MaxValue];
        Assert.False(tracker.Use(outside));
        foreach (int id in outside)
        {
            Assert.False(tracker.Use([id]));
        }
        Assert.Equal(0, tracker.Releases);

        // The first and last rows are inside.
        Assert.True(tracker.Use([-1, (int)Rows - 1, (int)Rows]));
        Assert.True(tracker.Use([int.MinValue, 0, int.MaxValue]));
        Assert.Equal(2, tracker.Releases);

        // Ignored ids count no block: with one block allowed, one real row and any number of outside ids stay within.
        var oneBlock = new TokenEmbeddingPages([], s_table, limitBytes: Block);
        Assert.False(oneBlock.Use([.. outside, RowsWithin(3)[0], .. outside]));
        Assert.Equal(0, oneBlock.Releases);
    }

    [Fact]
    public void Ids_outside_the_table_touch_nothing_of_the_mapping()
    {
        SkipUnlessLinux();
        using var folder = new TempFolder();
        using MappedView mapped = MapTestFile(folder);
        MappedRange[] pages = TablePages(mapped);
        mapped.TouchAll();

        var tracker = new TokenEmbeddingPages(pages, s_table, limitBytes: 0);
        Assert.False(tracker.Use([-1, int.MinValue, (int)Rows, int.MaxValue]));
        Assert.Equal(0, tracker.Releases);
        AssertTablePresence(pages, present: true, "after a call of ids outside the table");
    }

    // (e) ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Threads call <see cref="TokenEmbeddingPages.Use"/> at once with two kinds of calls, chosen so that the outcome
    /// does not depend on their order: "small" calls use rows of blocks 1 and 2 only, "big" calls rows of three blocks.
    /// With a limit of two blocks, a big call always passes it on its own, and after it the count is 0; between big
    /// calls only blocks 1 and 2 can be counted, so no small call ever releases. Whatever the interleaving, then, every
    /// big call returns true, every small one false, and <see cref="TokenEmbeddingPages.Releases"/> ends at the number
    /// of big calls. A lost update, a torn clear or an out-of-range index under a race would break one of these.
    /// </summary>
    [Fact]
    public void Concurrent_calls_count_exactly_the_releases_their_blocks_imply()
    {
        const int Threads = 8;
        const int CallsPerThread = 4_000;
        var tracker = new TokenEmbeddingPages([], s_table, limitBytes: 2 * Block);
        int[][] small = [RowsWithin(1), RowsWithin(2), [RowsWithin(1)[3], RowsWithin(2)[5]], [RowsWithin(2)[^1]]];
        int[][] big = [[RowsWithin(1)[0], RowsWithin(2)[0], RowsWithin(3)[0]], [.. RowsWithin(4), .. RowsWithin(5), .. RowsWithin(6)]];
        int bigCalls = 0, bigReleased = 0, smallReleased = 0;
        var start = new Barrier(Threads);
        Thread[] threads = [.. Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < CallsPerThread; i++)
            {
                // Thread t makes every (t + 2)-th call a big one.
                if (i % (t + 2) == 0)
                {
                    Interlocked.Increment(ref bigCalls);
                    if (tracker.Use(big[(i + t) % big.Length]))
                    {
                        Interlocked.Increment(ref bigReleased);
                    }
                }
                else if (tracker.Use(small[(i + t) % small.Length]))
                {
                    Interlocked.Increment(ref smallReleased);
                }
            }
        }))];
        foreach (Thread thread in threads)
        {
            thread.Start();
        }
        foreach (Thread thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromMinutes(1)), "A thread did not finish.");
        }

        Assert.Equal(0, smallReleased);
        Assert.Equal(bigCalls, bigReleased);
        Assert.Equal(bigCalls, tracker.Releases);
        // The count is 0 after the last big call and at most two blocks since: another small call does not release.
        Assert.False(tracker.Use([RowsWithin(1)[0], RowsWithin(2)[0]]));
    }

    // (f) ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void The_constructor_checks_its_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenEmbeddingPages([], s_table with { Rows = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenEmbeddingPages([], s_table with { Rows = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenEmbeddingPages([], s_table with { Rows = long.MinValue }));
        Assert.Throws<ArgumentOutOfRangeException>("limitBytes", () => new TokenEmbeddingPages([], s_table, limitBytes: -1));
        Assert.Throws<ArgumentOutOfRangeException>("limitBytes", () => new TokenEmbeddingPages([], s_table, limitBytes: long.MinValue));

        var tracker = new TokenEmbeddingPages([], s_table with { Rows = 1, Length = RowBytes }, limitBytes: 0);
        Assert.Equal(0, tracker.LimitBytes);
        Assert.Equal(0, tracker.Releases);
        Assert.Equal(TokenEmbeddingPages.DefaultLimitBytes, new TokenEmbeddingPages([], s_table).LimitBytes);
        // With no pages (no mapping found), a release advises nothing but still counts.
        Assert.Equal(0, tracker.Release());
        Assert.Equal(1, tracker.Releases);
        Assert.True(tracker.Use([0]));
        Assert.Equal(2, tracker.Releases);
    }

    private static void SkipUnlessLinux() =>
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Table pages are found and released on Linux only (/proc/self/maps, madvise).");

    /// <summary>The ids whose rows lie wholly inside file block <paramref name="block"/>, from the rows' byte ranges.</summary>
    private static int[] RowsWithin(long block)
    {
        long blockStart = block * Block;
        long blockEnd = blockStart + Block;
        // Row i is [TableOffset + i·RowBytes, TableOffset + (i + 1)·RowBytes).
        long firstFromStart = blockStart <= TableOffset ? 0 : (blockStart - TableOffset + RowBytes - 1) / RowBytes;
        long endFromEnd = blockEnd <= TableOffset ? 0 : Math.Min(Rows, (blockEnd - TableOffset) / RowBytes);
        return [.. Enumerable.Range((int)firstFromStart, (int)Math.Max(0, endFromEnd - firstFromStart))];
    }

    private static byte[] WriteTestFile(string path)
    {
        byte[] data = new byte[FileSize];
        new Random(816).NextBytes(data);
        File.WriteAllBytes(path, data);
        return data;
    }

    private static MappedView MapTestFile(TempFolder folder)
    {
        WriteTestFile(folder.File("weights.bin"));
        return new MappedView(folder.File("weights.bin"), MemoryMappedFileAccess.Read);
    }

    /// <summary>The table's whole pages in <paramref name="mapped"/>, as the loader finds them.</summary>
    private static MappedRange[] TablePages(MappedView mapped)
    {
        MappedRange[] pages = MappedFilePages.Find(mapped.Path, TableOffset, TableLength);
        long page = Environment.SystemPageSize;
        long first = mapped.Address + ((TableOffset + page - 1) / page * page);
        long end = mapped.Address + ((TableOffset + TableLength) / page * page);
        Assert.Equal(new[] { new MappedRange(first, end - first) }, pages);
        return pages;
    }

    private static void AssertTablePresence(MappedRange[] pages, bool present, string label)
    {
        foreach (MappedRange range in pages)
        {
            int count = MappedResidency.PresentPages((nint)range.Start, range.Length);
            long expected = present ? range.Length / MappedResidency.PageSize : 0;
            Assert.True(count == expected, $"{label}: {count} of the table's {range.Length / MappedResidency.PageSize} pages are present, expected {expected}.");
        }
    }

    /// <summary>
    /// Pages of the mapping outside the huge pages that the table's pages overlap are still present. Tolerance: with
    /// a PMD-mapped file, MADV_DONTNEED on part of a huge page drops all of it, so those pages are not checked.
    /// </summary>
    private static void AssertOnlyNearTableDropped(MappedView mapped, MappedRange[] pages, string label)
    {
        long huge = MappedResidency.HugePageSize;
        long from = pages.Min(p => p.Start) / huge * huge;
        long to = (pages.Max(p => p.Start + p.Length) + huge - 1) / huge * huge;
        bool[] present = MappedResidency.PagePresence(mapped.Address, mapped.Size);
        int checkedPages = 0;
        for (int i = 0; i < present.Length; i++)
        {
            long address = mapped.Address + (i * MappedResidency.PageSize);
            if (address < from || address >= to)
            {
                Assert.True(present[i], $"{label}: page {i} of the file, far from the table, was dropped.");
                checkedPages++;
            }
        }
        Assert.True(checkedPages > 0, $"{label}: no page far from the table to check.");
    }
}
