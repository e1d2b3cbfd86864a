using System.Net;
using Tandem.WebRtc.Stun;
using Tandem.WebRtc.Turn;

namespace Tandem.WebRtc.Tests.Turn;

/// <summary>
/// A link to a pretend TURN server: what the allocation sends is kept in <see cref="Sent"/>, and the test
/// answers with <see cref="Deliver"/> (no socket). Helpers build the server's answers as coturn does.
/// </summary>
internal sealed class FakeTurnConnection(bool isStream = false) : ITurnConnection
{
    public const string Realm = "tandem.test";
    private TurnFrameHandler? _onFrame;
    private Action<string>? _onClosed;

    public bool IsStream { get; } = isStream;

    public IPEndPoint? LocalEndPoint { get; } = new(IPAddress.Parse("192.168.1.2"), 50000);

    public int ReceiveBufferSize => 212992;

    public int SendBufferSize => 212992;

    public List<byte[]> Sent { get; } = [];

    public bool IsDisposed { get; private set; }

    /// <summary>When set, connecting fails with it.</summary>
    public string? ConnectFailure { get; init; }

    public Task ConnectAsync(TurnFrameHandler onFrame, Action<string> onClosed, CancellationToken cancellationToken)
    {
        if (ConnectFailure is { } failure)
        {
            throw new TurnConnectException(failure);
        }

        _onFrame = onFrame;
        _onClosed = onClosed;
        return Task.CompletedTask;
    }

    public void Send(ReadOnlySpan<byte> frame)
    {
        if (!IsDisposed)
        {
            Sent.Add(frame.ToArray());
        }
    }

    public void Dispose() => IsDisposed = true;

    public void Deliver(ReadOnlySpan<byte> frame) => _onFrame!(frame);

    public void Break(string reason) => _onClosed!(reason);

    /// <summary>The last request sent of a method (and its index in <see cref="Sent"/>).</summary>
    public byte[] LastRequest(StunMethod method) =>
        Sent.LastOrDefault(f => StunMessage.TryParse(f, out var m) && m.Class == StunClass.Request && m.Method == method)
        ?? throw new Xunit.Sdk.XunitException($"no {method} request was sent");

    public int Count(StunMethod method, StunClass stunClass = StunClass.Request) =>
        Sent.Count(f => StunMessage.TryParse(f, out var m) && m.Class == stunClass && m.Method == method);

    /// <summary>401 with REALM and NONCE (RFC 8489 §9.2.4), unsigned.</summary>
    public void AnswerUnauthorized(byte[] request, string nonce) => AnswerError(request, StunErrorCodes.Unauthorized, "Unauthorized", nonce, key: null);

    /// <summary>An error answer; 438 and 401 carry REALM and NONCE.</summary>
    public void AnswerError(byte[] request, int code, string reason, string? nonce, byte[]? key)
    {
        StunMessage.TryParse(request, out var message);
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunClass.ErrorResponse, message.Method, message.TransactionId);
        writer.AddErrorCode(code, reason);
        if (nonce is not null)
        {
            writer.AddRealm(Realm);
            writer.AddNonce(nonce);
        }

        if (key is not null)
        {
            writer.AddMessageIntegrity(key);
        }

        writer.AddFingerprint();
        Deliver(writer.Written);
    }

    /// <summary>A signed success answer; Allocate gets relayed and mapped addresses, Allocate and Refresh a LIFETIME.</summary>
    public void AnswerSuccess(byte[] request, byte[] key, uint lifetime = 600, IPEndPoint? relayed = null)
    {
        StunMessage.TryParse(request, out var message);
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, message.Method, message.TransactionId);
        if (message.Method == StunMethod.Allocate)
        {
            writer.AddXorRelayedAddress(relayed ?? new IPEndPoint(IPAddress.Parse("203.0.113.1"), 49200));
            writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("198.51.100.2"), 61000));
        }

        if (message.Method is StunMethod.Allocate or StunMethod.Refresh)
        {
            writer.AddLifetime(message.TryGetLifetime(out var asked) && asked == 0 ? 0 : lifetime);
        }

        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        Deliver(writer.Written);
    }

    /// <summary>A Data indication from <paramref name="peer"/>.</summary>
    public void DeliverData(IPEndPoint peer, byte[] data)
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunClass.Indication, StunMethod.Data, StunTransactionId.NewId());
        writer.AddXorPeerAddress(peer);
        writer.AddData(data);
        Deliver(writer.Written);
    }
}
