namespace LlamaEmbed.Native.Interop;

/// <summary>
/// Where a token-embedding table lies in a GGUF file: its data's absolute offset, its bytes, and its rows (one per
/// token id, all the same size).
/// </summary>
/// <param name="Offset">The first byte of the table, from the start of the file.</param>
/// <param name="Length">The table's bytes.</param>
/// <param name="Rows">Its rows: the vocabulary size.</param>
internal readonly record struct TokenEmbeddingTable(long Offset, long Length, long Rows)
{
    /// <summary>The bytes of one row.</summary>
    public long RowBytes => Length / Rows;
}

/// <summary>
/// Keeps the resident share of a memory-mapped token-embedding table small: released once after loading, then again
/// whenever the calls since the last release may have faulted in more than <see cref="LimitBytes"/> of it. Each call
/// reports its token ids; the table is counted in blocks of <see cref="BlockBytes"/>, the largest unit the kernel
/// faults a file back in (a large folio), so the count bounds what is resident from above. A workload that keeps to
/// the same few thousand tokens never pays a second release; a varied one pays a <c>madvise</c> and the re-faults
/// every time it has spread over another <see cref="LimitBytes"/> of rows.
/// </summary>
internal sealed class TokenEmbeddingPages
{
    /// <summary>The block the residency is counted in: the largest page-cache folio on 4 KiB-page kernels (2 MiB).</summary>
    public const long BlockBytes = 2L << 20;

    /// <summary>The default for <see cref="LimitBytes"/>: 32 MiB, against the 213 MiB table of EmbeddingGemma-300m in Q8_0.</summary>
    public const long DefaultLimitBytes = 32L << 20;

    private readonly MappedRange[] _pages;
    private readonly TokenEmbeddingTable _table;
    private readonly bool[] _touched;
    private readonly Lock _gate = new();
    private int _touchedBlocks;

    /// <summary>Tracks <paramref name="table"/>, mapped at <paramref name="pages"/>.</summary>
    /// <param name="pages">The table's whole pages in the process's mappings of the file (<see cref="MappedFilePages.Find"/>).</param>
    /// <param name="table">Where the table lies in the file.</param>
    /// <param name="limitBytes">How much of the table may have been faulted back in before it is released again.</param>
    public TokenEmbeddingPages(MappedRange[] pages, TokenEmbeddingTable table, long limitBytes = DefaultLimitBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(table.Rows, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(table.Offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(table.Length, table.Rows);
        ArgumentOutOfRangeException.ThrowIfNegative(limitBytes);
        _pages = pages;
        _table = table;
        LimitBytes = limitBytes;
        _touched = new bool[checked((int)(BlockOf(table.Offset + table.Length - 1) - BlockOf(table.Offset) + 1))];
    }

    /// <summary>How much of the table the calls since the last release may have faulted in before it is released again.</summary>
    public long LimitBytes { get; }

    /// <summary>The number of releases so far, the one after loading included.</summary>
    public int Releases { get; private set; }

    /// <summary>Hands every resident page of the table back to the kernel; returns the bytes advised.</summary>
    public long Release()
    {
        lock (_gate)
        {
            return ReleaseLocked();
        }
    }

    /// <summary>
    /// Records that a finished call looked up the rows of <paramref name="tokens"/> (every block each row lies in), and
    /// releases the table when the blocks looked up since the last release exceed <see cref="LimitBytes"/>. Ids
    /// outside the table are ignored.
    /// </summary>
    /// <param name="tokens">The call's token ids.</param>
    /// <returns>True when this call released the table.</returns>
    public bool Use(ReadOnlySpan<int> tokens)
    {
        lock (_gate)
        {
            long first = BlockOf(_table.Offset);
            foreach (int token in tokens)
            {
                if ((ulong)token < (ulong)_table.Rows)
                {
                    // A row that crosses a block boundary faults in both blocks.
                    long start = _table.Offset + (token * _table.RowBytes);
                    Touch((int)(BlockOf(start) - first));
                    Touch((int)(BlockOf(start + _table.RowBytes - 1) - first));
                }
            }
            if (_touchedBlocks * BlockBytes <= LimitBytes)
            {
                return false;
            }
            ReleaseLocked();
            return true;
        }
    }

    private void Touch(int block)
    {
        if (!_touched[block])
        {
            _touched[block] = true;
            _touchedBlocks++;
        }
    }

    private long ReleaseLocked()
    {
        Array.Clear(_touched);
        _touchedBlocks = 0;
        Releases++;
        return MappedFilePages.Release(_pages);
    }

    private static long BlockOf(long fileOffset) => fileOffset / BlockBytes;
}
