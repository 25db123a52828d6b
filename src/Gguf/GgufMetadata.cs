using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace LlamaEmbed.Gguf;

/// <summary>
/// The key/value metadata of a GGUF file, in file order, with typed access. Keys are unique.
/// </summary>
/// <remarks>
/// The typed getters are strict, like llama.cpp: <see cref="GetUInt32"/> on a key stored as INT32 throws rather than
/// converting, because llama.cpp would refuse the same file.
/// </remarks>
public sealed class GgufMetadata : IReadOnlyList<KeyValuePair<string, GgufValue>>
{
    private readonly List<KeyValuePair<string, GgufValue>> _entries = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Creates empty metadata.</summary>
    public GgufMetadata()
    {
    }

    /// <summary>Creates metadata holding <paramref name="entries"/> in order.</summary>
    /// <exception cref="ArgumentException">A key repeats.</exception>
    public GgufMetadata(IEnumerable<KeyValuePair<string, GgufValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var (key, value) in entries)
        {
            Add(key, value);
        }
    }

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public KeyValuePair<string, GgufValue> this[int index] => _entries[index];

    /// <summary>The value of <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    public GgufValue this[string key] => TryGetValue(key, out GgufValue? value)
        ? value
        : throw new KeyNotFoundException($"GGUF key '{key}' is not present.");

    /// <summary>The keys in file order.</summary>
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <summary>True when <paramref name="key"/> is present.</summary>
    public bool ContainsKey(string key) => _index.ContainsKey(key);

    /// <summary>Looks up <paramref name="key"/>.</summary>
    public bool TryGetValue(string key, [NotNullWhen(true)] out GgufValue? value)
    {
        if (_index.TryGetValue(key, out int i))
        {
            value = _entries[i].Value;
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>Appends a key.</summary>
    /// <exception cref="ArgumentException">The key is empty or already present.</exception>
    public void Add(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!_index.TryAdd(key, _entries.Count))
        {
            throw new ArgumentException($"GGUF key '{key}' is already present.", nameof(key));
        }
        _entries.Add(new(key, value));
    }

    /// <summary>Replaces the value of an existing key in place, or appends it.</summary>
    public void Set(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (_index.TryGetValue(key, out int i))
        {
            _entries[i] = new(key, value);
        }
        else
        {
            Add(key, value);
        }
    }

    /// <summary>Removes a key if present; later keys keep their order.</summary>
    public bool Remove(string key)
    {
        if (!_index.TryGetValue(key, out int i))
        {
            return false;
        }
        _entries.RemoveAt(i);
        _index.Clear();
        for (int j = 0; j < _entries.Count; j++)
        {
            _index[_entries[j].Key] = j;
        }
        return true;
    }

    /// <summary>The STRING value of <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    /// <exception cref="InvalidCastException">The key has another type.</exception>
    public string GetString(string key) => this[key].As<string>();

    /// <summary>The UINT32 value of <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    /// <exception cref="InvalidCastException">The key has another type.</exception>
    public uint GetUInt32(string key) => this[key].As<uint>();

    /// <summary>The FLOAT32 value of <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    /// <exception cref="InvalidCastException">The key has another type.</exception>
    public float GetFloat32(string key) => this[key].As<float>();

    /// <summary>The BOOL value of <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    /// <exception cref="InvalidCastException">The key has another type.</exception>
    public bool GetBool(string key) => this[key].As<bool>();

    /// <summary>The elements of an array key.</summary>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    /// <exception cref="InvalidCastException">The key is not an array of <typeparamref name="T"/>.</exception>
    public IReadOnlyList<T> GetArray<T>(string key) => this[key].AsArray<T>();

    /// <summary>Reads a scalar of exactly type <typeparamref name="T"/>; false when absent or of another type.</summary>
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        if (TryGetValue(key, out GgufValue? stored) && stored.TryAs(out value))
        {
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>The STRING value, or null when absent or of another type.</summary>
    public string? TryGetString(string key) => TryGet(key, out string? value) ? value : null;

    /// <summary>The UINT32 value, or null when absent or of another type.</summary>
    public uint? TryGetUInt32(string key) => TryGet(key, out uint value) ? value : null;

    /// <summary>The FLOAT32 value, or null when absent or of another type.</summary>
    public float? TryGetFloat32(string key) => TryGet(key, out float value) ? value : null;

    /// <summary>The BOOL value, or null when absent or of another type.</summary>
    public bool? TryGetBool(string key) => TryGet(key, out bool value) ? value : null;

    /// <summary>The elements of an array of <typeparamref name="T"/>, or null when absent or of another type.</summary>
    public IReadOnlyList<T>? TryGetArray<T>(string key) =>
        TryGetValue(key, out GgufValue? value) && value.RawValue.GetType() == typeof(T[]) ? (T[])value.RawValue : null;

    /// <summary>The data alignment this metadata asks for: <c>general.alignment</c> or 32.</summary>
    public int Alignment => TryGetUInt32(GgufConstants.AlignmentKey) is uint a ? checked((int)a) : GgufConstants.DefaultAlignment;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, GgufValue>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
