using System.Buffers;
using System.Text;
using Tandem.Load.Messages;
using Tandem.Load.Targets;

namespace Tandem.Load.Tests.Messages;

public class MessageReaderTests
{
    private static readonly PeerIdentity Glasses = new("run1", 7, 0);

    [Theory]
    [InlineData(SignalKind.Offer)]
    [InlineData(SignalKind.Answer)]
    [InlineData(SignalKind.Ice)]
    public void TryRead_TandemSignal_RoundTripsTheTag(SignalKind kind)
    {
        var writer = new ArrayBufferWriter<byte>();
        var tag = new LoadTag(7, 0, 12, 123456789);
        new TandemProtocol().WriteSignal(writer, Glasses, kind, 3, tag);

        Assert.True(MessageReader.TryRead(writer.WrittenSpan, out var message));
        Assert.Equal(tag, message.Tag);
        Assert.Equal(kind.ToString().ToLowerInvariant(), message.Type);
        Assert.Equal(IncomingKind.Signal, new TandemProtocol().Classify(message));
    }

    [Fact]
    public void TryRead_ForwardedWithServerFields_StillFindsTag()
    {
        // R23: the server adds room_id and server_time; field order may change.
        var json = """{"room_id":"room_x","type":"ice","data":{"sdpMid":"0","lt_ts":5,"lt_seq":2,"lt_side":1,"lt_pair":3,"candidate":"c"},"server_time":1,"from":"app_x"}""";
        Assert.True(MessageReader.TryRead(Encoding.UTF8.GetBytes(json), out var message));
        Assert.Equal(new LoadTag(3, 1, 2, 5), message.Tag);
    }

    [Fact]
    public void TryRead_PeerJsPayload_FindsTag()
    {
        var writer = new ArrayBufferWriter<byte>();
        new PeerJsProtocol().WriteSignal(writer, Glasses, SignalKind.Offer, 0, new LoadTag(7, 0, 0, 9));
        Assert.True(MessageReader.TryRead(writer.WrittenSpan, out var message));
        Assert.Equal(("OFFER", new LoadTag(7, 0, 0, 9)), (message.Type, message.Tag));
        Assert.Equal(IncomingKind.Signal, new PeerJsProtocol().Classify(message));
    }

    [Fact]
    public void TryRead_TandemError_ReadsCodeAndRequestType()
    {
        var json = """{"type":"error","device_id":"","from":"server","to":"","data":{"error_code":1007,"error_message":"server busy","request_type":"ice"},"time":1}""";
        Assert.True(MessageReader.TryRead(Encoding.UTF8.GetBytes(json), out var message));
        var protocol = new TandemProtocol();
        Assert.Equal(IncomingKind.Error, protocol.Classify(message));
        Assert.Equal("1007", protocol.ErrorKey(message));
        Assert.True(protocol.IsRefusedSignal(message));
    }

    [Fact]
    public void TryRead_RoleMessage_ReadsRole()
    {
        var json = """{"type":"role","device_id":"app_x","from":"server","to":"glasses_x","data":{"role":"offerer","peer_id":"app_x","room_id":"room_x"},"time":1}""";
        Assert.True(MessageReader.TryRead(Encoding.UTF8.GetBytes(json), out var message));
        Assert.Equal(("role", "offerer"), (message.Type, message.Role));
    }

    [Fact]
    public void TryRead_PartialTag_HasNoTag()
    {
        Assert.True(MessageReader.TryRead("""{"type":"ice","data":{"lt_pair":1,"lt_seq":"2"}}"""u8, out var message));
        Assert.Null(message.Tag);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{\"type\":")]
    [InlineData("{\"type\":\"offer\",\"data\":{\"lt_pair\":1")]
    [InlineData("not json")]
    public void TryRead_Garbage_ReturnsFalse(string json)
    {
        Assert.False(MessageReader.TryRead(Encoding.UTF8.GetBytes(json), out _));
    }

    [Fact]
    public void WriteJoin_Tandem_IsAValidJoin()
    {
        var writer = new ArrayBufferWriter<byte>();
        Assert.True(new TandemProtocol().WriteJoin(writer, Glasses));
        using var doc = System.Text.Json.JsonDocument.Parse(writer.WrittenMemory);
        var root = doc.RootElement;
        Assert.Equal("join", root.GetProperty("type").GetString());
        Assert.Equal("glasses_run1-p7", root.GetProperty("device_id").GetString());
        Assert.Equal("glasses_run1-p7", root.GetProperty("from").GetString());
        Assert.Equal("server", root.GetProperty("to").GetString());
        Assert.True(root.GetProperty("time").GetInt64() > 1_600_000_000_000_000);
    }

    [Fact]
    public void Payloads_Sizes_AreRealistic()
    {
        var writer = new ArrayBufferWriter<byte>();
        new TandemProtocol().WriteSignal(writer, Glasses, SignalKind.Offer, 0, new LoadTag(1, 0, 0, 0));
        Assert.InRange(writer.WrittenCount, 3000, 5500);
        writer.ResetWrittenCount();
        new TandemProtocol().WriteSignal(writer, Glasses, SignalKind.Ice, 5, new LoadTag(1, 0, 0, 0));
        Assert.InRange(writer.WrittenCount, 180, 400);
    }
}
