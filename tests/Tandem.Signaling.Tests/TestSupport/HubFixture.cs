using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tandem.Signaling.Hub;

namespace Tandem.Signaling.Tests.TestSupport;

/// <summary>
/// A hub on a fake clock, with helpers to connect fake clients and send them messages. Disposing it
/// checks the hub's invariants (counters recomputed from the state, rooms and clients linked both
/// ways), so every hub test ends with that check.
/// </summary>
internal sealed class HubFixture : IDisposable
{
    public HubFixture(SignalingOptions? options = null, ILogger<SignalingHub>? logger = null)
    {
        Hub = new SignalingHub(options ?? new SignalingOptions(), Time, logger ?? NullLogger<SignalingHub>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    public SignalingHub Hub { get; }

    public FakeConnection Connect(string remote = "127.0.0.1:40000")
    {
        var connection = new FakeConnection(Hub);
        Hub.Connect(remote, client =>
        {
            connection.Client = client;
            return connection;
        });
        return connection;
    }

    public void Send(FakeConnection connection, JsonNode message) => Hub.Receive(connection.Client, message.Bytes());

    public FakeConnection Joined(string id)
    {
        var connection = Connect();
        Send(connection, Messages.Join(id));
        return connection;
    }

    /// <summary>Glasses first (offerer), then the app; both role messages consumed.</summary>
    public (FakeConnection Glasses, FakeConnection App) Paired(string uid = "123456")
    {
        var glasses = Joined("glasses_" + uid);
        var app = Joined("app_" + uid);
        glasses.Clear();
        app.Clear();
        return (glasses, app);
    }

    /// <summary>Fails the test if the hub's counters or links disagree with its state.</summary>
    public void AssertInvariants() => Assert.Empty(Hub.CheckInvariants());

    public void Dispose()
    {
        var violations = Hub.CheckInvariants();
        Hub.Dispose();
        Assert.Empty(violations);
    }
}
