using System.Text;
using System.Text.Json;
using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Tests.Protocol;

public class ServerMessagesTests
{
    private static JsonElement Json(OutboundMessage message)
    {
        try
        {
            return JsonDocument.Parse(message.Memory).RootElement.Clone();
        }
        finally
        {
            message.Release();
        }
    }

    [Fact]
    public void Role_HasSpecifiedShape_R18()
    {
        var role = Json(ServerMessages.Role("glasses_1", "app_1", offerer: true, "room_1", resumed: false, 42));
        Assert.Equal("role", role.GetProperty("type").GetString());
        Assert.Equal("app_1", role.GetProperty("device_id").GetString());
        Assert.Equal("server", role.GetProperty("from").GetString());
        Assert.Equal("glasses_1", role.GetProperty("to").GetString());
        Assert.Equal(42, role.GetProperty("time").GetInt64());
        var data = role.GetProperty("data");
        Assert.Equal("offerer", data.GetProperty("role").GetString());
        Assert.Equal("app_1", data.GetProperty("peer_id").GetString());
        Assert.Equal("room_1", data.GetProperty("room_id").GetString());
        Assert.False(data.TryGetProperty("resumed", out _));
    }

    [Fact]
    public void Role_Resumed_CarriesFlag_R30()
    {
        var role = Json(ServerMessages.Role("app_1", "glasses_1", offerer: false, "room_1", resumed: true, 42));
        Assert.Equal("answerer", role.GetProperty("data").GetProperty("role").GetString());
        Assert.True(role.GetProperty("data").GetProperty("resumed").GetBoolean());
    }

    [Fact]
    public void Error_HasSpecifiedShape_R31()
    {
        var error = Json(ServerMessages.Error("app_1", ErrorCode.PeerOffline, "peer offline", "offer", 7));
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("app_1", error.GetProperty("device_id").GetString());
        Assert.Equal("server", error.GetProperty("from").GetString());
        Assert.Equal("app_1", error.GetProperty("to").GetString());
        Assert.Equal(1006, error.GetProperty("data").GetProperty("error_code").GetInt32());
        Assert.Equal("peer offline", error.GetProperty("data").GetProperty("error_message").GetString());
        Assert.Equal("offer", error.GetProperty("data").GetProperty("request_type").GetString());
        Assert.Equal(7, error.GetProperty("time").GetInt64());
    }

    [Fact]
    public void Error_BeforeJoin_EmptyIdsNoRequestType_R31()
    {
        var error = Json(ServerMessages.Error("", ErrorCode.BadMessage, "bad", null, 7));
        Assert.Equal("", error.GetProperty("device_id").GetString());
        Assert.Equal("", error.GetProperty("to").GetString());
        Assert.False(error.GetProperty("data").TryGetProperty("request_type", out _));
    }

    [Fact]
    public void Forward_KeepsOriginalAndAddsRoomAndServerTime_R23()
    {
        const string Original = "{ \"type\" : \"offer\", \"x\":[1,{\"}\":\"}\"}], \"data\":{\"sdp\":\"v=0\\r\\n\"} }  \n";
        var forwarded = ServerMessages.Forward(Encoding.UTF8.GetBytes(Original), MessageType.Offer, "room_9", 123456789, 0);
        var text = Encoding.UTF8.GetString(forwarded.Memory.Span);
        var json = Json(forwarded);
        Assert.StartsWith("{ \"type\" : \"offer\", \"x\":[1,{\"}\":\"}\"}], \"data\":{\"sdp\":\"v=0\\r\\n\"} ", text, StringComparison.Ordinal);
        Assert.Equal("room_9", json.GetProperty("room_id").GetString());
        Assert.Equal(123456789, json.GetProperty("server_time").GetInt64());
        Assert.Equal("}", json.GetProperty("x")[1].GetProperty("}").GetString());
        Assert.Equal("v=0\r\n", json.GetProperty("data").GetProperty("sdp").GetString());
    }
}
