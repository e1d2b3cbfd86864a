using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Xml.Linq;

namespace Tandem.Client.Tests.Packaging;

/// <summary>
/// <c>dotnet pack</c> of the three libraries, as a release would run it: in a clean clone of the
/// committed sources whose <c>origin</c> is a GitHub repository, with <c>ContinuousIntegrationBuild</c>.
/// Each package must carry its README, XML docs and a deterministic DLL whose embedded PDB maps the
/// sources to that commit on GitHub (SourceLink); the client's package depends on the other two.
/// </summary>
public class PackageTests
{
    private const string Remote = "https://github.com/tandem-example/tandem";

    // The GUID of the SourceLink custom debug information in a portable PDB.
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    [Fact]
    public async Task Pack_CleanCloneWithGitHubRemote_PackagesCarryReadmeDocsDependenciesAndSourceLink()
    {
        var work = Directory.CreateTempSubdirectory("tandem-pack-");
        try
        {
            var clone = Path.Combine(work.FullName, "repo");
            var output = Path.Combine(work.FullName, "out");
            await RunAsync("git", ["clone", "--quiet", "--shared", Tandem.Testing.Architecture.RepositoryRoot(), clone], work.FullName);
            await RunAsync("git", ["remote", "set-url", "origin", Remote + ".git"], clone);
            var commit = (await RunAsync("git", ["rev-parse", "HEAD"], clone)).Trim();
            string[] common = ["-c", "Release", "-o", output, "-nologo", "-v", "q", "-p:ContinuousIntegrationBuild=true"];
            await RunAsync("dotnet", ["pack", "src/Tandem.Client/Tandem.Client.csproj", .. common], clone);
            await RunAsync("dotnet", ["pack", "src/Tandem.Media/Tandem.Media.csproj", "--no-build", .. common], clone);
            await RunAsync("dotnet", ["pack", "src/Tandem.WebRtc/Tandem.WebRtc.csproj", "--no-build", .. common], clone);

            foreach (var name in new[] { "Tandem.WebRtc", "Tandem.Media", "Tandem.Client" })
            {
                var path = Path.Combine(output, name + ".0.1.0.nupkg");
                Assert.True(File.Exists(path), $"{path} was not produced: {string.Join(", ", Directory.GetFiles(output))}");
                using var package = ZipFile.OpenRead(path);
                var entries = package.Entries.Select(e => e.FullName).ToHashSet();
                Assert.Contains("README.md", entries);
                Assert.Contains($"lib/net10.0/{name}.dll", entries);
                Assert.Contains($"lib/net10.0/{name}.xml", entries);

                var nuspec = XDocument.Load(package.GetEntry(name + ".nuspec")!.Open());
                XNamespace ns = nuspec.Root!.Name.Namespace;
                var metadata = nuspec.Root.Element(ns + "metadata")!;
                Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
                Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
                var repository = metadata.Element(ns + "repository")!;
                Assert.Equal(Remote + ".git", repository.Attribute("url")?.Value);
                Assert.Equal(commit, repository.Attribute("commit")?.Value);

                using var dll = new MemoryStream();
                await package.GetEntry($"lib/net10.0/{name}.dll")!.Open().CopyToAsync(dll);
                var sourceLink = SourceLinkOf(dll.ToArray(), out var deterministic);
                Assert.True(deterministic, $"{name}.dll has no reproducible-build entry: it is not deterministic");
                Assert.Contains($"https://raw.githubusercontent.com/tandem-example/tandem/{commit}/", sourceLink, StringComparison.Ordinal);
            }

            using var client = ZipFile.OpenRead(Path.Combine(output, "Tandem.Client.0.1.0.nupkg"));
            var dependencies = XDocument.Load(client.GetEntry("Tandem.Client.nuspec")!.Open()).Descendants()
                .Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).ToList();
            Assert.Contains("Tandem.WebRtc", dependencies);
            Assert.Contains("Tandem.Media", dependencies);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The SourceLink JSON of the PDB embedded in <paramref name="dll"/>, and whether the build was deterministic.</summary>
    private static string SourceLinkOf(byte[] dll, out bool deterministic)
    {
        using var pe = new PEReader(new MemoryStream(dll));
        var debug = pe.ReadDebugDirectory();
        deterministic = debug.Any(entry => entry.Type == DebugDirectoryEntryType.Reproducible);
        var embedded = debug.Single(entry => entry.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        using var provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded);
        var pdb = provider.GetMetadataReader();
        foreach (var handle in pdb.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
        {
            var information = pdb.GetCustomDebugInformation(handle);
            if (pdb.GetGuid(information.Kind) == SourceLinkKind)
            {
                return Encoding.UTF8.GetString(pdb.GetBlobBytes(information.Value));
            }
        }

        return "";
    }

    /// <summary>Runs a build tool to its end and returns its output; a non-zero exit fails the test with both outputs.</summary>
    internal static async Task<string> RunAsync(string program, string[] arguments, string directory)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        return await stdout;
    }
}
