using LlamaEmbed.Embeddings;
using LlamaEmbed.Quantization;
using Xunit;

namespace LlamaEmbed.Tests.Quantizing;

/// <summary>Retention reports on real llama.cpp embeddings of the synthetic model: computed, not assumed.</summary>
[Collection(QuantizeModels.Name)]
public class ReportTests(QuantizeFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly GgufQuantizeOptions s_managed = new() { Type = GgufQuantizationType.Q8_0, Engine = GgufQuantizerEngine.Managed };

    /// <summary>Enough texts for top-10 agreement to mean something, few enough to keep the suite quick.</summary>
    private static readonly string[] s_probes = [.. ProbeTexts.BuiltIn.Take(16)];

    [Fact]
    public async Task Report_measures_each_type_against_the_source_model()
    {
        string folder = fixture.NewOutputFolder();

        QuantizationReport report = await QuantizationReport.MeasureAsync(
            fixture.F32Path,
            [(GgufQuantizationType.Q8_0, Path.Combine(folder, "q8.gguf")), (GgufQuantizationType.Q4_0, Path.Combine(folder, "q4.gguf"))],
            s_managed, s_probes, LoadAsync, Ct);

        QuantizationQuality q8 = report.Rows[0];
        QuantizationQuality q4 = report.Rows[1];
        TestContext.Current.SendDiagnosticMessage($"synthetic E=256 model, F32 source:\n{report.ToTable()}");
        Assert.InRange(q8.WorstCosine, 0.99, 1.0);
        Assert.InRange(q8.MeanCosine, q8.WorstCosine, 1.0);
        Assert.True(q4.MeanCosine < q8.MeanCosine, "Q4_0 should keep less than Q8_0");
        Assert.InRange(q4.Top10Agreement, 0, q8.Top10Agreement);
        Assert.True(q8.FileBytes < report.Source.FileBytes / 3);
        Assert.True(q4.FileBytes < q8.FileBytes);
        Assert.All(report.Rows.Prepend(report.Source), row => Assert.True(row.TextsPerSecond > 0 && row.PeakRssBytes > 0));
        Assert.Contains("\"worstCosine\"", report.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_keeps_the_smallest_type_above_the_threshold_and_nothing_else()
    {
        string folder = fixture.NewOutputFolder();
        string output = Path.Combine(folder, "auto.gguf");

        QuantizationReport report = await QuantizationReport.ChooseSmallestAsync(fixture.F32Path, output, 0.99, s_managed, s_probes, LoadAsync, Ct);

        Assert.NotNull(report.Chosen);
        Assert.True(report.Chosen.WorstCosine >= 0.99);
        Assert.All(report.Rows.SkipLast(1), rejected => Assert.True(rejected.WorstCosine < 0.99));
        Assert.True(report.Rows.Select(r => r.FileBytes).SequenceEqual(report.Rows.Select(r => r.FileBytes).Order()), "candidates are tried smallest first");
        Assert.Equal(["auto.gguf"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Retention_metrics_are_exact_on_known_vectors()
    {
        ReadOnlyMemory<float>[] a = [new float[] { 1, 0 }, new float[] { 0, 1 }, new float[] { 1, 1 }];
        ReadOnlyMemory<float>[] b = [new float[] { 1, 0 }, new float[] { 1, 1 }, new float[] { 1, 1 }];

        (double mean, double worst) = RetentionMetrics.Cosines(a, b);

        Assert.Equal((1 + Math.Sqrt(0.5) + 1) / 3, mean, 12);
        Assert.Equal(Math.Sqrt(0.5), worst, 12);
        Assert.Equal(1.0, RetentionMetrics.TopKAgreement(a, a, 10));
        Assert.Equal(1.0 / 3, RetentionMetrics.TopKAgreement(a, b, 1), 12);
    }

    private static Task<IProbeModel> LoadAsync(string path, CancellationToken cancellationToken) =>
        Task.FromResult<IProbeModel>(new Probe(EmbeddingModel.Load(path)));

    private sealed class Probe(EmbeddingModel model) : IProbeModel
    {
        public async Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
            [.. (await model.EmbedAsync(texts, cancellationToken: cancellationToken)).Select(r => r.Vector)];

        public ValueTask DisposeAsync() => model.DisposeAsync();
    }
}
