namespace LlamaEmbed.Gguf;

/// <summary>A special token of the vocabulary.</summary>
/// <param name="Role">bos, eos, eot, unknown, seperator (llama.cpp's spelling), padding or mask.</param>
/// <param name="Id">The token id from <c>tokenizer.ggml.&lt;role&gt;_token_id</c>.</param>
/// <param name="Text">The token's text, or null when the id is outside the vocabulary.</param>
public sealed record GgufSpecialToken(string Role, uint Id, string? Text);
