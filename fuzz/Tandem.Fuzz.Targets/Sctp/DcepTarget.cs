using Tandem.WebRtc.DataChannels;
using static Tandem.Fuzz.Targets.FuzzInvariantException;

namespace Tandem.Fuzz.Targets.Sctp;

/// <summary>DATA_CHANNEL_OPEN messages (RFC 8832 §5.1) as the data-channel manager reads them: parse, write, parse again.</summary>
public sealed class DcepTarget : IFuzzTarget
{
    public string Name => "dcep";

    public void Run(ReadOnlySpan<byte> input) => Check(input);

    /// <summary>Parses <paramref name="message"/> and checks the round trip; shared with the SCTP target's DATA chunks.</summary>
    public static void Check(ReadOnlySpan<byte> message)
    {
        if (!DcepOpenMessage.TryParse(message, out var open))
        {
            return;
        }

        _ = open!.Unordered;
        var buffer = new byte[open.Length];
        int written = open.WriteTo(buffer);
        FuzzInvariantException.Check(written == buffer.Length, "DCEP OPEN's Length and WriteTo disagree");
        FuzzInvariantException.Check(DcepOpenMessage.TryParse(buffer, out var again) && again == open, "DCEP OPEN changed in a round trip");
    }
}
