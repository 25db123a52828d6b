using LlamaEmbed.Embeddings;
using LlamaEmbed.Gguf;
using LlamaEmbed.Native.Interop;
using LlamaEmbed.Synthetic;
using Xunit;

namespace LlamaEmbed.Tests.Embedding;

/// <summary>
/// <see cref="EmbeddingModelOptions.ReleaseUnusedTokenEmbeddings"/> on a gemma-embedding model whose vocabulary is
/// padded to 32,768 tokens: token_embd is 32,768 × 64 F32 = 8 MiB, of which only the first rows (the natural
/// vocabulary of about 4,800 tokens, about 1.2 MiB) can ever be looked up. Residency comes from the kernel through
/// <see cref="MappedResidency"/> (smaps <c>Rss:</c> and pagemap present bits, in whole pages).
/// </summary>
public sealed class TokenEmbeddingReleaseTests : IDisposable
{
    private const int VocabularySize = 32_768;
    private const long RowBytes = 64 * sizeof(float);

    private static readonly string[] s_texts =
    [
        "the quick brown fox jumps over the lazy dog",
        "a river of light under seven green stones",
        "quiet storm",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("llamaembed-release-").FullName;
    private string _path = "";
    private int _naturalVocabulary;
    private long _tableOffset;
    private long _tableLength;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long Page => MappedResidency.PageSize;

    /// <summary>The table's whole pages (its partial first and last pages are shared with neighbouring tensors).</summary>
    private (long Start, long Length) TablePages => PagesWithin(_tableOffset, _tableOffset + _tableLength);

    [Fact]
    public void Release_is_on_by_default()
    {
        Assert.True(new EmbeddingModelOptions().ReleaseUnusedTokenEmbeddings);
        Assert.True(EmbeddingModelOptions.Default.ReleaseUnusedTokenEmbeddings);
    }

    [Fact]
    public async Task The_released_table_is_not_resident_and_embeddings_are_unchanged()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Token embeddings are released on Linux only.");
        WriteModel();
        (long tableStart, long tableLength) = TablePages;

        // One model at a time: two models of one file would share its pages, and a release drops them in every
        // read-only mapping of the file, so the kept model's residency would not be its own.
        long keptRss, keptRssAfter;
        float[][] kept;
        using (EmbeddingModel model = Load(release: false))
        {
            Assert.Null(model.TokenEmbeddings);
            keptRss = MappedResidency.ResidentBytes(_path);
            (long present, long mapped) = MappedResidency.PresentBytes(_path, tableStart, tableLength);
            Assert.Equal(tableLength, mapped);
            Assert.True(present == tableLength, $"Without the release, llama.cpp's MAP_POPULATE keeps the whole table resident ({present} of {tableLength} bytes).");
            kept = await EmbedAll(model);
            keptRssAfter = MappedResidency.ResidentBytes(_path);
        }
        Assert.Equal(0, MappedResidency.ResidentBytes(_path));

        using (EmbeddingModel model = Load(release: true))
        {
            long releasedRss = MappedResidency.ResidentBytes(_path);
            (long present, long mapped) = MappedResidency.PresentBytes(_path, tableStart, tableLength);
            Assert.Equal(tableLength, mapped);
            Assert.True(present == 0, $"Right after the load none of the table's whole pages is resident ({present} bytes are).");
            Assert.Equal(1, model.TokenEmbeddings!.Releases);
            // Rss counts whole pages; the whole pages of the table are 8 MiB less at most two pages. With huge pages
            // the kernel may drop a little more (the rest of a huge page the table shares), never less.
            Assert.True(keptRss - releasedRss >= tableLength,
                $"The mapping holds {keptRss - releasedRss} bytes less with the release; the table's whole pages are {tableLength}.");

            float[][] released = await EmbedAll(model);
            AssertSame(kept, released, "first embeddings after the release");
            float[][] again = await EmbedAll(model);
            AssertSame(kept, again, "embeddings once the used rows are back");

            // No release after the load's: each call's token ids go to the model's TokenEmbeddingPages, which
            // releases again only once the calls have spread over more than 32 MiB of the table, and these texts use
            // rows of the natural vocabulary (1.2 MiB). A release after any call (the per-call release this replaced)
            // would leave the last call's rows absent: the rows of the query tokens, embedded last, must be present.
            await model.EmbedQueriesAsync(s_texts, cancellationToken: Ct);
            Assert.Equal(1, model.TokenEmbeddings.Releases);
            int[] queryIds = [.. s_texts.SelectMany(t => model.Tokenize(t, EmbeddingPrompt.Query).Ids).Distinct()];
            Assert.All(queryIds, id => Assert.InRange(id, 0, _naturalVocabulary - 1));
            foreach (int id in queryIds)
            {
                (long rowPresent, long rowMapped) = MappedResidency.PresentBytes(_path, _tableOffset + (id * RowBytes), RowBytes);
                Assert.True(rowMapped > 0 && rowPresent == rowMapped, $"Row {id}, used by the last call, is not resident ({rowPresent} of {rowMapped} bytes): the table was released again.");
            }

            // Rows of tokens that no text can produce stay released. Tolerance: a read of one dropped page maps back
            // the whole page-cache folio around it (up to a huge page, 2 MiB, on kernels with large folios) or the
            // fault-around window (64 KiB), so a huge page past the last used row is allowed to come back.
            long unusedFrom = _tableOffset + ((long)_naturalVocabulary * 64 * sizeof(float)) + MappedResidency.HugePageSize;
            (long unusedStart, long unusedLength) = PagesWithin(unusedFrom, _tableOffset + _tableLength);
            Assert.True(unusedLength >= 4 << 20, $"Only {unusedLength} bytes of never-used rows to check.");
            (long unusedPresent, _) = MappedResidency.PresentBytes(_path, unusedStart, unusedLength);
            Assert.True(unusedPresent == 0, $"{unusedPresent} bytes of rows no text uses came back.");
            long releasedRssAfter = MappedResidency.ResidentBytes(_path);
            Assert.True(keptRssAfter - releasedRssAfter >= unusedLength,
                $"After embedding, the mapping holds {keptRssAfter - releasedRssAfter} bytes less with the release; never-used rows are {unusedLength}.");

            // Pages dropped again while the model is live (what a release under a running model does) fault back in too.
            Assert.Equal(tableLength, MappedFilePages.Release(_path, _tableOffset, _tableLength));
            AssertSame(kept, await EmbedAll(model), "embeddings after a second release");
        }
        Assert.Equal(0, MappedResidency.ResidentBytes(_path));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void WriteModel()
    {
        SyntheticModelSpec tiny = SyntheticModels.Tiny(SyntheticArchitecture.GemmaEmbedding);
        _path = Path.Combine(_folder, "gemma-embedding-32k.gguf");
        SyntheticModel model = SyntheticModelBuilder.Write(tiny with { Vocabulary = tiny.Vocabulary with { Size = VocabularySize } }, _path);
        // The padding is UNUSED tokens after the natural vocabulary: no text tokenizes to them.
        _naturalVocabulary = tiny.BuildVocabulary().Count;
        Assert.Equal(VocabularySize, model.Vocabulary.Count);
        Assert.All(model.Vocabulary.TokenTypes.Skip(_naturalVocabulary), t => Assert.Equal(GgufTokenType.Unused, t));
        using GgufReader reader = GgufReader.Open(_path);
        Assert.True(reader.TryGetTensor("token_embd.weight", out GgufTensorInfo? table));
        _tableOffset = reader.DataOffset + table.Offset;
        _tableLength = table.ByteCount;
        Assert.Equal((long)VocabularySize * 64 * sizeof(float), _tableLength);
    }

    private EmbeddingModel Load(bool release) =>
        EmbeddingModel.Load(_path, new EmbeddingModelOptions { ReleaseUnusedTokenEmbeddings = release, BatchTokenBudget = 64, Threads = 2 });

    private static async Task<float[][]> EmbedAll(EmbeddingModel model)
    {
        IReadOnlyList<EmbeddingResult> documents = await model.EmbedDocumentsAsync(s_texts, cancellationToken: Ct);
        IReadOnlyList<EmbeddingResult> queries = await model.EmbedQueriesAsync(s_texts, cancellationToken: Ct);
        return [.. documents.Concat(queries).Select(r => r.Vector.ToArray())];
    }

    /// <summary>Tolerance 1e-6 per element: the same weights go through the same computation, so any release bug (a zeroed or wrong row) is far larger.</summary>
    private static void AssertSame(float[][] expected, float[][] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Length, actual[i].Length);
            float worst = expected[i].Zip(actual[i], (a, b) => MathF.Abs(a - b)).Max();
            Assert.True(worst <= 1e-6f, $"{what}: vector {i} differs by up to {worst}.");
        }
    }

    private static (long Start, long Length) PagesWithin(long from, long to)
    {
        long start = (from + Page - 1) / Page * Page;
        long end = to / Page * Page;
        return (start, Math.Max(0, end - start));
    }
}
