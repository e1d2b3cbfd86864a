namespace Tandem.WebRtc.Sctp;

/// <summary>
/// Serial number arithmetic for 32-bit TSNs and 16-bit SSNs (RFC 9260 §1.6, RFC 1982):
/// comparisons stay correct across wrap-around as long as values are within half the space.
/// </summary>
internal static class SctpTsn
{
    public static bool IsLess(uint a, uint b) => (int)(a - b) < 0;

    public static bool IsLessOrEqual(uint a, uint b) => (int)(a - b) <= 0;

    public static bool IsGreater(uint a, uint b) => (int)(a - b) > 0;

    public static uint Max(uint a, uint b) => IsGreater(a, b) ? a : b;

    public static bool IsLess(ushort a, ushort b) => (short)(a - b) < 0;

    public static bool IsLessOrEqual(ushort a, ushort b) => (short)(a - b) <= 0;
}
