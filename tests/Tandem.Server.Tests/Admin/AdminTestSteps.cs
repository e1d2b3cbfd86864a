using Tandem.Signaling.Hub;
using Tandem.Testing;

namespace Tandem.Server.Tests.Admin;

/// <summary>Common steps of the admin integration tests.</summary>
internal static class AdminTestSteps
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    /// <summary>glasses_{uid} joins (and is seen in its room), then app_{uid}; both get their role.</summary>
    public static async Task<(TestSignalingClient Glasses, TestSignalingClient App)> PairAsync(AdminServer server, string uid)
    {
        var glasses = await TestSignalingClient.JoinAsync(server.WebSocketUri, "glasses_" + uid);
        await WaitUntilAsync(server.Hub, h => h.GetStatus().Rooms.Any(r => r.RoomId == "room_" + uid), "room_" + uid + " created");
        var app = await TestSignalingClient.JoinAsync(server.WebSocketUri, "app_" + uid);
        Assert.Equal("offerer", (await glasses.ExpectAsync("role")).GetProperty("data").GetProperty("role").GetString());
        Assert.Equal("answerer", (await app.ExpectAsync("role")).GetProperty("data").GetProperty("role").GetString());
        return (glasses, app);
    }

    /// <summary>Polls the hub until <paramref name="condition"/> holds (the socket loops run asynchronously).</summary>
    public static Task WaitUntilAsync(SignalingHub hub, Func<SignalingHub, bool> condition, string what) =>
        Poll.WaitUntilAsync(() => condition(hub), what, Limit);
}
