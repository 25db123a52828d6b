namespace LlamaEmbed.Conversion;

/// <summary>
/// The tensors of one checkpoint spread over one or more memory-mapped safetensors files, looked up by name.
/// Opening validates every header; nothing is read until a tensor is asked for.
/// </summary>
public sealed class TensorStore : IDisposable
{
    private readonly List<SafetensorsFile> _files;
    private readonly Dictionary<string, (SafetensorsFile File, SafetensorsTensorInfo Info)> _tensors;

    private TensorStore(List<SafetensorsFile> files, Dictionary<string, (SafetensorsFile, SafetensorsTensorInfo)> tensors)
    {
        _files = files;
        _tensors = tensors;
    }

    /// <summary>Every tensor name, in the order the files list them.</summary>
    public IReadOnlyCollection<string> Names => _tensors.Keys;

    /// <summary>
    /// Opens the weights of a Hugging Face folder: the shards named by <c>model.safetensors.index.json</c> when it
    /// exists, else <c>model.safetensors</c>, else every other <c>*.safetensors</c> file in the folder.
    /// </summary>
    /// <exception cref="FileNotFoundException">No weights, or a shard the index names is missing.</exception>
    /// <exception cref="SafetensorsFormatException">A header is malformed, a tensor appears in two files, or the
    /// index names a tensor its shard does not hold.</exception>
    public static TensorStore OpenFolder(string directory, IEnumerable<string>? excludeFileNames = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var excluded = new HashSet<string>(excludeFileNames ?? [], StringComparer.Ordinal);
        string indexPath = Path.Combine(directory, SafetensorsIndex.FileName);
        if (File.Exists(indexPath))
        {
            SafetensorsIndex index = SafetensorsIndex.Load(indexPath);
            foreach (string shard in index.ShardFiles)
            {
                if (!File.Exists(Path.Combine(directory, shard)))
                {
                    throw new FileNotFoundException($"{SafetensorsIndex.FileName} names shard '{shard}', which is missing.", Path.Combine(directory, shard));
                }
            }
            TensorStore store = Open(index.ShardFiles.Select(s => Path.Combine(directory, s)));
            try
            {
                foreach (var (name, shard) in index.WeightMap)
                {
                    if (!store._tensors.TryGetValue(name, out var entry) || Path.GetFileName(entry.File.Path) != shard)
                    {
                        throw new SafetensorsFormatException($"{SafetensorsIndex.FileName}: tensor '{name}' is not in shard '{shard}'.");
                    }
                }
                return store;
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }
        string single = Path.Combine(directory, "model.safetensors");
        if (File.Exists(single))
        {
            return Open([single]);
        }
        string[] files = Directory.GetFiles(directory, "*.safetensors")
            .Where(f => !excluded.Contains(Path.GetFileName(f)))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"{directory}: no model.safetensors, {SafetensorsIndex.FileName} or other *.safetensors weights.");
        }
        return Open(files);
    }

    /// <summary>Opens the given safetensors files as one store.</summary>
    /// <exception cref="SafetensorsFormatException">A header is malformed or a tensor name appears in two files.</exception>
    public static TensorStore Open(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<SafetensorsFile>();
        var tensors = new Dictionary<string, (SafetensorsFile, SafetensorsTensorInfo)>(StringComparer.Ordinal);
        try
        {
            foreach (string path in paths)
            {
                SafetensorsFile file = SafetensorsFile.Open(path);
                files.Add(file);
                foreach (SafetensorsTensorInfo info in file.Tensors.Values.OrderBy(t => t.DataOffset))
                {
                    if (!tensors.TryAdd(info.Name, (file, info)))
                    {
                        throw new SafetensorsFormatException($"Tensor '{info.Name}' appears in both {Path.GetFileName(tensors[info.Name].Item1.Path)} and {Path.GetFileName(path)}.");
                    }
                }
            }
            return new TensorStore(files, tensors);
        }
        catch
        {
            files.ForEach(f => f.Dispose());
            throw;
        }
    }

    /// <summary>True when the store holds <paramref name="name"/>.</summary>
    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <summary>The header entry of <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such tensor.</exception>
    public SafetensorsTensorInfo Info(string name) => Entry(name).Info;

    /// <summary>Reads elements of <paramref name="name"/> widened to float; see <see cref="SafetensorsFile.ReadFloats"/>.</summary>
    public void ReadFloats(string name, long firstElement, Span<float> destination)
    {
        var (file, info) = Entry(name);
        file.ReadFloats(info, firstElement, destination);
    }

    /// <summary>Reads a whole (small) tensor as floats.</summary>
    public float[] ReadAllFloats(string name)
    {
        var (file, info) = Entry(name);
        return file.ReadAllFloats(info);
    }

    /// <inheritdoc />
    public void Dispose() => _files.ForEach(f => f.Dispose());

    private (SafetensorsFile File, SafetensorsTensorInfo Info) Entry(string name) =>
        _tensors.TryGetValue(name, out var entry) ? entry : throw new KeyNotFoundException($"The checkpoint has no tensor '{name}'.");
}
