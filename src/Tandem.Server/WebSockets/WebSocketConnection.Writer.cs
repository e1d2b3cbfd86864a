using System.Net.WebSockets;
using Tandem.Signaling.Protocol;

namespace Tandem.Server.WebSockets;

internal sealed partial class WebSocketConnection
{
    /// <summary>
    /// Sends queued messages in order. When the hub closes the connection, what was queued before
    /// the close is sent first, then the close frame; the peer then has a few seconds to answer it.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        var broken = false;
        await foreach (var message in _outbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (!broken && _socket.State == WebSocketState.Open)
                {
                    await _socket.SendAsync(message.Memory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                    _hub.Delivered(Client, message);
                }
                else
                {
                    _hub.Discarded(Client, message);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                broken = true;
                _hub.Discarded(Client, message);
            }
            finally
            {
                message.Release();
            }
        }

        if (_closeCode != 0 && !broken)
        {
            await SendCloseAsync().ConfigureAwait(false);
        }
    }

    private async Task SendCloseAsync()
    {
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync((WebSocketCloseStatus)_closeCode, _closeReason, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The socket is already gone; the receive loop ends on its own.
        }
        finally
        {
            CancelReceiveAfterGrace();
        }
    }

    private void CancelReceiveAfterGrace()
    {
        try
        {
            _receiveCancel.CancelAfter(CloseHandshakeTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The receive loop already ended.
        }
    }
}
