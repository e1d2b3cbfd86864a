namespace Tandem.Client.Tests.Packaging;

/// <summary>
/// The glasses' platform is embedded Linux or Android on arm64: the glasses sample publishes for
/// <c>linux-arm64</c>, self-contained, from this x64 machine (the runtime pack comes from the package
/// cache, which <c>scripts/test.sh</c> fills before the tests run offline in their namespace).
/// </summary>
public class PublishTests
{
    // ELF e_machine of AArch64 (System V ABI, ARM supplement).
    private const ushort ElfMachineAArch64 = 0xB7;

    [Fact]
    public async Task Publish_GlassesSampleForLinuxArm64_GivesAnArm64ExecutableWithTheLibraries()
    {
        var output = Directory.CreateTempSubdirectory("tandem-arm64-");
        try
        {
            var project = Path.Combine(Tandem.Testing.Architecture.RepositoryRoot(), "samples", "Glasses", "Glasses.csproj");
            await PackageTests.RunAsync("dotnet", ["publish", project, "-c", "Release", "-r", "linux-arm64", "--self-contained", "-o", output.FullName, "-nologo", "-v", "q"], output.FullName);

            var executable = await File.ReadAllBytesAsync(Path.Combine(output.FullName, "tandem-sample-glasses"));
            Assert.Equal("\u007fELF"u8.ToArray(), executable[..4]);
            Assert.Equal(ElfMachineAArch64, BitConverter.ToUInt16(executable, 18));
            foreach (var library in new[] { "Tandem.Client.dll", "Tandem.Media.dll", "Tandem.WebRtc.dll", "libclrjit.so" })
            {
                Assert.True(File.Exists(Path.Combine(output.FullName, library)), $"{library} is not in the published folder");
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
