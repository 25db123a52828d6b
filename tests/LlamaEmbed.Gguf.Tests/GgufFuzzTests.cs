using LlamaEmbed.Gguf;

namespace LlamaEmbed.Tests;

/// <summary>
/// Mutates a small valid model at random (fixed seed, fixed number of rounds) and checks that reading, validating
/// and summarizing it either works or fails with InvalidDataException: never another exception, never a crash.
/// </summary>
public sealed class GgufFuzzTests
{
    private const int Rounds = 2000;

    [Fact]
    public void RandomMutations_OnlyEverThrowInvalidDataException() =>
        Fuzz(seed: 20261123, Rounds, GgufTestFiles.Read);

    [Fact]
    public void RandomMutations_ThroughMemoryMappedFiles_OnlyEverThrowInvalidDataException()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gguf-fuzz-{Guid.NewGuid():N}.gguf");
        try
        {
            Fuzz(seed: 7, rounds: 150, bytes =>
            {
                File.WriteAllBytes(path, bytes);
                return GgufReader.Open(path);
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Fuzz(int seed, int rounds, Func<byte[], GgufReader> open)
    {
        byte[] original = Seed();
        var random = new Random(seed);
        int rejected = 0;
        for (int round = 0; round < rounds; round++)
        {
            byte[] mutated = Mutate(original, random);
            try
            {
                using GgufReader reader = open(mutated);
                Exercise(reader);
            }
            catch (InvalidDataException ex)
            {
                Assert.True(GgufFormatError.TryGetOffset(ex, out long offset), $"round {round}: no offset in '{ex.Message}'");
                Assert.InRange(offset, 0, mutated.Length);
                rejected++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"round {round}: {ex.GetType().Name}: {ex.Message}");
            }
        }
        Assert.InRange(rejected, rounds / 10, rounds);
    }

    private static byte[] Seed()
    {
        TinyModel model = TinyModel.Create("gemma-embedding");
        model.Metadata.Add(LlamaEmbedKeys.PromptNames, GgufValue.Array(["query", "document"]));
        model.Metadata.Add(LlamaEmbedKeys.PromptTexts, GgufValue.Array(["task: search | query: ", "title: none | text: "]));
        model.Metadata.Add("x.u64", GgufValue.UInt64(7));
        model.Metadata.Add("x.f64", GgufValue.Float64(0.5));
        model.Tensors.Add(("extra.f16", GgmlType.F16, [4]));
        model.Tensors.Add(("extra.q8", GgmlType.Q8_0, [32]));
        return model.ToBytes();
    }

    private static void Exercise(GgufReader reader)
    {
        // The summary runs the validator too, so this covers reader, validator and inspect output at once.
        GgufModelSummary summary = GgufModelSummary.Create(reader);
        using (var json = new MemoryStream())
        {
            GgufSummaryWriter.WriteJson(json, summary, includeTensors: true);
        }
        foreach (GgufTensorInfo tensor in reader.Tensors)
        {
            var data = new byte[tensor.ByteCount];
            reader.ReadTensorData(tensor, data);
            if (tensor.Type is GgmlType.F32 or GgmlType.F16 or GgmlType.BF16)
            {
                Assert.Equal(tensor.ElementCount, reader.ReadTensorAsFloat32(tensor).Length);
            }
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] bytes = (byte[])original.Clone();
        // Most interesting structure lives in the header; aim two thirds of the mutations there.
        int headerEnd = Math.Min(bytes.Length, 1200);
        int Position() => random.Next(3) < 2 ? random.Next(headerEnd) : random.Next(bytes.Length);
        switch (random.Next(5))
        {
            case 0:
                for (int i = random.Next(1, 5); i > 0; i--)
                {
                    bytes[Position()] ^= (byte)(1 << random.Next(8));
                }
                return bytes;
            case 1:
                bytes[Position()] = (byte)random.Next(256);
                return bytes;
            case 2:
                return bytes[..random.Next(bytes.Length)];
            case 3:
            {
                ulong[] lengths = [0, 1, 63, 64, 255, 1UL << 30, (1UL << 30) + 1, 1UL << 31, 1UL << 60, 1UL << 62, ulong.MaxValue, (ulong)random.Next()];
                int at = Math.Min(Position(), bytes.Length - 8);
                BitConverter.TryWriteBytes(bytes.AsSpan(at, 8), lengths[random.Next(lengths.Length)]);
                return bytes;
            }
            default:
            {
                int at = Position();
                int count = random.Next(1, 9);
                return random.Next(2) == 0
                    ? [.. bytes[..at], .. new byte[count], .. bytes[at..]]
                    : [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + count)..]];
            }
        }
    }
}
