using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;

namespace Tandem.Load.Net;

public sealed partial class WebSocketClient
{
    // A signaling message is a few kB; anything past this is a broken or hostile server.
    private const int MaxMessageBytes = 16 * 1024 * 1024;

    private byte[] _buffer;
    private int _start;
    private int _end;
    // A fragmented message (§5.4) is gathered here; unfragmented ones are read in place.
    private ArrayBufferWriter<byte>? _fragments;
    private bool _inMessage;
    private bool _messageIsText;

    private enum LoopState
    {
        Continue,
        Closed,
        Failed,
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                if (_end > _start)
                {
                    var state = ParseFrames(Stopwatch.GetTimestamp(), out var needed);
                    if (_replies.Count > 0)
                    {
                        await SendAsync(_replies.Frames, CancellationToken.None).ConfigureAwait(false);
                        _replies.Clear();
                    }

                    if (state != LoopState.Continue)
                    {
                        return;
                    }

                    MakeRoom(needed);
                }
                else
                {
                    _start = _end = 0;
                }

                var n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None).ConfigureAwait(false);
                if (n == 0)
                {
                    // §7.1.5: the TCP connection closed without a close frame.
                    Report("socket");
                    return;
                }

                _end += n;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Report("socket");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Report(string key)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _handler.OnFailed(key);
        }
    }

    // Moves an incomplete frame to the front and grows the buffer when the frame is larger than it.
    private void MakeRoom(int needed)
    {
        var pending = _end - _start;
        if (needed > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(needed);
            _buffer.AsSpan(_start, pending).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }

        _start = 0;
        _end = pending;
    }

    private LoopState ParseFrames(long receivedAt, out int needed)
    {
        needed = 0;
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var status = WebSocketFrameHeader.TryRead(available, out var header);
            if (status == OperationStatus.NeedMoreData)
            {
                needed = WebSocketFrameHeader.MaxLength;
                return LoopState.Continue;
            }

            // §5.1: a client MUST close the connection on a masked frame from the server.
            if (status == OperationStatus.InvalidData || header.Masked)
            {
                return Fail("protocol");
            }

            if (header.PayloadLength > MaxMessageBytes)
            {
                return Fail("too-big");
            }

            if (available.Length < header.FrameLength)
            {
                needed = (int)header.FrameLength;
                return LoopState.Continue;
            }

            var payload = available.Slice(header.HeaderLength, (int)header.PayloadLength);
            _start += (int)header.FrameLength;
            var state = OnFrame(header, payload, receivedAt);
            if (state != LoopState.Continue)
            {
                return state;
            }

            if (_start == _end)
            {
                _start = _end = 0;
                return LoopState.Continue;
            }
        }
    }

    private LoopState OnFrame(in WebSocketFrameHeader header, ReadOnlySpan<byte> payload, long receivedAt)
    {
        switch (header.Opcode)
        {
            case WebSocketOpcode.Text or WebSocketOpcode.Binary when !_inMessage:
                if (header.Fin)
                {
                    if (header.Opcode == WebSocketOpcode.Text)
                    {
                        _handler.OnText(payload, receivedAt);
                    }

                    return LoopState.Continue;
                }

                _inMessage = true;
                _messageIsText = header.Opcode == WebSocketOpcode.Text;
                _fragments ??= new ArrayBufferWriter<byte>();
                _fragments.ResetWrittenCount();
                _fragments.Write(payload);
                return LoopState.Continue;
            case WebSocketOpcode.Continuation when _inMessage:
                if (_fragments!.WrittenCount + payload.Length > MaxMessageBytes)
                {
                    return Fail("too-big");
                }

                _fragments.Write(payload);
                if (header.Fin)
                {
                    _inMessage = false;
                    if (_messageIsText)
                    {
                        _handler.OnText(_fragments.WrittenSpan, receivedAt);
                    }
                }

                return LoopState.Continue;
            case WebSocketOpcode.Ping:
                // §5.5.3: a pong echoes the ping's application data.
                _replies.Append(WebSocketOpcode.Pong, payload);
                return LoopState.Continue;
            case WebSocketOpcode.Pong:
                return LoopState.Continue;
            case WebSocketOpcode.Close:
                return OnClose(payload);
            default:
                // §5.4: a continuation outside a message, or a new data frame inside one.
                return Fail("protocol");
        }
    }

    private LoopState OnClose(ReadOnlySpan<byte> payload)
    {
        // §5.5.1: the body, if any, starts with a 2-byte status code; a 1-byte body is malformed.
        if (payload.Length == 1)
        {
            return Fail("protocol");
        }

        int? status = payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : null;
        if (Interlocked.Exchange(ref _closeSent, 1) == 0)
        {
            // §5.5.1: the endpoint that receives a close first answers with a close, typically echoing the status.
            _replies.Append(WebSocketOpcode.Close, payload.Length >= 2 ? payload[..2] : []);
        }

        _handler.OnClosed(status);
        return LoopState.Closed;
    }

    private LoopState Fail(string key)
    {
        Report(key);
        return LoopState.Failed;
    }
}
