using LlamaEmbed.Quantization;
using Xunit;

namespace LlamaEmbed.Tests.Quantizing;

/// <summary>Refusals come as typed exceptions with clear messages, and no run leaves a file behind.</summary>
[Collection(QuantizeModels.Name)]
public class BadInputTests(QuantizeFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly GgufQuantizeOptions s_managedQ8 = new() { Type = GgufQuantizationType.Q8_0, Engine = GgufQuantizerEngine.Managed };

    [Theory]
    [InlineData("q3_x")]
    [InlineData("q4")]
    [InlineData("")]
    public void Unknown_type_names_do_not_parse(string name) =>
        Assert.False(GgufQuantizationTypes.TryParse(name, out _));

    [Theory]
    [InlineData("q4_k_m", GgufQuantizationType.Q4_K_M)]
    [InlineData("Q8_0", GgufQuantizationType.Q8_0)]
    [InlineData("bf16", GgufQuantizationType.BF16)]
    [InlineData("Q5KM", GgufQuantizationType.Q5_K_M)]
    public void Type_names_parse_the_way_users_write_them(string name, GgufQuantizationType expected)
    {
        Assert.True(GgufQuantizationTypes.TryParse(name, out GgufQuantizationType type));
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData(GgufQuantizerEngine.Managed)]
    [InlineData(GgufQuantizerEngine.Native)]
    public void A_file_that_is_not_GGUF_is_refused_before_native_code_sees_it(GgufQuantizerEngine engine)
    {
        string folder = fixture.NewOutputFolder();
        string input = Path.Combine(folder, "notes.txt");
        File.WriteAllText(input, "this is not a model, just some text that is long enough to have a header's worth of bytes");

        var ex = Assert.Throws<InvalidDataException>(() =>
            GgufQuantizer.Quantize(input, Path.Combine(folder, "out.gguf"), s_managedQ8 with { Engine = engine }, Ct));

        Assert.Contains("GGUF", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["notes.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_missing_input_is_a_FileNotFoundException() =>
        Assert.Throws<FileNotFoundException>(() =>
            GgufQuantizer.Quantize(Path.Combine(fixture.Folder, "absent.gguf"), Path.Combine(fixture.NewOutputFolder(), "out.gguf"), s_managedQ8, Ct));

    [Fact]
    public void An_output_in_a_missing_folder_is_refused()
    {
        string output = Path.Combine(fixture.Folder, "no-such-folder", "out.gguf");

        var ex = Assert.Throws<DirectoryNotFoundException>(() => GgufQuantizer.Quantize(fixture.F32Path, output, s_managedQ8, Ct));

        Assert.Contains("no-such-folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_output_is_kept_without_overwrite_and_replaced_with_it()
    {
        string folder = fixture.NewOutputFolder();
        string output = Path.Combine(folder, "out.gguf");
        File.WriteAllText(output, "keep me");

        var ex = Assert.Throws<IOException>(() => GgufQuantizer.Quantize(fixture.F32Path, output, s_managedQ8, Ct));
        Assert.Contains("--force", ex.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(output));

        GgufQuantizer.Quantize(fixture.F32Path, output, s_managedQ8 with { Overwrite = true }, Ct);
        Assert.NotEqual("keep me", File.ReadAllText(output));
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void Writing_over_the_input_is_refused() =>
        Assert.Throws<ArgumentException>(() => GgufQuantizer.Quantize(fixture.F32Path, fixture.F32Path, s_managedQ8 with { Overwrite = true }, Ct));

    [Fact]
    public void Cancelling_a_managed_run_midway_leaves_no_file()
    {
        string folder = fixture.NewOutputFolder();
        using var cancel = new CancellationTokenSource();
        int reports = 0;
        var progress = new SynchronousProgress(p =>
        {
            if (++reports == 3)
            {
                cancel.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            GgufQuantizer.Quantize(fixture.F32Path, Path.Combine(folder, "out.gguf"), s_managedQ8 with { Progress = progress }, cancel.Token));

        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public async Task Cancelling_a_native_run_returns_at_once_and_leaves_no_file()
    {
        string folder = fixture.NewOutputFolder();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            GgufQuantizer.QuantizeAsync(fixture.F32Path, Path.Combine(folder, "out.gguf"), new GgufQuantizeOptions { Type = GgufQuantizationType.Q4_K_M }, cancel.Token));

        Assert.False(File.Exists(Path.Combine(folder, "out.gguf")));
        // The abandoned native run deletes its temporary file when it ends.
        for (int i = 0; i < 100 && Directory.GetFileSystemEntries(folder).Length > 0; i++)
        {
            await Task.Delay(100, Ct);
        }
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void Requantizing_is_refused_unless_allowed()
    {
        string folder = fixture.NewOutputFolder();
        string q8 = Path.Combine(folder, "q8.gguf");
        GgufQuantizer.Quantize(fixture.F32Path, q8, s_managedQ8, Ct);
        var toQ4 = new GgufQuantizeOptions { Type = GgufQuantizationType.Q4_0, Engine = GgufQuantizerEngine.Managed };

        var managed = Assert.Throws<InvalidOperationException>(() => GgufQuantizer.Quantize(q8, Path.Combine(folder, "q4.gguf"), toQ4, Ct));
        Assert.Contains("--allow-requantize", managed.Message, StringComparison.Ordinal);
        var native = Assert.Throws<GgufQuantizationException>(() => GgufQuantizer.Quantize(q8, Path.Combine(folder, "q4.gguf"), toQ4 with { Engine = GgufQuantizerEngine.Native }, Ct));
        Assert.Contains(native.NativeLogLines, line => line.Contains("requantizing", StringComparison.Ordinal));

        GgufQuantizer.Quantize(q8, Path.Combine(folder, "q4.gguf"), toQ4 with { AllowRequantize = true }, Ct);
        Assert.Equal(["q4.gguf", "q8.gguf"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_managed_engine_names_the_types_it_cannot_write()
    {
        var ex = Assert.Throws<NotSupportedException>(() =>
            GgufQuantizer.Quantize(fixture.F32Path, Path.Combine(fixture.NewOutputFolder(), "out.gguf"), s_managedQ8 with { Type = GgufQuantizationType.Q5_K_M }, Ct));
        Assert.Contains("Q5_K", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Override_text_parses_and_rejects_bad_types()
    {
        Assert.Equal(new TensorTypeOverride("token_embd", Gguf.GgmlType.Q8_0), TensorTypeOverride.Parse("token_embd=q8_0"));
        Assert.Throws<FormatException>(() => TensorTypeOverride.Parse("token_embd=q9_9"));
        Assert.Throws<FormatException>(() => TensorTypeOverride.Parse("token_embd"));
        Assert.Throws<FormatException>(() => TensorTypeOverride.Parse("token_embd=8"));
    }

    /// <summary>Progress that runs the callback on the reporting thread (Progress&lt;T&gt; posts to the pool).</summary>
    private sealed class SynchronousProgress(Action<GgufQuantizationProgress> report) : IProgress<GgufQuantizationProgress>
    {
        public void Report(GgufQuantizationProgress value) => report(value);
    }
}
