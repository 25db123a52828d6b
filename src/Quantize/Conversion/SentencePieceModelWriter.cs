using Google.Protobuf;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Conversion;

/// <summary>
/// Writes a SentencePiece <c>tokenizer.model</c> (ModelProto) shaped like Gemma's: a BPE model with byte fallback,
/// no dummy prefix unless asked (Llama-2-style models have one), whitespace kept, and the special ids of the given pieces. For synthetic checkpoints (tests, the
/// conversion benchmark); the field numbers are those <see cref="SentencePieceModel"/> reads.
/// </summary>
internal static class SentencePieceModelWriter
{
    public static void Write(string path, IReadOnlyList<string> pieces, IReadOnlyList<float> scores, IReadOnlyList<GgufTokenType> types,
        int unkId, int bosId, int eosId, int padId, bool addDummyPrefix = false)
    {
        using var file = File.Create(path);
        var output = new CodedOutputStream(file);
        for (int i = 0; i < pieces.Count; i++)
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(Message(o =>
            {
                o.WriteTag(1, WireFormat.WireType.LengthDelimited);
                o.WriteString(pieces[i]);
                o.WriteTag(2, WireFormat.WireType.Fixed32);
                o.WriteFloat(scores[i]);
                if (types[i] != GgufTokenType.Normal)
                {
                    o.WriteTag(3, WireFormat.WireType.Varint);
                    o.WriteEnum((int)types[i]);
                }
            }));
        }
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(Message(o =>
        {
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteEnum(2);
            o.WriteTag(4, WireFormat.WireType.Varint);
            o.WriteInt32(pieces.Count);
            o.WriteTag(22, WireFormat.WireType.Varint);
            o.WriteBool(false);
            o.WriteTag(35, WireFormat.WireType.Varint);
            o.WriteBool(true);
            o.WriteTag(40, WireFormat.WireType.Varint);
            o.WriteInt32(unkId);
            o.WriteTag(41, WireFormat.WireType.Varint);
            o.WriteInt32(bosId);
            o.WriteTag(42, WireFormat.WireType.Varint);
            o.WriteInt32(eosId);
            o.WriteTag(43, WireFormat.WireType.Varint);
            o.WriteInt32(padId);
        }));
        output.WriteTag(3, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString("identity");
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteBool(addDummyPrefix);
            o.WriteTag(4, WireFormat.WireType.Varint);
            o.WriteBool(false);
            o.WriteTag(5, WireFormat.WireType.Varint);
            o.WriteBool(true);
        }));
        output.Flush();
    }

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        using var memory = new MemoryStream();
        var output = new CodedOutputStream(memory);
        write(output);
        output.Flush();
        return ByteString.CopyFrom(memory.ToArray());
    }
}
