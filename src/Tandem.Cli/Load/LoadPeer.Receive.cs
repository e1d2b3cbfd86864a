using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using Tandem.Cli.Checking;
using Tandem.Cli.Messages;
using Tandem.Cli.Targets;

namespace Tandem.Cli.Load;

public sealed partial class LoadPeer
{
    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_initialBuffer);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    OnClosed();
                    return;
                }

                length += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var receivedAt = Stopwatch.GetTimestamp();
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    OnMessage(buffer.AsSpan(0, length), receivedAt);
                }

                length = 0;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (!_closing)
            {
                Fail("socket");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

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

    private void OnSignal(IncomingMessage message, long receivedAt)
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

    private void OnClosed()
    {
        if (!_closing)
        {
            var status = _socket.CloseStatus is { } s ? ((int)s).ToString(CultureInfo.InvariantCulture) : "none";
            Fail("close:" + status);
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
}
