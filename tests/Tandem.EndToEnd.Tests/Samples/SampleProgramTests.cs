using Tandem.Testing.Processes;

namespace Tandem.EndToEnd.Tests.Samples;

/// <summary>
/// The two programs of <c>samples/</c>, run as an integrator would run them, against the server: the
/// glasses push frames and Opus from their encoders' callbacks, the app renders into sinks. Each checks
/// what it received and exits non-zero otherwise; ICE runs on the test namespace's own addresses.
/// </summary>
public class SampleProgramTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GlassesAndPhoneAppSamples_BothCheckWhatTheyReceived_ExitZero(bool glassesJoinFirst)
    {
        await using var server = await ServerProcess.StartAsync();
        var uid = "sample_" + glassesJoinFirst;
        string[] common = ["--server", server.WebSocketUri, "--uid", uid, "--seconds", "60"];
        ChildProcess Glasses() => ChildProcess.Start("glasses sample", Binaries.Sample("Glasses", "tandem-sample-glasses.dll"), common);
        ChildProcess App() => ChildProcess.Start("app sample", Binaries.Sample("PhoneApp", "tandem-sample-app.dll"), common);

        await using var first = glassesJoinFirst ? Glasses() : App();
        await first.WaitForLineAsync(l => l.StartsWith("joined as", StringComparison.Ordinal), "the first sample's join", Wait);
        await using var second = glassesJoinFirst ? App() : Glasses();
        var (glasses, app) = glassesJoinFirst ? (first, second) : (second, first);

        var appCode = await app.WaitForExitAsync(Wait);
        var glassesCode = await glasses.WaitForExitAsync(Wait);

        var transcript = app.Transcript() + "\n" + glasses.Transcript();
        Assert.True(appCode == 0 && glassesCode == 0, $"app exit {appCode}, glasses exit {glassesCode}\n{transcript}");
        Assert.Contains("app: PASS", app.Lines);
        Assert.Contains("glasses: PASS", glasses.Lines);
    }
}
