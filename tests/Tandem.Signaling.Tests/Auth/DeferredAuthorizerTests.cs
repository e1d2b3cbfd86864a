using Tandem.Signaling.Auth;
using Tandem.Signaling.Clients;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Tests.TestSupport;

namespace Tandem.Signaling.Tests.Auth;

/// <summary>An authorizer that answers later (the webhook's shape): the join waits for it, then proceeds or is refused.</summary>
public class DeferredAuthorizerTests
{
    [Fact]
    public void Join_AllowedLater_JoinsThen()
    {
        var authorizer = new Deferred();
        using var fx = new HubFixture(authorizer: _ => authorizer);
        var client = fx.Connect(urlToken: "t0");
        fx.Send(client, Messages.Join("app_123456"));
        Assert.Equal(ConnectionState.Connected, client.Client.State);
        Assert.Empty(fx.Hub.GetStatus().Rooms);
        Assert.Equal("t0", Assert.Single(authorizer.Requests).Token);

        authorizer.Answer(JoinVerdict.Allow);
        Assert.Equal(ConnectionState.Joined, client.Client.State);
        Assert.Empty(client.Errors);
    }

    [Fact]
    public void Join_DeniedLater_1008WithTheMessage_NoStateChange()
    {
        var authorizer = new Deferred();
        using var fx = new HubFixture(authorizer: _ => authorizer);
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456", "tok"));
        authorizer.Answer(JoinVerdict.Deny("not your glasses: pair them in the app first"));
        Assert.Equal(1008, client.LastErrorCode());
        Assert.Equal("not your glasses: pair them in the app first", client.Last.GetProperty("data").GetProperty("error_message").GetString());
        Assert.Null(client.Client.Room);
        Assert.Empty(fx.Hub.GetStatus().Rooms);
    }

    [Fact]
    public void Join_AuthorizerFails_1007_NotCountedAsBad()
    {
        var authorizer = new Deferred();
        using var fx = new HubFixture(authorizer: _ => authorizer);
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456", "tok"));
        authorizer.Fail(new InvalidOperationException("boom"));
        Assert.Equal(1007, client.LastErrorCode());
        Assert.Null(client.Client.Room);
    }

    [Fact]
    public void SecondJoin_WhileFirstIsChecked_1003_FirstStillDecides()
    {
        var authorizer = new Deferred();
        using var fx = new HubFixture(authorizer: _ => authorizer);
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456", "tok"));
        fx.Send(client, Messages.Join("app_123456", "tok"));
        Assert.Equal(1003, client.LastErrorCode());
        authorizer.Answer(JoinVerdict.Allow, index: 0);
        Assert.Equal(ConnectionState.Joined, client.Client.State);
    }

    [Fact]
    public void Join_ClientGoneBeforeTheAnswer_NothingHappens()
    {
        var authorizer = new Deferred();
        using var fx = new HubFixture(authorizer: _ => authorizer);
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456", "tok"));
        fx.Hub.Disconnected(client.Client, "socket closed");
        authorizer.Answer(JoinVerdict.Allow);
        Assert.Empty(fx.Hub.GetStatus().Rooms);
        Assert.Empty(client.Received);
    }

    private sealed class Deferred : IJoinAuthorizer
    {
        private readonly List<TaskCompletionSource<JoinVerdict>> _pending = [];

        public List<JoinRequest> Requests { get; } = [];

        public ValueTask<JoinVerdict> AuthorizeAsync(JoinRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            var source = new TaskCompletionSource<JoinVerdict>();
            _pending.Add(source);
            return new(source.Task);
        }

        public void Answer(JoinVerdict verdict, int index = -1) => Complete(() => _pending[index < 0 ? _pending.Count - 1 : index].SetResult(verdict));

        public void Fail(Exception error) => Complete(() => _pending[^1].SetException(error));

        /// <summary>
        /// Completes without xunit's synchronization context, as a webhook's answer would arrive on a pool
        /// thread: the hub's continuation then runs inline, so the hub has handled the answer on return.
        /// </summary>
        private static void Complete(Action complete)
        {
            var context = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(null);
            try
            {
                complete();
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(context);
            }
        }
    }
}
