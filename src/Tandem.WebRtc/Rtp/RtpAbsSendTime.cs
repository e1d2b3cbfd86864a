namespace Tandem.WebRtc.Rtp;

/// <summary>
/// The abs-send-time header extension value: 24 bits, seconds in 6.18 fixed point, i.e. the
/// middle 24 bits of the 64-bit NTP send time
/// (https://webrtc.googlesource.com/src/+/main/docs/native-code/rtp-hdrext/abs-send-time).
/// </summary>
internal static class RtpAbsSendTime
{
    /// <summary>Length of the extension value.</summary>
    public const int Length = 3;

    /// <summary>Encodes a 64-bit NTP timestamp (RFC 3550 §4) into 3 bytes.</summary>
    public static bool TryWrite(ulong ntpTimestamp, Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            return false;
        }

        var value = (uint)(ntpTimestamp >> 14) & 0xFFFFFF;
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
        return true;
    }

    /// <summary>Reads the 24-bit 6.18 value; false if the value is not 3 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out uint sendTime)
    {
        sendTime = 0;
        if (value.Length != Length)
        {
            return false;
        }

        sendTime = ((uint)value[0] << 16) | ((uint)value[1] << 8) | value[2];
        return true;
    }

    /// <summary>Converts a 6.18 fixed-point value to a duration within its 64-second wrap.</summary>
    public static TimeSpan ToTimeSpan(uint sendTime) => TimeSpan.FromTicks((long)sendTime * TimeSpan.TicksPerSecond / (1 << 18));
}
