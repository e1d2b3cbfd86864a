namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// Reads and writes the extension negotiation parameters of INIT / INIT ACK:
/// Supported Extensions (RFC 5061 §4.2.7) listing RE-CONFIG (RFC 6525 §5) and FORWARD-TSN,
/// and Forward-TSN-Supported (RFC 3758 §3.1).
/// </summary>
internal static class SctpExtensionSupport
{
    /// <summary>Bytes written by <see cref="WriteOffer"/>.</summary>
    public const int OfferLength = 8 + 4;

    /// <summary>Writes Supported Extensions {RE-CONFIG, FORWARD-TSN} and Forward-TSN-Supported; returns the padded length.</summary>
    public static int WriteOffer(Span<byte> destination)
    {
        ReadOnlySpan<byte> extensions = [(byte)SctpChunkType.ReConfig, (byte)SctpChunkType.ForwardTsn];
        var written = SctpParameter.Write(destination, SctpParameter.SupportedExtensions, extensions);
        written += SctpParameter.Write(destination[written..], SctpParameter.ForwardTsnSupported, default);
        return written;
    }

    /// <summary>Reports which extensions the peer's parameter list announces.</summary>
    public static void Read(ReadOnlySpan<byte> parameters, out bool forwardTsn, out bool reConfig)
    {
        forwardTsn = false;
        reConfig = false;
        foreach (var p in new SctpParameterEnumerator(parameters))
        {
            if (p.Type == SctpParameter.ForwardTsnSupported)
            {
                forwardTsn = true;
            }
            else if (p.Type == SctpParameter.SupportedExtensions)
            {
                forwardTsn |= p.Value.Contains((byte)SctpChunkType.ForwardTsn);
                reConfig |= p.Value.Contains((byte)SctpChunkType.ReConfig);
            }
        }
    }
}
