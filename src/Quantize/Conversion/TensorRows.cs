namespace LlamaEmbed.Conversion;

/// <summary>
/// A tensor seen as rows of floats (ggml order: <see cref="RowLength"/> = ne0, contiguous), read a block at a time
/// so that conversion memory stays bounded whatever the tensor's size.
/// </summary>
internal interface ITensorRows
{
    long Rows { get; }

    int RowLength { get; }

    /// <summary>Fills <paramref name="destination"/> (a whole number of rows) starting at <paramref name="firstRow"/>.</summary>
    void Read(long firstRow, Span<float> destination);
}

/// <summary>Rows straight from a safetensors tensor (widened exactly to float).</summary>
internal sealed class StoredRows(TensorStore store, SafetensorsTensorInfo info, long rows) : ITensorRows
{
    public long Rows { get; } = rows;

    public int RowLength { get; } = checked((int)info.RowLength);

    public void Read(long firstRow, Span<float> destination) => store.ReadFloats(info.Name, firstRow * RowLength, destination);
}

/// <summary>Rows of a source plus a constant (Gemma's RMSNorm weights are stored as w − 1; llama.cpp multiplies by w).</summary>
internal sealed class ShiftedRows(ITensorRows source, float shift) : ITensorRows
{
    public long Rows => source.Rows;

    public int RowLength => source.RowLength;

    public void Read(long firstRow, Span<float> destination)
    {
        source.Read(firstRow, destination);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] += shift;
        }
    }
}

/// <summary>Rows of a base weight with a LoRA update added.</summary>
internal sealed class MergedRows(ITensorRows source, LoraMerger merger) : ITensorRows
{
    public long Rows => source.Rows;

    public int RowLength => source.RowLength;

    public void Read(long firstRow, Span<float> destination)
    {
        source.Read(firstRow, destination);
        merger.Apply(firstRow, destination);
    }
}

/// <summary>
/// Rows reordered within each attention head the way llama.cpp's converter permutes LLaMA's Q and K: HF stores
/// each head's rotary pairs as two halves (rotate_half), ggml's normal RoPE wants them interleaved, so output row
/// <c>h·d + 2j + i</c> takes input row <c>h·d + i·d/2 + j</c>.
/// </summary>
internal sealed class PermutedRows : ITensorRows
{
    private readonly ITensorRows _source;
    private readonly int _headDim;

    public PermutedRows(ITensorRows source, int heads)
    {
        _source = source;
        if (heads <= 0 || source.Rows % heads != 0 || source.Rows / heads % 2 != 0)
        {
            throw new InvalidDataException($"Cannot permute {source.Rows} rows over {heads} heads for RoPE: each head needs an even number of rows.");
        }
        _headDim = checked((int)(source.Rows / heads));
    }

    public long Rows => _source.Rows;

    public int RowLength => _source.RowLength;

    public void Read(long firstRow, Span<float> destination)
    {
        int half = _headDim / 2;
        for (int r = 0; r < destination.Length / RowLength; r++)
        {
            long row = firstRow + r;
            long head = row / _headDim;
            int within = (int)(row % _headDim);
            long sourceRow = (head * _headDim) + ((within % 2) * half) + (within / 2);
            _source.Read(sourceRow, destination.Slice(r * RowLength, RowLength));
        }
    }
}

/// <summary>The first <see cref="Rows"/> rows of a source (Gemma's embedding cut to the vocabulary).</summary>
internal sealed class TruncatedRows(ITensorRows source, long rows) : ITensorRows
{
    public long Rows { get; } = rows;

    public int RowLength => source.RowLength;

    public void Read(long firstRow, Span<float> destination) => source.Read(firstRow, destination);
}

/// <summary>Rows computed in memory (llama3 RoPE frequency factors).</summary>
internal sealed class ArrayRows(float[] values, int rowLength) : ITensorRows
{
    public long Rows => values.Length / rowLength;

    public int RowLength => rowLength;

    public void Read(long firstRow, Span<float> destination) => values.AsSpan(checked((int)(firstRow * rowLength)), destination.Length).CopyTo(destination);
}
