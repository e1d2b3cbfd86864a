using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tandem.Server.Tests.Admin;

/// <summary>The JSON API and actions against a real server on loopback (no token).</summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private AdminServer _server = null!;

    public async Task InitializeAsync() => _server = await AdminServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Rooms_AfterPairing_ShowPairedRoomWithBothMembers()
    {
        var (glasses, app) = await AdminTestSteps.PairAsync(_server, "api1");
        await using (glasses)
        await using (app)
        {
            var rooms = await GetJsonAsync("api/rooms");
            var room = Assert.Single(rooms.GetProperty("items").EnumerateArray());
            Assert.Equal("room_api1", room.GetProperty("roomId").GetString());
            Assert.Equal("PAIRED", room.GetProperty("state").GetString());
            Assert.Equal(JsonValueKind.Null, room.GetProperty("secondsLeft").ValueKind);
            var members = room.GetProperty("members").EnumerateArray().ToList();
            Assert.Equal(["glasses_api1", "app_api1"], members.Select(m => m.GetProperty("deviceId").GetString()));
            Assert.Equal(["offerer", "answerer"], members.Select(m => m.GetProperty("role").GetString()));
            Assert.All(members, m => Assert.True(m.GetProperty("online").GetBoolean()));

            var connections = (await GetJsonAsync("api/connections")).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(2, connections.Count);
            Assert.All(connections, c =>
            {
                Assert.Equal("PAIRED", c.GetProperty("state").GetString());
                Assert.Equal("room_api1", c.GetProperty("roomId").GetString());
                Assert.StartsWith("127.0.0.1:", c.GetProperty("remoteAddress").GetString(), StringComparison.Ordinal);
                Assert.True(c.GetProperty("messagesIn").GetInt64() >= 1);
            });
            Assert.Equal(
                members.Select(m => m.GetProperty("connectionId").GetString()).Order(),
                connections.Select(c => c.GetProperty("connectionId").GetString()).Order());
        }
    }

    [Fact]
    public async Task Status_WaitingRoom_ShowsTotalsAndTimeoutCountdown()
    {
        await using var glasses = await TestSignalingClient.JoinAsync(_server.WebSocketUri, "glasses_api2");
        await AdminTestSteps.WaitUntilAsync(_server.Hub, h => h.GetStatus().Rooms.Count == 1, "room created");

        var status = await GetJsonAsync("api/status");
        var totals = status.GetProperty("totals");
        Assert.Equal(1, totals.GetProperty("connections").GetInt32());
        Assert.Equal(1, totals.GetProperty("roomsByState").GetProperty("WAITING").GetInt32());
        Assert.Equal(0, totals.GetProperty("roomsByState").GetProperty("PAIRED").GetInt32());
        var room = status.GetProperty("rooms").GetProperty("items")[0];
        Assert.Equal("timeout", room.GetProperty("deadline").GetString());
        Assert.InRange(room.GetProperty("secondsLeft").GetDouble(), 0.1, 30);
        Assert.Equal(1, status.GetProperty("connections").GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Rooms_FilterAndPage_ReturnMatchingSlice()
    {
        var clients = new List<TestSignalingClient>();
        try
        {
            foreach (var uid in new[] { "alpha1", "alpha2", "beta1" })
            {
                clients.Add(await TestSignalingClient.JoinAsync(_server.WebSocketUri, "glasses_" + uid));
            }

            await AdminTestSteps.WaitUntilAsync(_server.Hub, h => h.GetStatus().Rooms.Count == 3, "three rooms");
            var filtered = await GetJsonAsync("api/rooms?q=ALPHA");
            Assert.Equal(3, filtered.GetProperty("total").GetInt32());
            Assert.Equal(2, filtered.GetProperty("matched").GetInt32());
            Assert.Equal(["room_alpha1", "room_alpha2"], filtered.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("roomId").GetString()));

            var page = await GetJsonAsync("api/rooms?offset=1&limit=1");
            Assert.Equal(3, page.GetProperty("matched").GetInt32());
            Assert.Equal("room_alpha2", Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("roomId").GetString());

            var byDevice = await GetJsonAsync("api/connections?q=glasses_beta1");
            Assert.Equal("glasses_beta1", Assert.Single(byDevice.GetProperty("items").EnumerateArray()).GetProperty("deviceId").GetString());
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task CloseRoom_PairedRoom_MembersGetTimeoutErrorAndClose4005()
    {
        var (glasses, app) = await AdminTestSteps.PairAsync(_server, "api3");
        await using (glasses)
        await using (app)
        {
            var response = await PostActionAsync("api/rooms/room_api3/close");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("done").GetBoolean());

            foreach (var client in new[] { glasses, app })
            {
                await client.ExpectAsync("error", errorCode: 1005);
                Assert.Equal(4005, await client.ExpectCloseAsync());
            }

            await AdminTestSteps.WaitUntilAsync(_server.Hub, h => h.GetStatus().Connections.Count == 0, "connections gone");
            Assert.Equal(0, (await GetJsonAsync("api/rooms")).GetProperty("total").GetInt32());
        }
    }

    [Fact]
    public async Task DisconnectConnection_Member_GetsReplacedErrorAndSlotIsHeld()
    {
        var (glasses, app) = await AdminTestSteps.PairAsync(_server, "api4");
        await using (glasses)
        await using (app)
        {
            var appConnection = _server.Hub.GetStatus().Connections.Single(c => c.DeviceId == "app_api4").ConnectionId;
            var response = await PostActionAsync($"api/connections/{appConnection}/disconnect");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            await app.ExpectAsync("error", errorCode: 1001);
            Assert.Equal(4001, await app.ExpectCloseAsync());
            await AdminTestSteps.WaitUntilAsync(_server.Hub, h => h.GetStatus().Connections.Count == 1, "app connection gone");
            var room = (await GetJsonAsync("api/rooms")).GetProperty("items")[0];
            Assert.Equal("PAIRED", room.GetProperty("state").GetString());
            var offline = room.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("deviceId").GetString() == "app_api4");
            Assert.False(offline.GetProperty("online").GetBoolean());
            Assert.Equal("grace", room.GetProperty("deadline").GetString());
        }
    }

    [Theory]
    [InlineData("api/rooms/room_nothing/close")]
    [InlineData("api/connections/c999999/disconnect")]
    public async Task Action_UnknownTarget_Returns404(string path)
    {
        var response = await PostActionAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("done").GetBoolean());
    }

    [Fact]
    public async Task Action_WithoutCsrfHeader_Returns403AndLeavesRoomOpen()
    {
        await using var glasses = await TestSignalingClient.JoinAsync(_server.WebSocketUri, "glasses_api5");
        await AdminTestSteps.WaitUntilAsync(_server.Hub, h => h.GetStatus().Rooms.Count == 1, "room created");

        var response = await _server.Http.PostAsync("api/rooms/room_api5/close", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Single(_server.Hub.GetStatus().Rooms);
    }

    [Fact]
    public async Task Events_OnConnect_SendHistoryThenStatusWithTheRooms()
    {
        await using var glasses = await TestSignalingClient.JoinAsync(_server.WebSocketUri, "glasses_api6");
        await AdminTestSteps.WaitUntilAsync(_server.Hub, h => h.GetStatus().Rooms.Count == 1, "room created");

        using var response = await _server.Http.GetAsync("api/events?rooms.q=api6&connections.limit=1", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await ReadEventAsync(reader);
        Assert.Equal("history", first.Name);
        Assert.Equal(JsonValueKind.Array, first.Data.ValueKind);
        var second = await ReadEventAsync(reader);
        Assert.Equal("status", second.Name);
        Assert.Equal("room_api6", second.Data.GetProperty("rooms").GetProperty("items")[0].GetProperty("roomId").GetString());

        // The next ticks keep coming without any request.
        var third = await ReadEventAsync(reader);
        Assert.Equal("status", third.Name);
        Assert.True(third.Data.GetProperty("time").GetDateTimeOffset() > second.Data.GetProperty("time").GetDateTimeOffset());
    }

    [Fact]
    public async Task Health_RunningServer_AliveAndReady()
    {
        Assert.Equal(HttpStatusCode.OK, (await _server.Http.GetAsync("healthz")).StatusCode);
        var ready = await _server.Http.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.StartsWith("ready", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_Get_ServesHtmlWithStrictContentSecurityPolicy()
    {
        var page = await _server.Http.GetAsync("admin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("/admin/assets/admin.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _server.Http.GetAsync("admin/assets/admin.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync("admin/assets/index.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync("admin/assets/missing.js")).StatusCode);
    }

    internal static async Task<(string Name, JsonElement Data)> ReadEventAsync(StreamReader reader)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        string? name = null, data = null;
        while (await reader.ReadLineAsync(limit.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
            else if (line.Length == 0 && name is not null && data is not null)
            {
                return (name, JsonDocument.Parse(data).RootElement.Clone());
            }
        }

        throw new EndOfStreamException("event stream ended");
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await _server.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<HttpResponseMessage> PostActionAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("X-Tandem-Admin", "1");
        return _server.Http.SendAsync(request);
    }
}
