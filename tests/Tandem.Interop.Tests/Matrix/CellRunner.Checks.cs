using System.Globalization;
using Tandem.Interop.Tests.Partners;
using Tandem.Testing.Processes;

namespace Tandem.Interop.Tests.Matrix;

internal sealed partial class CellRunner
{
    /// <summary>RMS of 16-bit full scale below which audio counts as silent (the tones sent are in the thousands).</summary>
    private const double Silence = 300;

    /// <summary>The bytes of "echo: ", which an echo of a binary message starts with (both sides' --echo rule).</summary>
    private static readonly string EchoHex = Convert.ToHexStringLower("echo: "u8);

    private static void CheckAudio(List<string> problems, string what, double rms)
    {
        if (rms <= Silence)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{what} at RMS {rms:0} (silent; above {Silence} expected)"));
        }
    }

    /// <summary>Text and binary, each echoed both ways, and every ping answered.</summary>
    private static void CheckData(List<string> problems, Cell cell, PartnerSummary summary, IReadOnlyList<string> ourLines)
    {
        if (!cell.Data)
        {
            return;
        }

        void Expect(bool ok, string what)
        {
            if (!ok)
            {
                problems.Add(what);
            }
        }

        Expect(summary.TextsReceived.Contains(OurText), $"the partner did not get our text '{OurText}'");
        Expect(summary.BinaryReceived.Contains(OurHex), $"the partner did not get our binary {OurHex}");
        Expect(summary.TextsReceived.Contains("echo: " + PartnerText), "the partner did not get the echo of its text");
        Expect(summary.BinaryReceived.Contains(EchoHex + PartnerHex), "the partner did not get the echo of its binary");
        Expect(ourLines.Contains("data: " + PartnerText), "we did not get the partner's text");
        Expect(ourLines.Contains("data: binary " + PartnerHex), "we did not get the partner's binary");
        Expect(ourLines.Contains("data: echo: " + OurText), "we did not get the echo of our text");
        Expect(ourLines.Contains($"data: binary {EchoHex}{OurHex}"), "we did not get the echo of our binary");
        Expect(summary.PingsAnswered == Pings, $"{summary.PingsAnswered} of {Pings} pings echoed");
    }

    /// <summary>The partner's own time from its role to the cell's first media (video, else audio, else the channel).</summary>
    private static (double? Ms, string Step) PartnerSetup(Cell cell, PartnerSummary summary)
    {
        var step = cell.Video ? "first-frame" : cell.Audio ? "first-audio" : "channel-open";
        return (summary.SetupMs.TryGetValue(step, out var ms) ? ms : null, step.Replace('-', ' ') + " (partner)");
    }

    /// <summary>
    /// From our app's "paired with" line to its "video: first frame" line (its 100 ms tick makes this up to
    /// 0.1 s late), with the app's own setup steps (ICE, DTLS, media, keyframe, each counted from its peer
    /// connection's creation), which tell our share of the time from the partner's.
    /// </summary>
    private static async Task<(double? Ms, string Step)> OurFirstFrameAsync(ChildProcess app)
    {
        var paired = await app.WaitForLineAsync(l => l.StartsWith("paired with", StringComparison.Ordinal), "its pairing", TimeSpan.Zero);
        var first = await app.WaitForLineAsync(l => l.StartsWith("video: first frame", StringComparison.Ordinal), "its first frame", TimeSpan.Zero);
        var steps = first.Line.IndexOf("(setup: ", StringComparison.Ordinal) is var at and >= 0 ? "; ours: " + first.Line[(at + 8)..].TrimEnd(')') : "";
        return ((first.At - paired.At).TotalMilliseconds, $"first frame (our app{steps})");
    }
}
