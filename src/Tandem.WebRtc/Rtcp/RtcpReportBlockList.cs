namespace Tandem.WebRtc.Rtcp;

/// <summary>The report blocks of an SR or RR, read in place (https://www.rfc-editor.org/rfc/rfc3550#section-6.4).</summary>
internal readonly ref struct RtcpReportBlockList
{
    private readonly ReadOnlySpan<byte> _data;

    internal RtcpReportBlockList(ReadOnlySpan<byte> data, int count)
    {
        _data = data;
        Count = count;
    }

    /// <summary>Number of blocks.</summary>
    public int Count { get; }

    /// <summary>Block number <paramref name="index"/>.</summary>
    public RtcpReportBlock this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return RtcpReportBlock.Read(_data[(index * RtcpReportBlock.Length)..]);
        }
    }

    /// <summary>Writes <paramref name="blocks"/> one after the other.</summary>
    internal static void Write(Span<byte> destination, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(i * RtcpReportBlock.Length)..]);
        }
    }
}
