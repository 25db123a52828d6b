namespace LlamaEmbed.Conversion;

/// <summary>
/// Adds one LoRA pair to rows of its base weight: row i of W becomes W[i] + scale · Σₖ B[i,k] · A[k]. A and B are
/// held in memory (they are r × in and out × r, small); the base weight streams through a row block at a time.
/// </summary>
public sealed class LoraMerger
{
    private readonly float[] _a;
    private readonly float[] _b;
    private readonly int _rank;
    private readonly int _in;
    private readonly float _scale;

    /// <summary>Loads the factors of <paramref name="pair"/> from <paramref name="adapter"/>.</summary>
    /// <exception cref="InvalidDataException">The factors do not fit a base weight of shape <paramref name="baseShape"/>.</exception>
    public LoraMerger(LoraAdapter adapter, LoraPair pair, IReadOnlyList<long> baseShape)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(baseShape);
        SafetensorsTensorInfo a = adapter.Tensors.Info(pair.AName);
        SafetensorsTensorInfo b = adapter.Tensors.Info(pair.BName);
        if (baseShape.Count != 2 || a.Shape[1] != baseShape[1] || b.Shape[0] != baseShape[0])
        {
            throw new InvalidDataException($"LoRA '{pair.Module}': A {a.ShapeText} and B {b.ShapeText} do not fit the base weight [{string.Join(", ", baseShape)}].");
        }
        _rank = adapter.Rank;
        _in = checked((int)baseShape[1]);
        _scale = (float)adapter.Scale;
        _a = adapter.Tensors.ReadAllFloats(pair.AName);
        _b = adapter.Tensors.ReadAllFloats(pair.BName);
    }

    /// <summary>Adds the update to <paramref name="rows"/>, which hold base rows starting at <paramref name="firstRow"/>.</summary>
    public void Apply(long firstRow, Span<float> rows)
    {
        int count = rows.Length / _in;
        for (int r = 0; r < count; r++)
        {
            Span<float> row = rows.Slice(r * _in, _in);
            long outRow = firstRow + r;
            for (int k = 0; k < _rank; k++)
            {
                float coefficient = _scale * _b[(outRow * _rank) + k];
                if (coefficient == 0)
                {
                    continue;
                }
                ReadOnlySpan<float> aRow = _a.AsSpan(k * _in, _in);
                for (int j = 0; j < row.Length; j++)
                {
                    row[j] += coefficient * aRow[j];
                }
            }
        }
    }
}
