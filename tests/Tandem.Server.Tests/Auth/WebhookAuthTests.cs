using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests.Auth;

/// <summary><c>Auth:Mode=webhook</c> against a real HTTP listener on loopback: allowed, denied, timeout, failure.</summary>
public sealed class WebhookAuthTests
{
    [Fact]
    public async Task Allowed_JoinProceeds_WebhookSawTheJoin()
    {
        await using var webhook = await Webhook.StartAsync(_ => (200, """{"allowed": true}""", TimeSpan.Zero));
        await using var server = await ServerHost.StartWithArgsAsync(WebhookMode(webhook));
        await using var client = new WsClient();
        await client.ConnectAsync(new Uri(server.WebSocketUri, "?token=opaque-123"));
        await client.SendAsync(Messages.Join("glasses_AA:BB:CC:DD:EE:FF"));
        await TimerAndReconnectTests.WaitUntil(() => server.Hub.GetStatus().Rooms.Count == 1);

        var request = Assert.Single(webhook.Requests);
        Assert.Equal("glasses_AA:BB:CC:DD:EE:FF", request.GetProperty("device_id").GetString());
        Assert.Equal("room_aabbccddeeff", request.GetProperty("room_id").GetString());
        Assert.Equal("opaque-123", request.GetProperty("token").GetString());
        Assert.StartsWith("127.0.0.1:", request.GetProperty("remote_address").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowedWithIceServers_EachRoleCarriesWhatTheWebhookGaveItsRecipient()
    {
        await using var webhook = await Webhook.StartAsync(request => (200, $$"""
            {"allowed": true, "ice_servers": [
              {"urls": "stun:stun.example.org:3478"},
              {"urls": ["turn:relay.example.org:3478?transport=udp", "turns:relay.example.org:443"], "username": "{{request.GetProperty("device_id").GetString()}}", "credential": "secret"}]}
            """, TimeSpan.Zero));
        await using var server = await ServerHost.StartWithArgsAsync(WebhookMode(webhook));
        await using var glasses = await server.ConnectAsync();
        await glasses.SendAsync(Messages.Join("glasses_123456"));
        await TimerAndReconnectTests.WaitUntil(() => server.Hub.GetStatus().Rooms.Count == 1);
        await using var app = await server.ConnectAsync();
        await app.SendAsync(Messages.Join("app_123456"));

        foreach (var (client, id) in new[] { (glasses, "glasses_123456"), (app, "app_123456") })
        {
            var servers = (await client.ReceiveAsync("role")).GetProperty("data").GetProperty("ice_servers").EnumerateArray().ToArray();
            Assert.Equal(2, servers.Length);
            Assert.Equal("stun:stun.example.org:3478", Assert.Single(servers[0].GetProperty("urls").EnumerateArray()).GetString());
            Assert.Equal(2, servers[1].GetProperty("urls").GetArrayLength());
            Assert.Equal(id, servers[1].GetProperty("username").GetString());
            Assert.Equal("secret", servers[1].GetProperty("credential").GetString());
        }
    }

    [Fact]
    public async Task AllowedWithMalformedIceServers_JoinProceeds_BadEntriesLeftOutAndLogged()
    {
        await using var webhook = await Webhook.StartAsync(_ => (200, """
            {"allowed": true, "ice_servers": [
              {"urls": "http://not-ice.example.org"},
              {"urls": "turn:relay.example.org:3478"},
              42,
              {"urls": ["stun:ok.example.org"]}]}
            """, TimeSpan.Zero));
        await using var server = await ServerHost.StartWithArgsAsync(WebhookMode(webhook));
        await using var glasses = await server.ConnectAsync();
        await glasses.SendAsync(Messages.Join("glasses_123456"));
        await TimerAndReconnectTests.WaitUntil(() => server.Hub.GetStatus().Rooms.Count == 1);
        await using var app = await server.ConnectAsync();
        await app.SendAsync(Messages.Join("app_123456"));

        var kept = Assert.Single((await app.ReceiveAsync("role")).GetProperty("data").GetProperty("ice_servers").EnumerateArray());
        Assert.Equal("stun:ok.example.org", Assert.Single(kept.GetProperty("urls").EnumerateArray()).GetString());
        Assert.Contains(server.Logs.Lines, l => l.Contains("ice_servers[0] left out", StringComparison.Ordinal) && l.Contains("not a stun:", StringComparison.Ordinal));
        Assert.Contains(server.Logs.Lines, l => l.Contains("ice_servers[1] left out: a turn: or turns: URL needs a username", StringComparison.Ordinal));
        Assert.Contains(server.Logs.Lines, l => l.Contains("ice_servers[2] left out: not an object", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Denied_1008WithTheWebhooksReason_NoRoom()
    {
        await using var webhook = await Webhook.StartAsync(_ => (200, """{"allowed": false, "reason": "device not registered to this account"}""", TimeSpan.Zero));
        await using var server = await ServerHost.StartWithArgsAsync(WebhookMode(webhook));
        await using var client = await server.ConnectAsync();
        await client.SendAsync(Messages.Join("app_1").With("data", new JsonObject { ["token"] = "t" }));
        var error = await client.ReceiveAsync("error");
        Assert.Equal(1008, error.GetProperty("data").GetProperty("error_code").GetInt32());
        Assert.Contains("device not registered to this account", error.GetProperty("data").GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Empty(server.Hub.GetStatus().Rooms);
    }

    [Theory]
    [InlineData(403, """{"allowed": true}""")]
    [InlineData(200, "not json")]
    [InlineData(200, """{"allowed": "true"}""")]
    public async Task NotAClearYes_1008(int status, string body)
    {
        await using var webhook = await Webhook.StartAsync(_ => (status, body, TimeSpan.Zero));
        await using var server = await ServerHost.StartWithArgsAsync(WebhookMode(webhook));
        await using var client = await server.ConnectAsync();
        await client.SendAsync(Messages.Join("app_1"));
        Assert.Equal(1008, await client.ReceiveErrorCodeAsync());
        Assert.Empty(server.Hub.GetStatus().Rooms);
    }

    [Fact]
    public async Task SlowerThanTheTimeout_1007TryAgain_NoRoom()
    {
        await using var webhook = await Webhook.StartAsync(_ => (200, """{"allowed": true}""", TimeSpan.FromSeconds(5)));
        await using var server = await ServerHost.StartWithArgsAsync([.. WebhookMode(webhook), "--Auth:WebhookTimeoutSeconds=0.3"]);
        await using var client = await server.ConnectAsync();
        await client.SendAsync(Messages.Join("app_1"));
        var error = await client.ReceiveAsync("error");
        Assert.Equal(1007, error.GetProperty("data").GetProperty("error_code").GetInt32());
        Assert.Contains("try again later", error.GetProperty("data").GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Empty(server.Hub.GetStatus().Rooms);
        Assert.Contains(server.Logs.Lines, l => l.Contains("auth webhook failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerErrorOrUnreachable_1007()
    {
        await using (var failing = await Webhook.StartAsync(_ => (500, "oops", TimeSpan.Zero)))
        {
            await using var server = await ServerHost.StartWithArgsAsync(WebhookMode(failing));
            await using var client = await server.ConnectAsync();
            await client.SendAsync(Messages.Join("app_1"));
            Assert.Equal(1007, await client.ReceiveErrorCodeAsync());
        }

        await using var unreachable = await ServerHost.StartWithArgsAsync(["--Auth:Mode=webhook", $"--Auth:WebhookUrl=http://127.0.0.1:{ServerHost.FreePort()}/auth"]);
        await using var other = await unreachable.ConnectAsync();
        await other.SendAsync(Messages.Join("app_1"));
        Assert.Equal(1007, await other.ReceiveErrorCodeAsync());
        Assert.Empty(unreachable.Hub.GetStatus().Rooms);
    }

    private static string[] WebhookMode(Webhook webhook) => ["--Auth:Mode=webhook", $"--Auth:WebhookUrl={webhook.Url}"];

    /// <summary>A device registry's auth endpoint: Kestrel on a free loopback port, answering as told.</summary>
    private sealed class Webhook : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Webhook(WebApplication app, Uri url)
        {
            _app = app;
            Url = url;
        }

        public Uri Url { get; }

        public List<JsonElement> Requests { get; } = [];

        public static async Task<Webhook> StartAsync(Func<JsonElement, (int Status, string Body, TimeSpan Delay)> answer)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            Webhook? self = null;
            app.MapPost("/auth", async (HttpContext context) =>
            {
                var request = (await JsonDocument.ParseAsync(context.Request.Body)).RootElement.Clone();
                lock (self!.Requests)
                {
                    self.Requests.Add(request);
                }

                var (status, body, delay) = answer(request);
                try
                {
                    await Task.Delay(delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(body);
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            self = new Webhook(app, new Uri(new Uri(address), "/auth"));
            return self;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
