using System.Buffers.Binary;

namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>Result codes of a Re-configuration Response (RFC 6525 §4.4).</summary>
internal enum SctpReConfigResult : uint
{
    SuccessNothingToDo = 0,
    SuccessPerformed = 1,
    Denied = 2,
    ErrorWrongSsn = 3,
    ErrorRequestAlreadyInProgress = 4,
    ErrorBadSequenceNumber = 5,
    InProgress = 6,
}

/// <summary>
/// Re-configuration Response parameter of RE-CONFIG (RFC 6525 §4.4); the optional TSN fields
/// (only used for SSN/TSN reset) are parsed and ignored, never written.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Parameter Type = 16       |      Parameter Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Re-configuration Response Sequence Number             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                            Result                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   Sender's Next TSN (optional)                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  Receiver's Next TSN (optional)               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly struct SctpReConfigResponse
{
    public const ushort ParameterType = 16;
    public const int Length = 12;

    public SctpReConfigResponse(uint responseSequence, SctpReConfigResult result)
    {
        ResponseSequence = responseSequence;
        Result = result;
    }

    public uint ResponseSequence { get; }

    public SctpReConfigResult Result { get; }

    public static bool TryParse(SctpParameter parameter, out SctpReConfigResponse result)
    {
        result = default;
        var value = parameter.Value;
        if (parameter.Type != ParameterType || (value.Length != 8 && value.Length != 16))
        {
            return false;
        }

        result = new SctpReConfigResponse(BinaryPrimitives.ReadUInt32BigEndian(value), (SctpReConfigResult)BinaryPrimitives.ReadUInt32BigEndian(value[4..]));
        return true;
    }

    public int WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, ParameterType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ResponseSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (uint)Result);
        return Length;
    }
}
