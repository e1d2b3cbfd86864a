using Tandem.Client.Sessions;

namespace Tandem.Cli.Sessions;

/// <summary>One <c>--send</c> text or <c>--send-binary</c> message waiting for the data channel to open.</summary>
internal sealed record Outgoing(string? Message, byte[]? Data)
{
    /// <summary>How many bytes of a binary message a <c>data:</c> / <c>sent:</c> line shows as hex.</summary>
    private const int ShownBytes = 64;

    public static Outgoing Text(string text) => new(text, null);

    public static Outgoing Binary(byte[] data) => new(null, data);

    /// <summary>How a binary message is printed: <c>binary 0001fe</c>, cut after 64 bytes (<c>binary 0001…ff… (1000 bytes)</c>).</summary>
    public static string Describe(byte[] data) => data.Length <= ShownBytes
        ? "binary " + Convert.ToHexStringLower(data)
        : $"binary {Convert.ToHexStringLower(data.AsSpan(0, ShownBytes))}… ({data.Length} bytes)";

    /// <summary>Sends it; throws as <see cref="PeerSession.SendText"/> does when it cannot go out.</summary>
    public void SendOn(PeerSession session)
    {
        if (Data is null)
        {
            session.SendText(Message!);
        }
        else
        {
            session.SendBinary(Data);
        }
    }

    public override string ToString() => Data is null ? Message! : Describe(Data);
}
