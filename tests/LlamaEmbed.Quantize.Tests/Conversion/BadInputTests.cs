using System.Text.Json.Nodes;
using LlamaEmbed.Conversion;
using LlamaEmbed.Gguf;
using LlamaEmbed.Tests.Conversion.Support;
using Xunit;

namespace LlamaEmbed.Tests.Conversion;

/// <summary>Bad input fails with one clear line and leaves nothing behind.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void MissingFolderConfigOrWeights_NameWhatIsMissing()
    {
        using var temp = new TempDirectory("missing");
        AssertFails<DirectoryNotFoundException>(temp, temp.Combine("nope"), "no such folder");

        HfCheckpoint hf = HfCheckpointBuilder.Qwen2(temp.Combine("hf"));
        File.Delete(temp.Combine("hf", "model.safetensors"));
        AssertFails<FileNotFoundException>(temp, hf.Directory, "safetensors");

        File.Delete(temp.Combine("hf", "config.json"));
        AssertFails<FileNotFoundException>(temp, hf.Directory, "config.json");
    }

    [Fact]
    public void MissingTokenizerOrShard_NamesIt()
    {
        using var temp = new TempDirectory("tok");
        HfCheckpoint hf = HfCheckpointBuilder.EmbeddingGemma(temp.Combine("hf"), sharded: true);
        File.Delete(temp.Combine("hf", "model-00002-of-00002.safetensors"));
        AssertFails<FileNotFoundException>(temp, hf.Directory, "model-00002-of-00002.safetensors");

        HfCheckpoint qwen = HfCheckpointBuilder.Qwen2(temp.Combine("qwen"));
        File.Delete(temp.Combine("qwen", "tokenizer.json"));
        AssertFails<FileNotFoundException>(temp, qwen.Directory, "tokenizer");
    }

    [Theory]
    [InlineData(ulong.MaxValue, "{}", 0, "limit")]
    [InlineData(1000UL, "{}", 0, "only")]
    [InlineData(2UL, "[]", 0, "not an object")]
    [InlineData(12UL, "{\"a\": \"b\"  }", 0, "needs a string dtype")]
    [InlineData(2UL, "{x", 0, "not valid JSON")]
    public void HostileHeaders_AreRefusedBeforeAllocation(ulong declared, string header, int data, string expected)
    {
        using var temp = new TempDirectory("hostile");
        string file = temp.Combine("x.safetensors");
        TestSafetensors.WriteRaw(file, declared, header, data);

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(file).Dispose());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,1000000000000]}}", 16, "outside")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,12]}}", 16, "needs 16 bytes")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 16, "overlap")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,16]}}", 16, "overflows")]
    [InlineData("{\"w\":{\"dtype\":\"Q4\",\"shape\":[4],\"data_offsets\":[0,16]}}", 16, "unknown dtype")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-4],\"data_offsets\":[0,16]}}", 16, "non-negative")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,0]}}", 16, "outside")]
    public void InconsistentTensorEntries_AreRefused(string header, int data, string expected)
    {
        using var temp = new TempDirectory("entries");
        string file = temp.Combine("x.safetensors");
        TestSafetensors.WriteRaw(file, (ulong)System.Text.Encoding.UTF8.GetByteCount(header), header, data);

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(file).Dispose());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptWeightsInACheckpoint_FailTheConversionWithoutOutput()
    {
        using var temp = new TempDirectory("corrupt");
        HfCheckpoint hf = HfCheckpointBuilder.Qwen2(temp.Combine("hf"));
        using (var stream = File.OpenWrite(temp.Combine("hf", "model.safetensors")))
        {
            stream.Write(BitConverter.GetBytes(long.MaxValue));
        }
        AssertFails<SafetensorsFormatException>(temp, hf.Directory, "limit");
    }

    [Fact]
    public void UnsupportedDtype_IsNamed()
    {
        using var temp = new TempDirectory("dtype");
        HfCheckpoint hf = HfCheckpointBuilder.Qwen2(temp.Combine("hf"));
        string header = "{\"model.layers.0.mlp.up_proj.weight\":{\"dtype\":\"I8\",\"shape\":[4],\"data_offsets\":[0,4]}}";
        TestSafetensors.WriteRaw(temp.Combine("hf", "model-extra.safetensors"), (ulong)header.Length, header, 4);
        File.Delete(temp.Combine("hf", "model.safetensors"));

        AssertFails<NotSupportedException>(temp, hf.Directory, "dtype I8");
    }

    [Fact]
    public void ShapeThatDisagreesWithConfig_IsNamed()
    {
        using var temp = new TempDirectory("shape");
        HfCheckpoint hf = HfCheckpointBuilder.Qwen2(temp.Combine("hf"));
        var config = JsonNode.Parse(File.ReadAllText(temp.Combine("hf", "config.json")))!.AsObject();
        config["intermediate_size"] = 96;
        HfCheckpointBuilder.WriteJson(temp.Combine("hf", "config.json"), config);

        AssertFails<InvalidDataException>(temp, hf.Directory, "config.json implies [96, 64]");
    }

    [Fact]
    public void LoraThatDoesNotFitTheBase_IsNamed()
    {
        using var temp = new TempDirectory("lora");
        HfCheckpoint hf = HfCheckpointBuilder.GemmaEmbed(temp.Combine("hf"));
        var adapter = JsonNode.Parse(File.ReadAllText(temp.Combine("hf", "lora", "adapter_config.json")))!.AsObject();
        adapter["r"] = 8;
        HfCheckpointBuilder.WriteJson(temp.Combine("hf", "lora", "adapter_config.json"), adapter);

        AssertFails<InvalidDataException>(temp, hf.Directory, "r = 8");
    }

    [Fact]
    public void Cancellation_LeavesNoFile()
    {
        using var temp = new TempDirectory("cancel");
        HfCheckpoint hf = HfCheckpointBuilder.EmbeddingGemma(temp.Combine("hf"));
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.TensorIndex == 3)
            {
                cancellation.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            GgufConverter.Convert(hf.Directory, temp.Combine("out.gguf"), new ConversionOptions { OutputType = GgmlType.Q8_0 }, progress, cancellation.Token));

        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    private static void AssertFails<T>(TempDirectory temp, string directory, string expected)
        where T : Exception
    {
        Exception error = Assert.ThrowsAny<Exception>(() => TestConvert.Run(directory, temp.Combine("out.gguf"), new ConversionOptions()));
        Assert.IsAssignableFrom<T>(error);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    private sealed class SynchronousProgress(Action<ConversionProgress> report) : IProgress<ConversionProgress>
    {
        public void Report(ConversionProgress value) => report(value);
    }
}
