using System.Text;

namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// Error cause codes carried by ABORT and ERROR chunks (RFC 9260 §3.3.10; RFC 4960 numbering).
/// Each cause is a TLV: 16-bit code, 16-bit length, cause-specific information.
/// </summary>
internal static class SctpErrorCause
{
    public const ushort InvalidStreamIdentifier = 1;
    public const ushort MissingMandatoryParameter = 2;
    public const ushort StaleCookie = 3;
    public const ushort OutOfResource = 4;
    public const ushort UnrecognizedChunkType = 6;
    public const ushort InvalidMandatoryParameter = 7;
    public const ushort NoUserData = 9;
    public const ushort CookieReceivedWhileShuttingDown = 10;
    public const ushort UserInitiatedAbort = 12;
    public const ushort ProtocolViolation = 13;

    /// <summary>Writes one cause TLV; returns the padded length.</summary>
    public static int Write(Span<byte> destination, ushort code, ReadOnlySpan<byte> information) =>
        SctpParameter.Write(destination, code, information);

    /// <summary>A short human-readable description of the first cause in a list, for logs and close reasons.</summary>
    public static string Describe(ReadOnlySpan<byte> causes)
    {
        foreach (var cause in new SctpParameterEnumerator(causes))
        {
            var name = cause.Type switch
            {
                UserInitiatedAbort => "user-initiated abort",
                ProtocolViolation => "protocol violation",
                StaleCookie => "stale cookie",
                OutOfResource => "out of resource",
                UnrecognizedChunkType => "unrecognized chunk type",
                NoUserData => "no user data",
                _ => $"cause {cause.Type}",
            };
            if (cause.Type is UserInitiatedAbort or ProtocolViolation && !cause.Value.IsEmpty)
            {
                return $"{name}: {Encoding.UTF8.GetString(cause.Value)}";
            }

            return name;
        }

        return "no cause given";
    }
}
