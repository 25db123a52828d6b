using LlamaEmbed.Gguf;

namespace LlamaEmbed.Tests;

/// <summary>One malformed header per rule: each must fail with InvalidDataException naming the offset and the problem.</summary>
public sealed class GgufHostileHeaderTests
{
    private static InvalidDataException AssertFormatError(byte[] bytes, long offset, string problem)
    {
        InvalidDataException ex = Assert.Throws<InvalidDataException>(() => GgufTestFiles.Read(bytes).Dispose());
        Assert.StartsWith($"at byte {offset}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.True(GgufFormatError.TryGetOffset(ex, out long reported));
        Assert.Equal(offset, reported);
        return ex;
    }

    [Fact]
    public void WrongMagic() =>
        AssertFormatError([.. "GGML"u8, 3, 0, 0, 0, .. new byte[16]], 0, "wrong magic 'GGML'");

    [Fact]
    public void TooShortForMagic() => AssertFormatError([(byte)'G', (byte)'G'], 0, "too short");

    [Theory]
    [InlineData(1u, "version 1 is no longer supported")]
    [InlineData(4u, "version 4 is newer")]
    [InlineData(0x03000000u, "other byte order")]
    [InlineData(0u, "other byte order")]
    public void UnsupportedVersion(uint version, string problem) =>
        AssertFormatError(RawGguf.Header(0, 0, version).ToArray(), 4, problem);

    [Fact]
    public void Version2_IsAccepted()
    {
        using GgufReader reader = GgufTestFiles.Read(RawGguf.Header(0, 0, version: 2).ToArray());
        Assert.Equal(2u, reader.Version);
    }

    [Fact]
    public void TruncatedFile_NamesWhereItEnds()
    {
        byte[] valid = TinyModel.Create("qwen2").ToBytes();
        foreach (int cut in new[] { 10, 23, 100, 777, valid.Length / 2, valid.Length - 20 })
        {
            InvalidDataException ex = Assert.Throws<InvalidDataException>(() => GgufTestFiles.Read(valid[..cut]).Dispose());
            Assert.True(GgufFormatError.TryGetOffset(ex, out long offset));
            Assert.InRange(offset, 0, cut);
            Assert.Matches("the file ends|remain|past the end", ex.Message);
        }
    }

    [Fact]
    public void MissingPaddingAfterTheLastTensor_IsAccepted()
    {
        // llama.cpp only needs each tensor's bytes inside the file; the padding after the last one is optional.
        byte[] bytes = RawGguf.Header(1, 0).Tensor("a", 0, 0, 3).PadTo(32).Bytes(new byte[12]).ToArray();
        using GgufReader reader = GgufTestFiles.Read(bytes);
        Assert.Equal(12, reader.Tensors[0].ByteCount);
        Assert.Equal(bytes.Length - 12, reader.DataOffset);
    }

    [Fact]
    public void HeaderClaiming2Pow60Tensors_FailsWithoutAllocating()
    {
        byte[] bytes = RawGguf.Header(1L << 60, 0).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertFormatError(bytes, 8, "tensor count 1152921504606846976 is impossible");
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
    }

    [Fact]
    public void StringLength2Pow62_FailsWithoutAllocating()
    {
        byte[] bytes = RawGguf.Header(0, 1).U64(1UL << 62).Bytes(new byte[64]).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertFormatError(bytes, 24, "claims 4611686018427387904 bytes, more than the 1073741824 allowed");
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
    }

    [Fact]
    public void StringLongerThanTheFile() =>
        AssertFormatError(RawGguf.Header(0, 1).U64(500).Bytes(new byte[20]).ToArray(), 24, "only 20 remain");

    [Fact]
    public void NegativeTensorCount() => AssertFormatError(RawGguf.Header(-1, 0).ToArray(), 8, "negative");

    [Fact]
    public void KeyCountLargerThanTheFile() => AssertFormatError(RawGguf.Header(0, 1L << 40).ToArray(), 16, "key/value count 1099511627776 is impossible");

    [Fact]
    public void ArrayCountAboveLlamaCppCap_FailsWithoutAllocating()
    {
        byte[] bytes = RawGguf.Header(0, 1).Str("k").I32(9).I32(4).U64(1UL << 31).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertFormatError(bytes, 41, "claims 2147483648 elements, more than the 1073741824 allowed");
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
    }

    [Fact]
    public void ArrayCountLargerThanTheFile() =>
        AssertFormatError(RawGguf.Header(0, 1).Str("k").I32(9).I32(8).U64(1000).Bytes(new byte[100]).ToArray(), 41, "only 100 bytes remain");

    [Fact]
    public void DuplicateKey() =>
        AssertFormatError(RawGguf.Header(0, 2).Str("k").I32(4).U32(1).Str("k").I32(4).U32(2).ToArray(), 41, "duplicate key 'k'");

    [Fact]
    public void EmptyKey() => AssertFormatError(RawGguf.Header(0, 1).Str("").I32(4).U32(1).ToArray(), 24, "key #0 is empty");

    [Fact]
    public void NestedArray_IsRejected() =>
        AssertFormatError(RawGguf.Header(0, 1).Str("k").I32(9).I32(9).I32(4).U64(0).U64(0).ToArray(), 37, "array of arrays");

    [Fact]
    public void UnknownValueType() => AssertFormatError(RawGguf.Header(0, 1).Str("k").I32(13).U32(0).ToArray(), 33, "unknown value type 13");

    [Fact]
    public void InvalidUtf8() =>
        AssertFormatError(RawGguf.Header(0, 1).U64(2).Bytes([0xC3, 0x28]).I32(4).U32(0).ToArray(), 32, "not valid UTF-8");

    [Fact]
    public void AlignmentOfWrongType() =>
        AssertFormatError(RawGguf.Header(0, 1).Str("general.alignment").I32(5).I32(32).ToArray(), 49, "must be UINT32 but is INT32");

    [Theory]
    [InlineData(0u)]
    [InlineData(48u)]
    public void AlignmentNotPowerOfTwo(uint alignment) =>
        AssertFormatError(RawGguf.Header(0, 1).Str("general.alignment").I32(4).U32(alignment).ToArray(), 49, "not a power of two");

    [Fact]
    public void TensorNameOf64Bytes() =>
        AssertFormatError(RawGguf.Header(1, 0).Tensor(new string('n', 64), 0, 0, 4).PadTo(32).Bytes(new byte[32]).ToArray(), 24, "more than the 63 allowed");

    [Fact]
    public void DuplicateTensorName() =>
        AssertFormatError(RawGguf.Header(2, 0).Tensor("t", 0, 0, 4).Tensor("t", 0, 32, 4).PadTo(32).Bytes(new byte[64]).ToArray(), 57, "duplicate tensor name 't'");

    [Fact]
    public void FiveDimensions() =>
        AssertFormatError(RawGguf.Header(1, 0).Tensor("t", 0, 0, 1, 1, 1, 1, 1).PadTo(32).Bytes(new byte[32]).ToArray(), 33, "5 dimensions");

    [Fact]
    public void NegativeDimension() =>
        AssertFormatError(RawGguf.Header(1, 0).Tensor("t", 0, 0, 4, -2).PadTo(32).Bytes(new byte[32]).ToArray(), 45, "dimension 1 is negative");

    [Fact]
    public void ElementCountOverflow() =>
        AssertFormatError(RawGguf.Header(1, 0).Tensor("t", 0, 0, 1L << 40, 1L << 40).PadTo(32).ToArray(), 45, "more than");

    [Theory]
    [InlineData(4)]
    [InlineData(33)]
    [InlineData(43)]
    [InlineData(-1)]
    public void UnknownOrRemovedTensorType(int type) =>
        AssertFormatError(RawGguf.Header(1, 0).Tensor("t", type, 0, 32).PadTo(32).Bytes(new byte[64]).ToArray(), 45, $"unknown or removed ggml type id {type}");

    [Fact]
    public void RowNotAMultipleOfTheBlockSize() =>
        AssertFormatError(RawGguf.Header(1, 0).Tensor("t", (int)GgmlType.Q4_0, 0, 31).PadTo(32).Bytes(new byte[32]).ToArray(), 37, "not a multiple of the block size 32");

    [Theory]
    [InlineData(33ul, "misaligned")]
    [InlineData(0ul, "overlapping")]
    [InlineData(64ul, "gap")]
    public void SecondTensorAtTheWrongOffset(ulong offset, string problem) =>
        AssertFormatError(RawGguf.Header(2, 0).Tensor("a", 0, 0, 8).Tensor("b", 0, offset, 8).PadTo(32).Bytes(new byte[128]).ToArray(), 82, problem);

    [Fact]
    public void TensorDataPastTheEndOfTheFile() =>
        AssertFormatError(RawGguf.Header(2, 0).Tensor("a", 0, 0, 8).Tensor("b", 0, 32, 8).PadTo(32).Bytes(new byte[40]).ToArray(), 82, "past the end of the file");

    [Fact]
    public void DataSectionStartsPastTheEnd() =>
        AssertFormatError(RawGguf.Header(1, 0).Tensor("a", 0, 0, 0).ToArray(), 57, "before the data section");

    [Fact]
    public void DuplicateVocabularyString_NamesTheDuplicate() =>
        AssertFormatError(RawGguf.Header(0, 1).Str("tokenizer.ggml.tokens").I32(9).I32(8).U64(3).Str("a").Str("b").Str("a").ToArray(), 87, "'a' twice (token ids 0 and 2)");

    [Fact]
    public void EmptyVocabularyStringsCollideWithTheirLlamaCppName() =>
        AssertFormatError(RawGguf.Header(0, 1).Str("tokenizer.ggml.tokens").I32(9).I32(8).U64(2).Str("[EMPTY_1]").Str("").ToArray(), 86, "'[EMPTY_1]' twice");

    [Fact]
    public void EmptyFile_MissingFileAndDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"gguf-hostile-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string empty = Path.Combine(dir, "empty.gguf");
            File.WriteAllBytes(empty, []);
            InvalidDataException ex = Assert.Throws<InvalidDataException>(() => GgufReader.Open(empty).Dispose());
            Assert.StartsWith("at byte 0: ", ex.Message, StringComparison.Ordinal);
            Assert.Throws<FileNotFoundException>(() => GgufReader.Open(Path.Combine(dir, "missing.gguf")).Dispose());
            Assert.Throws<UnauthorizedAccessException>(() => GgufReader.Open(dir).Dispose());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
