using System.Text;
using LlamaEmbed.Native.Interop;
using Xunit;

namespace LlamaEmbed.Tests;

/// <summary>Bad paths and bad files become typed exceptions before (or instead of) anything that could kill the host.</summary>
public class ModelLoadTests
{
    private const string UnicodeFolder = "mödel fïles 模型 ✓";

    [Fact]
    public void Vocab_only_model_loads_from_a_non_ascii_path_with_spaces_and_tokenizes()
    {
        using var folder = new TempFolder(UnicodeFolder);
        string path = folder.File("vocab qwen2 — ünïcode.gguf");
        File.Copy(TestPaths.Vocab("qwen2"), path);

        using SafeLlamaModelHandle model = LlamaModelLoader.LoadVocabularyOnly(path);
        var vocab = new LlamaVocabulary(model);

        Assert.Equal(LlamaVocabType.Bpe, vocab.Type);
        Assert.True(vocab.Count > 150_000);
        int[] tokens = vocab.Tokenize("Hello world, ünïcode!", addSpecial: false, parseSpecial: false);
        Assert.NotEmpty(tokens);
        string roundTrip = Encoding.UTF8.GetString(tokens.SelectMany(t => vocab.TokenToPiece(t, special: false)).ToArray());
        Assert.Equal("Hello world, ünïcode!", roundTrip);
        Assert.Single(vocab.Tokenize(" true", addSpecial: false, parseSpecial: false));
    }

    [Fact]
    public void Missing_file_is_FileNotFound()
    {
        using var folder = new TempFolder();
        string path = folder.File("absent.gguf");
        var ex = Assert.Throws<FileNotFoundException>(() => LlamaModelLoader.Load(path));
        Assert.Equal(path, ex.FileName);
    }

    [Fact]
    public void Directory_is_a_model_load_exception()
    {
        using var folder = new TempFolder();
        var ex = Assert.Throws<LlamaModelLoadException>(() => LlamaModelLoader.Load(folder.Path));
        Assert.Equal(folder.Path, ex.ModelPath);
        Assert.Contains("directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_file_is_a_model_load_exception()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
        {
            Assert.Skip("Permissions cannot make a file unreadable for root (or are not Unix modes here).");
            return;
        }
        using var folder = new TempFolder();
        string path = folder.File("locked.gguf");
        File.Copy(TestPaths.Vocab("qwen2"), path);
        File.SetUnixFileMode(path, UnixFileMode.None);
        var ex = Assert.Throws<LlamaModelLoadException>(() => LlamaModelLoader.Load(path));
        Assert.IsType<UnauthorizedAccessException>(ex.InnerException);
    }

    [Fact]
    public void Truncated_gguf_is_invalid_data()
    {
        using var folder = new TempFolder();
        string path = folder.File("truncated.gguf");
        byte[] full = File.ReadAllBytes(TestPaths.Vocab("qwen2"));
        File.WriteAllBytes(path, full[..(full.Length / 3)]);
        Assert.ThrowsAny<InvalidDataException>(() => LlamaModelLoader.Load(path));
        Assert.ThrowsAny<InvalidDataException>(() => LlamaModelLoader.LoadVocabularyOnly(path));
    }

    [Fact]
    public void Random_bytes_are_invalid_data()
    {
        using var folder = new TempFolder();
        string path = folder.File("noise.gguf");
        byte[] noise = new byte[4096];
        new Random(42).NextBytes(noise);
        File.WriteAllBytes(path, noise);
        Assert.ThrowsAny<InvalidDataException>(() => LlamaModelLoader.Load(path));
        Assert.ThrowsAny<InvalidDataException>(() => LlamaModelLoader.LoadVocabularyOnly(path));
    }

    [Fact]
    public void Weightless_file_is_refused_for_a_full_load()
    {
        Assert.ThrowsAny<InvalidDataException>(() => LlamaModelLoader.Load(TestPaths.Vocab("qwen2")));
    }

    [Fact]
    public void File_llama_cpp_refuses_carries_its_log_lines()
    {
        using var folder = new TempFolder();
        string path = folder.File("unknown-arch.gguf");
        byte[] bytes = File.ReadAllBytes(TestPaths.Vocab("qwen2"));
        ReplaceArchitecture(bytes, "qwen2", "qwenz");
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<LlamaModelLoadException>(() => LlamaModelLoader.LoadVocabularyOnly(path));
        Assert.Equal(path, ex.ModelPath);
        Assert.Contains(ex.NativeLogLines, l => l.Contains("qwenz", StringComparison.Ordinal));
    }

    private static void ReplaceArchitecture(byte[] gguf, string from, string to)
    {
        byte[] key = Encoding.UTF8.GetBytes("general.architecture");
        int at = gguf.AsSpan().IndexOf(key) + key.Length;
        int value = gguf.AsSpan(at).IndexOf(Encoding.UTF8.GetBytes(from)) + at;
        Encoding.UTF8.GetBytes(to).CopyTo(gguf, value);
    }
}
