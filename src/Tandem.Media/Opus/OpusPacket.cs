namespace Tandem.Media.Opus;

/// <summary>Inspection of Opus packets without decoding them (RFC 6716 §3.1 TOC byte).</summary>
internal static class OpusPacket
{
    /// <summary>
    /// The packet's duration in samples per channel at <paramref name="sampleRate"/>, or a negative
    /// <see cref="OpusError"/> for a malformed packet.
    /// </summary>
    public static unsafe int GetSampleCount(ReadOnlySpan<byte> packet, int sampleRate)
    {
        if (packet.IsEmpty)
        {
            return (int)OpusError.BadArgument;
        }

        if (OpusCodecCore.Resolve(OpusImplementation.Auto) == OpusImplementation.Concentus)
        {
            return ConcentusDecoderCore.GetSampleCount(packet, sampleRate);
        }

        fixed (byte* pointer = packet)
        {
            return OpusNative.PacketGetSampleCount(pointer, packet.Length, sampleRate);
        }
    }

    /// <summary>The packet's channel count from its TOC byte (RFC 6716 §3.1: the s bit), 0 for an empty packet.</summary>
    public static int GetChannelCount(ReadOnlySpan<byte> packet) => packet.IsEmpty ? 0 : ((packet[0] & 0x04) != 0 ? 2 : 1);

    /// <summary>The version string of the implementation <see cref="OpusImplementation.Auto"/> picks, e.g. "libopus 1.3.1" or "Concentus 2.1.2".</summary>
    public static string LibraryVersion => OpusCodecCore.Resolve(OpusImplementation.Auto) == OpusImplementation.Concentus
        ? ConcentusDecoderCore.Version
        : System.Runtime.InteropServices.Marshal.PtrToStringUTF8(OpusNative.GetVersionString()) ?? string.Empty;
}
