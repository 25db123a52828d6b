namespace LlamaEmbed.Quantization;

/// <summary>
/// An output written under a temporary name in the target folder and renamed over the final path only when
/// complete, so a failed or cancelled run never leaves a partial model behind.
/// </summary>
internal sealed class StagedOutputFile : IDisposable
{
    private bool _committed;

    private StagedOutputFile(string finalPath, string temporaryPath, bool overwrite)
    {
        FinalPath = finalPath;
        TemporaryPath = temporaryPath;
        Overwrite = overwrite;
    }

    /// <summary>The path the file gets once committed.</summary>
    public string FinalPath { get; }

    /// <summary>Where the data is written meanwhile (same folder, so the rename is atomic).</summary>
    public string TemporaryPath { get; }

    private bool Overwrite { get; }

    /// <summary>Checks the target and reserves a temporary name beside it.</summary>
    /// <exception cref="DirectoryNotFoundException">The output folder does not exist.</exception>
    /// <exception cref="IOException">The output exists and <paramref name="overwrite"/> is false, or it is a folder.</exception>
    public static StagedOutputFile Begin(string outputPath, bool overwrite)
    {
        string finalPath = Path.GetFullPath(outputPath);
        string folder = Path.GetDirectoryName(finalPath)!;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The output folder '{folder}' does not exist.");
        }
        if (Directory.Exists(finalPath))
        {
            throw new IOException($"The output path '{finalPath}' is a folder.");
        }
        if (File.Exists(finalPath) && !overwrite)
        {
            throw new IOException($"'{finalPath}' already exists; pass --force (Overwrite = true) to replace it.");
        }
        string temporary = Path.Combine(folder, $".{Path.GetFileName(finalPath)}.{Guid.NewGuid():N}.partial");
        return new StagedOutputFile(finalPath, temporary, overwrite);
    }

    /// <summary>Moves the finished file into place.</summary>
    /// <exception cref="IOException">The output appeared meanwhile and overwriting is off, or the move failed.</exception>
    public void Commit()
    {
        File.Move(TemporaryPath, FinalPath, Overwrite);
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        if (!_committed)
        {
            DeleteTemporary();
        }
    }

    /// <summary>Deletes the temporary file if it exists (also used once a detached native run ends).</summary>
    public void DeleteTemporary()
    {
        try
        {
            File.Delete(TemporaryPath);
        }
        catch (IOException)
        {
            // Still open elsewhere (Windows); the native run's end deletes it again.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
