using System.Globalization;
using Tandem.Interop.Tests.Partners;
using Tandem.Testing.Processes;

namespace Tandem.Interop.Tests.Matrix;

/// <summary>
/// Runs one cell: our <c>tandem device</c> or <c>tandem app</c> as a real process against the partner,
/// in the cell's join order, then checks the pass criteria and returns the table row. The second to
/// join starts at the same time as the first where it can (a Python partner starts up and waits for
/// its turn to join), so a cell costs its media time and little more.
/// </summary>
internal sealed partial class CellRunner(ServerProcess server, Func<PartnerOptions, Task<IPartnerPeer>> startPartner)
{
    private const string OurText = "hello from tandem";
    private const string OurHex = "00ff10";
    private const string PartnerText = "hello from the partner";
    private const string PartnerHex = "0102fe";
    private const int Pings = 20;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="cell"/>; a timeout or a process that never gets there is a failed row, not a crash.</summary>
    public async Task<CellOutcome> RunAsync(Cell cell)
    {
        var directory = Tandem.Testing.Processes.Tandem.NewDirectory(cell.Uid);
        var options = new PartnerOptions(cell.PartnerId, cell.Video, cell.Audio, cell.Data, Seconds(cell), PartnerText, PartnerHex,
            cell.Data ? Pings : 0, HoldJoin: cell.OursJoinsFirst);
        IPartnerPeer? partner = null;
        ChildProcess? ours = null;
        try
        {
            if (cell.OursJoinsFirst)
            {
                var starting = startPartner(options);
                ours = StartOurs(cell, directory);
                await server.WaitForRoomAsync(cell.OurId, Wait);
                partner = await starting;
                await partner.JoinAsync();
            }
            else
            {
                partner = await startPartner(options);
                await server.WaitForRoomAsync(cell.PartnerId, Wait);
                ours = StartOurs(cell, directory);
            }

            return cell.Ours == OurSide.Device
                ? await FinishWithOurDeviceAsync(cell, partner, ours, directory)
                : await FinishWithOurAppAsync(cell, partner, ours, directory);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            var transcripts = $"{ours?.Transcript()}\n{partner?.Transcript()}";
            return new CellOutcome(cell, [$"{e.Message}\n{transcripts}"], null, "", "", null, null, null, "?");
        }
        finally
        {
            if (ours is not null)
            {
                await ours.DisposeAsync();
            }

            if (partner is not null)
            {
                await partner.DisposeAsync();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Media time of a cell: 10 s with video, a few seconds without.</summary>
    private static double Seconds(Cell cell) => cell.Features switch
    {
        CellFeatures.Full => 10,
        CellFeatures.AudioOnly => 5,
        _ => 3,
    };

    private ChildProcess StartOurs(Cell cell, string directory)
    {
        string[] data = cell.Data ? ["--echo", "--send", OurText, "--send-binary", OurHex] : [];
        if (cell.Ours == OurSide.Device)
        {
            string[] play = cell.Audio ? ["--play", Path.Combine(directory, "heard.wav")] : [];
            return Tandem.Testing.Processes.Tandem.Device(server, cell.Uid,
                ["--video", "testsrc", "--size", "640x360", "--bitrate", "800", "--timeout", "60", "--quiet", .. play, .. data, .. cell.OffFlags]);
        }

        return Tandem.Testing.Processes.Tandem.App(server, cell.Uid,
            ["--record", directory, "--seconds", Seconds(cell).ToString(CultureInfo.InvariantCulture), "--timeout", "60", "--quiet", .. data, .. cell.OffFlags]);
    }

    /// <summary>The partner is the app: it decodes our device's video for its window, then leaves; our device then stops.</summary>
    private static async Task<CellOutcome> FinishWithOurDeviceAsync(Cell cell, IPartnerPeer partner, ChildProcess device, string directory)
    {
        var summary = await partner.WaitForSummaryAsync(Wait + TimeSpan.FromSeconds(Seconds(cell)));
        await device.StopAsync(Wait);
        var problems = new List<string>(summary.Errors.Select(e => "partner: " + e));
        if (cell.Video && summary.FramesDecoded < 250)
        {
            problems.Add($"the partner decoded {summary.FramesDecoded} frames of our video in 10 s (at least 250 expected)");
        }

        if (cell.Audio)
        {
            CheckAudio(problems, "the partner heard our audio", summary.AudioInRms);
            CheckAudio(problems, "our device heard the partner's audio", MediaChecks.Wav(Path.Combine(directory, "heard.wav")).Rms);
        }

        CheckData(problems, cell, summary, device.Lines);
        var (setup, step) = PartnerSetup(cell, summary);
        var media = cell.Video ? $"{summary.FramesDecoded} frames {summary.VideoSize} decoded by the partner in 10 s" : "";
        return Outcome(cell, problems, summary, setup, step, media, device, partner);
    }

    /// <summary>The partner is the glasses: our app records for its window and leaves; the partner then reports what it sent.</summary>
    private static async Task<CellOutcome> FinishWithOurAppAsync(Cell cell, IPartnerPeer partner, ChildProcess app, string directory)
    {
        var code = await app.WaitForExitAsync(Wait + TimeSpan.FromSeconds(Seconds(cell)));
        var summary = await partner.WaitForSummaryAsync(Wait);
        var problems = new List<string>(summary.Errors.Select(e => "partner: " + e));
        if (code != 0)
        {
            problems.Add($"tandem app exited with {code}");
        }

        var media = "";
        double? setup = null;
        var step = "";
        if (cell.Video)
        {
            var (frames, errors) = Tandem.Testing.FfmpegTool.CountDecodedFrames(Path.Combine(directory, "video.h264"));
            if (summary.FramesSent < 100 || frames < 0.9 * summary.FramesSent)
            {
                problems.Add($"our recording decodes {frames} frames of the {summary.FramesSent} the partner sent (90 % expected) {errors}");
            }

            media = $"{frames} of {summary.FramesSent} frames ({summary.VideoSize ?? "size not reported"}) decoded from our recording";
            (setup, step) = await OurFirstFrameAsync(app);
        }
        else
        {
            (setup, step) = PartnerSetup(cell, summary);
        }

        if (cell.Audio)
        {
            CheckAudio(problems, "our app recorded the partner's audio", MediaChecks.Wav(Path.Combine(directory, "audio.wav")).Rms);
            CheckAudio(problems, "the partner heard our audio", summary.AudioInRms);
        }

        CheckData(problems, cell, summary, app.Lines);
        return Outcome(cell, problems, summary, setup, step, media, app, partner);
    }

    private static CellOutcome Outcome(Cell cell, List<string> problems, PartnerSummary summary, double? setup, string step, string media, ChildProcess ours, IPartnerPeer partner)
    {
        if (problems.Count > 0)
        {
            problems.Add($"{ours.Transcript()}\n{partner.Transcript()}");
        }

        return new CellOutcome(cell, problems, setup, step, media, summary.EchoRttMs, summary.SctpSrttMs, summary.LinkRttMs, summary.Version);
    }
}
