using System.Globalization;
using Tandem.Load.Checking;
using Tandem.Load.Messages;
using Tandem.Load.Net;
using Tandem.Load.Targets;

namespace Tandem.Load.Runner;

public sealed partial class LoadPeer
{
    private void OnMessage(ReadOnlySpan<byte> json, long receivedAt)
    {
        if (!MessageReader.TryRead(json, out var message))
        {
            Fail("bad-json");
            return;
        }

        switch (_protocol.Classify(message))
        {
            case IncomingKind.Ready:
                _ready.TrySetResult(message.Role);
                break;
            case IncomingKind.Signal:
                OnSignal(message, receivedAt);
                break;
            case IncomingKind.PeerLeft:
                _peerLeft.TrySetResult();
                break;
            case IncomingKind.Error:
                if (_protocol.IsRefusedSignal(message))
                {
                    _checker?.RecordRefused(Self.Pair, Self.Side);
                }

                Fail(_protocol.ErrorKey(message));
                break;
            default:
                break;
        }
    }

    private void OnSignal(in IncomingMessage message, long receivedAt)
    {
        if (message.Tag is not { } tag)
        {
            Fail("untagged");
            return;
        }

        var verdict = _checker?.RecordReceived(Self.Pair, Self.Side, tag.Pair, tag.Side, tag.Seq) ?? Delivery.Misrouted;
        if (verdict is Delivery.Misrouted or Delivery.Duplicate)
        {
            return;
        }

        _stats.MessageReceived(tag.Timestamp, receivedAt);
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            _received++;
            if (_waiter is not null && _received >= _waitTarget)
            {
                wake = _waiter;
                _waiter = null;
                _waitTarget = long.MaxValue;
            }
        }

        wake?.TrySetResult();
    }

    private void OnClosed(int? status)
    {
        if (!_closing)
        {
            Fail("close:" + (status is { } s ? s.ToString(CultureInfo.InvariantCulture) : "none"));
        }
    }

    private void Fail(string key)
    {
        // Only the first failure of a connection is counted: an error 1007 followed by the close
        // 1013 it announces is one failure, not two.
        if (_failed.TrySetResult(key))
        {
            _stats.AddError(key);
        }
    }

    // The client's callbacks, kept off LoadPeer's public surface.
    private sealed class Receiver(LoadPeer peer) : IWebSocketHandler
    {
        public void OnText(ReadOnlySpan<byte> message, long receivedAt) => peer.OnMessage(message, receivedAt);

        public void OnClosed(int? status) => peer.OnClosed(status);

        public void OnFailed(string key)
        {
            if (!peer._closing)
            {
                peer.Fail(key);
            }
        }
    }
}
