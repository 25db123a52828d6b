using System.Runtime.InteropServices;
using LlamaEmbed.Gguf;
using LlamaEmbed.Native.Interop;
using LlamaEmbed.Synthetic;
using Xunit;

namespace LlamaEmbed.Tests;

/// <summary>
/// <see cref="LlamaModelLoader.InputOnlyTokenEmbeddings"/>, which decides whether the token-embedding table is only
/// looked up row by row (its pages may be released after loading), and the loader's release itself.
/// </summary>
public sealed class TokenEmbeddingReleaseTests
{
    public static TheoryData<string, SyntheticArchitecture, bool?, bool> Specs => new()
    {
        // name, architecture, TiedOutput (null = Tiny's default), whether the table is input-only
        { "gemma-embedding (no output head)", SyntheticArchitecture.GemmaEmbedding, null, true },
        { "gemma-embedding, spec asks for a tied head", SyntheticArchitecture.GemmaEmbedding, true, true },
        { "gemma3, tied head", SyntheticArchitecture.Gemma3, null, false },
        { "gemma3 with its own output.weight", SyntheticArchitecture.Gemma3, false, true },
        { "llama with its own output.weight", SyntheticArchitecture.Llama, null, true },
        { "llama, tied head", SyntheticArchitecture.Llama, true, false },
        { "qwen2, tied head", SyntheticArchitecture.Qwen2, null, false },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void The_table_is_input_only_unless_the_output_head_is_tied_to_it(string name, SyntheticArchitecture architecture, bool? tiedOutput, bool inputOnly)
    {
        using var folder = new TempFolder();
        SyntheticModel model = Write(folder, architecture, tiedOutput);
        using GgufReader reader = GgufReader.Open(model.Path!);
        Assert.True(reader.TryGetTensor("token_embd.weight", out GgufTensorInfo? table));
        Assert.Equal(!inputOnly, !reader.TryGetTensor("output.weight", out _) && architecture != SyntheticArchitecture.GemmaEmbedding);

        TokenEmbeddingTable? range = LlamaModelLoader.InputOnlyTokenEmbeddings(reader);

        if (!inputOnly)
        {
            Assert.True(range is null, $"{name}: a tied table is read whole by every decode, so it is never released.");
            return;
        }
        Assert.True(range is not null, $"{name}: the table is only looked up row by row.");
        (long offset, long length, long rows) = range.Value;
        Assert.Equal(reader.DataOffset + table.Offset, offset);
        Assert.Equal(table.ByteCount, length);
        Assert.Equal((long)model.Vocabulary.Count * 64 * sizeof(float), length);
        // One row per token id, each one 64-d F32 row.
        Assert.Equal(model.Vocabulary.Count, rows);
        Assert.Equal(64 * sizeof(float), range.Value.RowBytes);
        // The range is where the table's bytes really are in the file: the F32 values the spec generates.
        byte[] file = File.ReadAllBytes(model.Path!);
        float[] values = model.ReadTensor("token_embd.weight");
        Assert.True(file.AsSpan((int)offset, (int)length).SequenceEqual(MemoryMarshal.AsBytes(values.AsSpan())), $"{name}: bytes at the range");
    }

    [Fact]
    public void A_file_without_a_token_embedding_table_has_no_range()
    {
        using GgufReader reader = GgufReader.Open(TestPaths.Vocab("qwen2"));
        Assert.Null(LlamaModelLoader.InputOnlyTokenEmbeddings(reader));
    }

    /// <summary>
    /// After a load, the table's pages are absent exactly when the release was asked for and the table is input-only.
    /// Tolerance: the table's partial first and last pages (shared with neighbouring tensors) are not checked; with
    /// huge pages the kernel may drop neighbouring bytes too, which is why only the table's own pages are asserted.
    /// </summary>
    [Theory]
    [InlineData(SyntheticArchitecture.GemmaEmbedding, true, true)]
    [InlineData(SyntheticArchitecture.Llama, true, true)]
    [InlineData(SyntheticArchitecture.Llama, false, false)]
    [InlineData(SyntheticArchitecture.Gemma3, true, false)]
    [InlineData(SyntheticArchitecture.Qwen2, true, false)]
    public void Loading_with_release_drops_the_pages_of_an_input_only_table(SyntheticArchitecture architecture, bool release, bool expectReleased)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Pages are released on Linux only.");
        using var folder = new TempFolder();
        SyntheticModel model = Write(folder, architecture, tiedOutput: null);
        GgufTensorInfo table;
        long dataOffset;
        using (GgufReader reader = GgufReader.Open(model.Path!))
        {
            Assert.True(reader.TryGetTensor("token_embd.weight", out table!));
            dataOffset = reader.DataOffset;
        }
        long page = MappedResidency.PageSize;
        long start = (dataOffset + table.Offset + page - 1) / page * page;
        long end = (dataOffset + table.Offset + table.ByteCount) / page * page;

        using SafeLlamaModelHandle handle = LlamaModelLoader.Load(model.Path!, inspectHeader: null, releaseTokenEmbeddings: release);

        (long present, long mapped) = MappedResidency.PresentBytes(model.Path!, start, end - start);
        Assert.Equal(end - start, mapped);
        Assert.Equal(expectReleased ? 0 : end - start, present);
        // The handle keeps the table for later releases exactly when it was released, after exactly one release.
        if (expectReleased)
        {
            Assert.NotNull(handle.TokenEmbeddings);
            Assert.Equal(1, handle.TokenEmbeddings.Releases);
            Assert.Equal(TokenEmbeddingPages.DefaultLimitBytes, handle.TokenEmbeddings.LimitBytes);
        }
        else
        {
            Assert.Null(handle.TokenEmbeddings);
        }
    }

    private static SyntheticModel Write(TempFolder folder, SyntheticArchitecture architecture, bool? tiedOutput)
    {
        SyntheticModelSpec spec = SyntheticModels.Tiny(architecture);
        if (tiedOutput is bool tied)
        {
            spec = spec with { TiedOutput = tied };
        }
        return SyntheticModelBuilder.Write(spec, folder.File($"tiny-{architecture}.gguf"));
    }
}
