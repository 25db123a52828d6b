using Google.Protobuf;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Conversion;

/// <summary>
/// The parts of a SentencePiece <c>tokenizer.model</c> (a serialized <c>ModelProto</c>) the converter needs: every
/// piece with its score and type, the model type, byte fallback, the special ids and the normalizer flags.
/// </summary>
/// <remarks>
/// Field numbers follow <c>sentencepiece_model.proto</c>: <c>ModelProto.pieces</c> = 1 (<c>piece</c> = 1,
/// <c>score</c> = 2, <c>type</c> = 3, default NORMAL), <c>trainer_spec</c> = 2 (<c>model_type</c> = 3,
/// <c>byte_fallback</c> = 35, <c>unk_id</c> 40, <c>bos_id</c> 41, <c>eos_id</c> 42, <c>pad_id</c> 43),
/// <c>normalizer_spec</c> = 3 (<c>add_dummy_prefix</c> = 3, <c>remove_extra_whitespaces</c> = 4). Unknown fields
/// are skipped.
/// </remarks>
public sealed class SentencePieceModel
{
    private SentencePieceModel(List<string> pieces, List<float> scores, List<GgufTokenType> types)
    {
        Pieces = pieces;
        Scores = scores;
        Types = types;
    }

    /// <summary>Piece texts by id, with <c>▁</c> (U+2581) standing for a space.</summary>
    public IReadOnlyList<string> Pieces { get; }

    /// <summary>Piece scores by id (merge priority for BPE models).</summary>
    public IReadOnlyList<float> Scores { get; }

    /// <summary>Piece types by id.</summary>
    public IReadOnlyList<GgufTokenType> Types { get; }

    /// <summary>The trainer's model type: 1 unigram, 2 BPE, 3 word, 4 char (SentencePiece's default is 1).</summary>
    public int ModelType { get; private set; } = 1;

    /// <summary>True when unknown characters fall back to <c>&lt;0xNN&gt;</c> byte pieces.</summary>
    public bool ByteFallback { get; private set; }

    /// <summary>The unknown piece id (default 0).</summary>
    public int UnknownId { get; private set; }

    /// <summary>The beginning-of-sentence id (default 1; negative when disabled).</summary>
    public int BosId { get; private set; } = 1;

    /// <summary>The end-of-sentence id (default 2; negative when disabled).</summary>
    public int EosId { get; private set; } = 2;

    /// <summary>The padding id (default −1, none).</summary>
    public int PadId { get; private set; } = -1;

    /// <summary>Whether the normalizer prepends a space (<c>add_dummy_prefix</c>, default true).</summary>
    public bool AddDummyPrefix { get; private set; } = true;

    /// <summary>Whether the normalizer collapses whitespace (<c>remove_extra_whitespaces</c>, default true).</summary>
    public bool RemoveExtraWhitespaces { get; private set; } = true;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a SentencePiece model protobuf, or holds no pieces.</exception>
    public static SentencePieceModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        try
        {
            return Parse(new CodedInputStream(stream));
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: not a SentencePiece model ({ex.Message}).", ex);
        }
    }

    private static SentencePieceModel Parse(CodedInputStream input)
    {
        var pieces = new List<string>();
        var scores = new List<float>();
        var types = new List<GgufTokenType>();
        var model = new SentencePieceModel(pieces, scores, types);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag), WireFormat.GetTagWireType(tag))
            {
                case (1, WireFormat.WireType.LengthDelimited):
                    ReadPiece(input, pieces, scores, types);
                    break;
                case (2, WireFormat.WireType.LengthDelimited):
                    ReadNested(input, model.ReadTrainerField);
                    break;
                case (3, WireFormat.WireType.LengthDelimited):
                    ReadNested(input, model.ReadNormalizerField);
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        if (pieces.Count == 0)
        {
            throw new InvalidDataException("The SentencePiece model has no pieces.");
        }
        return model;
    }

    private static void ReadNested(CodedInputStream input, Func<CodedInputStream, uint, bool> readField)
    {
        var nested = new CodedInputStream(input.ReadBytes().ToByteArray());
        uint tag;
        while ((tag = nested.ReadTag()) != 0)
        {
            if (!readField(nested, tag))
            {
                nested.SkipLastField();
            }
        }
    }

    private static void ReadPiece(CodedInputStream input, List<string> pieces, List<float> scores, List<GgufTokenType> types)
    {
        string piece = string.Empty;
        float score = 0;
        int type = (int)GgufTokenType.Normal;
        ReadNested(input, (stream, tag) =>
        {
            switch (WireFormat.GetTagFieldNumber(tag), WireFormat.GetTagWireType(tag))
            {
                case (1, WireFormat.WireType.LengthDelimited): piece = stream.ReadString(); return true;
                case (2, WireFormat.WireType.Fixed32): score = stream.ReadFloat(); return true;
                case (3, WireFormat.WireType.Varint): type = stream.ReadEnum(); return true;
                default: return false;
            }
        });
        if (type is < 1 or > 6)
        {
            throw new InvalidDataException($"SentencePiece piece {pieces.Count} ('{piece}') has unknown type {type}.");
        }
        pieces.Add(piece);
        scores.Add(score);
        types.Add((GgufTokenType)type);
    }

    private bool ReadTrainerField(CodedInputStream input, uint tag)
    {
        if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.Varint)
        {
            return false;
        }
        switch (WireFormat.GetTagFieldNumber(tag))
        {
            case 3: ModelType = input.ReadEnum(); return true;
            case 35: ByteFallback = input.ReadBool(); return true;
            case 40: UnknownId = input.ReadInt32(); return true;
            case 41: BosId = input.ReadInt32(); return true;
            case 42: EosId = input.ReadInt32(); return true;
            case 43: PadId = input.ReadInt32(); return true;
            default: return false;
        }
    }

    private bool ReadNormalizerField(CodedInputStream input, uint tag)
    {
        if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.Varint)
        {
            return false;
        }
        switch (WireFormat.GetTagFieldNumber(tag))
        {
            case 3: AddDummyPrefix = input.ReadBool(); return true;
            case 4: RemoveExtraWhitespaces = input.ReadBool(); return true;
            default: return false;
        }
    }
}
