using System.Buffers;
using System.Text;
using Tandem.Load.Net;

namespace Tandem.Load.Tests.Net;

public class WebSocketHandshakeTests
{
    // RFC 6455 §1.3: this key gives this accept value.
    private const string RfcKey = "dGhlIHNhbXBsZSBub25jZQ==";
    private const string RfcAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    [Fact]
    public void ExpectedAccept_RfcKey_GivesRfcAccept() => Assert.Equal(RfcAccept, WebSocketHandshake.ExpectedAccept(RfcKey));

    [Fact]
    public void Request_HasTheUpgradeHeadersAndPathAndQuery()
    {
        var text = Encoding.ASCII.GetString(WebSocketHandshake.Request(new Uri("ws://127.0.0.1:9000/peerjs?key=k&id=a"), RfcKey));

        Assert.StartsWith("GET /peerjs?key=k&id=a HTTP/1.1\r\nHost: 127.0.0.1:9000\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + RfcKey + "\r\nSec-WebSocket-Version: 13\r\n\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadResponse_Good101WithAFrameBehind_ConsumesOnlyTheHeaders()
    {
        var head = $"HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Accept: {RfcAccept}\r\n\r\n";
        var bytes = Encoding.ASCII.GetBytes(head + "\u0081\u0002hi");

        Assert.Equal(OperationStatus.Done, WebSocketHandshake.TryReadResponse(bytes, RfcAccept, out var consumed, out var error));
        Assert.Equal(head.Length, consumed);
        Assert.Null(error);
    }

    [Fact]
    public void TryReadResponse_HeadersNotFinished_NeedsMoreData()
    {
        var bytes = Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n");

        Assert.Equal(OperationStatus.NeedMoreData, WebSocketHandshake.TryReadResponse(bytes, RfcAccept, out _, out _));
    }

    [Fact]
    public void TryReadResponse_WrongAccept_IsRejectedNamingTheHeader()
    {
        var bytes = Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n");

        Assert.Equal(OperationStatus.InvalidData, WebSocketHandshake.TryReadResponse(bytes, RfcAccept, out _, out var error));
        Assert.Contains("Sec-WebSocket-Accept 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='", error, StringComparison.Ordinal);
        Assert.Contains(RfcAccept, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", "404 Not Found")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + RfcAccept + "\r\n\r\n", "Upgrade")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: " + RfcAccept + "\r\n\r\n", "Connection")]
    [InlineData("garbage\r\n\r\n", "garbage")]
    public void TryReadResponse_NotAnUpgrade_IsRejectedWithTheReason(string response, string named)
    {
        Assert.Equal(OperationStatus.InvalidData, WebSocketHandshake.TryReadResponse(Encoding.ASCII.GetBytes(response), RfcAccept, out _, out var error));
        Assert.Contains(named, error, StringComparison.Ordinal);
    }
}
