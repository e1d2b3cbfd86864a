using System.Text;
using Tandem.Server.Logging;

namespace Tandem.Server.Tests.Logging;

public sealed class RollingFileStreamTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tandem-log-");

    private string LogPath => Path.Combine(_folder.FullName, "logs", "server.log");

    [Fact]
    public void Write_PastTheLimit_RollsOverAndKeepsTheCount()
    {
        using (var stream = new RollingFileStream(LogPath, maxBytes: 100, maxFiles: 3))
        {
            for (var i = 0; i < 12; i++)
            {
                stream.Write(Encoding.UTF8.GetBytes($"batch {i:D2} {new string('x', 29)}\n"));
            }
        }

        // 40 bytes a batch, two to a file; the newest file is PATH, then PATH.1, PATH.2; older ones are gone.
        Assert.Equal(["batch 10", "batch 11"], Batches(LogPath));
        Assert.Equal(["batch 08", "batch 09"], Batches(LogPath + ".1"));
        Assert.Equal(["batch 06", "batch 07"], Batches(LogPath + ".2"));
        Assert.Equal(3, Directory.GetFiles(Path.GetDirectoryName(LogPath)!).Length);
    }

    [Fact]
    public void Write_LargerThanTheLimit_KeptWholeInAFileOfItsOwn()
    {
        using (var stream = new RollingFileStream(LogPath, maxBytes: 10, maxFiles: 2))
        {
            stream.Write("a\n"u8);
            stream.Write(Encoding.UTF8.GetBytes(new string('b', 25) + "\n"));
        }

        Assert.Equal(new string('b', 25) + "\n", File.ReadAllText(LogPath));
        Assert.Equal("a\n", File.ReadAllText(LogPath + ".1"));
    }

    [Fact]
    public void Write_OneFileKept_StartsAfresh()
    {
        using (var stream = new RollingFileStream(LogPath, maxBytes: 10, maxFiles: 1))
        {
            stream.Write("first 1\n"u8);
            stream.Write("second\n"u8);
        }

        Assert.Equal("second\n", File.ReadAllText(LogPath));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(LogPath)!));
    }

    [Fact]
    public void Open_ExistingFile_Appends()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        File.WriteAllText(LogPath, "before restart\n");
        using (var stream = new RollingFileStream(LogPath, maxBytes: 1000, maxFiles: 2))
        {
            stream.Write("after restart\n"u8);
        }

        Assert.Equal("before restart\nafter restart\n", File.ReadAllText(LogPath));
    }

    [Fact]
    public void Open_FolderIsAFile_Throws()
    {
        var file = Path.Combine(_folder.FullName, "plain");
        File.WriteAllText(file, "");
        Assert.ThrowsAny<IOException>(() => new RollingFileStream(Path.Combine(file, "server.log"), 100, 2));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static string[] Batches(string path) =>
        [.. File.ReadAllLines(path).Select(l => l[..8])];
}
