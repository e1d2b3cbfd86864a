using System.Text;

namespace Tandem.WebRtc.DataChannels;

/// <summary>One received data channel message: text (PPID 51/54/56) or binary (53/52/57).</summary>
public readonly record struct RtcDataChannelMessage(bool IsBinary, byte[] Data)
{
    /// <summary>The message as text (UTF-8).</summary>
    public string Text => Encoding.UTF8.GetString(Data);
}
