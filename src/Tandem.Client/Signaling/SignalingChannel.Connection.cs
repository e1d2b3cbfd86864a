using System.Net.WebSockets;

namespace Tandem.Client.Signaling;

public sealed partial class SignalingChannel
{
    // PROTOCOL.md R20: the server closes a connection whose slot a newer one took; reconnecting would
    // only take the slot back from that newer connection.
    private const int ReplacedCloseCode = 4001;

    private async Task ConnectAndJoinAsync(SignalingState connectingState, CancellationToken cancellationToken)
    {
        SetState(connectingState);
        var socket = new ClientWebSocket();
        var certificates = new ServerCertificateCheck(_options.CertificateAuthorities);
        socket.Options.RemoteCertificateValidationCallback = certificates.Validate;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
            timeout.CancelAfter(_options.ConnectTimeout);
            await socket.ConnectAsync(_options.Server, timeout.Token).ConfigureAwait(false);
            _socket = socket;
            _role = null;
            await SendRawAsync(ClientMessages.Join(DeviceId, ClientMessages.Micros(_options.Time)), timeout.Token).ConfigureAwait(false);
            SetState(SignalingState.Joined);
        }
        catch (Exception) when (certificates.Refusal is { } refusal)
        {
            _socket = null;
            socket.Dispose();
            throw new SignalingException($"cannot connect to {_options.Server}: {refusal.Message}", refusal);
        }
        catch
        {
            _socket = null;
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Receives until the socket ends, then reconnects with backoff, until disposed or replaced.</summary>
    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var closeCode = await ReceiveUntilClosedAsync(_socket!).ConfigureAwait(false);
            _socket = null;
            if (_stopping || _stop.IsCancellationRequested)
            {
                return;
            }

            if (closeCode == ReplacedCloseCode)
            {
                SetState(SignalingState.Closed);
                return;
            }

            if (!await ReconnectAsync().ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task<bool> ReconnectAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            SetState(SignalingState.Reconnecting);
            try
            {
                await Task.Delay(ReconnectDelay(attempt), _options.Time, _stop.Token).ConfigureAwait(false);
                await ConnectAndJoinAsync(SignalingState.Reconnecting, _stop.Token).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e) when (IsConnectFailure(e))
            {
                // Server not back yet: try again after a longer delay.
            }
        }
    }

    /// <summary>Exponential backoff with jitter: a random delay in [d/2, d], d = min(max, min·2^attempt).</summary>
    private TimeSpan ReconnectDelay(int attempt)
    {
        var ceiling = Math.Min(_options.MaxReconnectDelay.TotalMilliseconds, _options.MinReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 20)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    // An untrusted certificate is not retried at start: trying again cannot change it, and the caller has to act.
    private static bool IsUntrusted(Exception e) => e.InnerException is UntrustedServerCertificateException;

    private static bool IsConnectFailure(Exception e) =>
        e is WebSocketException or HttpRequestException or OperationCanceledException or SignalingException or IOException;
}
