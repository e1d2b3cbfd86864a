namespace Tandem.WebRtc.DataChannels;

/// <summary>Channel Type of DATA_CHANNEL_OPEN (RFC 8832 §5.1): bit 0x80 = unordered, low bits = reliability.</summary>
internal enum DcepChannelType : byte
{
    Reliable = 0x00,
    ReliableUnordered = 0x80,
    PartialReliableRexmit = 0x01,
    PartialReliableRexmitUnordered = 0x81,
    PartialReliableTimed = 0x02,
    PartialReliableTimedUnordered = 0x82,
}
