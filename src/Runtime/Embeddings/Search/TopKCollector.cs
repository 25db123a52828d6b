namespace LlamaEmbed.Embeddings;

/// <summary>Keeps the k best (score, index) pairs seen, with a min-heap; ties go to the lower index.</summary>
internal sealed class TopKCollector
{
    private readonly int _k;
    private readonly PriorityQueue<int, (float Score, int NegIndex)> _heap;

    /// <summary>Creates a collector for <paramref name="k"/> hits.</summary>
    public TopKCollector(int k)
    {
        _k = k;
        _heap = new PriorityQueue<int, (float, int)>(Math.Min(k, 1024) + 1);
    }

    /// <summary>Considers document <paramref name="index"/> with <paramref name="score"/>; NaN scores are ignored.</summary>
    public void Offer(int index, float score)
    {
        if (float.IsNaN(score))
        {
            return;
        }
        var priority = (score, -index);
        if (_heap.Count < _k)
        {
            _heap.Enqueue(index, priority);
        }
        else if (_heap.TryPeek(out _, out var worst) && priority.CompareTo(worst) > 0)
        {
            _heap.DequeueEnqueue(index, priority);
        }
    }

    /// <summary>The hits, best first.</summary>
    public SearchHit[] Results()
    {
        var hits = new SearchHit[_heap.Count];
        for (int i = hits.Length - 1; i >= 0; i--)
        {
            _heap.TryDequeue(out int index, out var priority);
            hits[i] = new SearchHit(index, priority.Score);
        }
        return hits;
    }
}
