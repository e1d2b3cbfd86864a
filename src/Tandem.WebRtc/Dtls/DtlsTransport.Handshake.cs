using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.Tls;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Tandem.WebRtc.Dtls;

internal sealed partial class DtlsTransport
{
    /// <summary>
    /// Runs the handshake on a dedicated thread and completes when it succeeded.
    /// Call once, after the remote SDP gave the peer's fingerprint.
    /// </summary>
    /// <param name="remoteFingerprint">The peer's <c>a=fingerprint</c>; its certificate must match it.</param>
    /// <param name="cancellationToken">Aborts the handshake.</param>
    /// <exception cref="DtlsHandshakeException">Fingerprint mismatch, fatal alert, timeout or closure; <see cref="State"/> is then Failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">A handshake was already started (running, finished or failed).</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their first parameter's type (one fingerprint or several), so no call is ambiguous.")]
    public Task ConnectAsync(DtlsFingerprint remoteFingerprint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteFingerprint);
        return ConnectAsync([remoteFingerprint], cancellationToken);
    }

    /// <summary>
    /// Runs the handshake; the peer's certificate must match any one of <paramref name="remoteFingerprints"/>
    /// (RFC 8122 §5: an SDP may carry several <c>a=fingerprint</c> lines).
    /// </summary>
    /// <param name="remoteFingerprints">The peer's fingerprints from SDP; at least one.</param>
    /// <param name="cancellationToken">Aborts the handshake.</param>
    /// <exception cref="DtlsHandshakeException">Fingerprint mismatch, fatal alert, timeout or closure; <see cref="State"/> is then Failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">A handshake was already started (running, finished or failed).</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their first parameter's type (one fingerprint or several), so no call is ambiguous.")]
    public async Task ConnectAsync(IReadOnlyList<DtlsFingerprint> remoteFingerprints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteFingerprints);
        ArgumentOutOfRangeException.ThrowIfZero(remoteFingerprints.Count);
        if (!SetState(DtlsState.Connecting))
        {
            throw new InvalidOperationException(
                $"The DTLS handshake cannot start in state {State}: a DtlsTransport runs one handshake; create a new one for a new DTLS session.");
        }

        var handshake = new DtlsHandshakeContext(LocalCertificate, remoteFingerprints.ToArray(), Role, Options);
        handshake.AlertReceived = OnAlertReceived;
        _handshake = handshake;

        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.HandshakeTimeout);
        BcDtlsTransport connection;
        try
        {
            // Cancelling closes the adapter, which makes BouncyCastle's blocked receive throw.
            using (deadline.Token.Register(_adapter.Close))
            {
                connection = await Task.Factory.StartNew(
                    () => Handshake(handshake),
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default).ConfigureAwait(false);
            }

            deadline.Token.ThrowIfCancellationRequested();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            string reason = handshake.FailureReason
                ?? (State == DtlsState.Failed ? FailureReason : null)
                ?? (cancellationToken.IsCancellationRequested ? "The DTLS handshake was cancelled."
                : deadline.IsCancellationRequested ? $"The DTLS handshake timed out after {Options.HandshakeTimeout}."
                : State == DtlsState.Closed ? "The DTLS transport was closed during the handshake."
                : $"The DTLS handshake failed: {ex.Message}");
            Fail(reason);
            cancellationToken.ThrowIfCancellationRequested();
            throw new DtlsHandshakeException(reason, ex);
        }

        _handshakeDuration = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        _connection = connection;
        Volatile.Write(ref _sendLimit, connection.GetSendLimit());
        EnableRecordProtection(handshake);
        if (!SetState(DtlsState.Connected))
        {
            connection.Close();
            throw new DtlsHandshakeException(FailureReason ?? "The DTLS transport was closed during the handshake.");
        }

        // Only now, after the Connected handlers ran: records that came earlier wait in BouncyCastle's
        // queue, which the receive loop below starts draining.
        _delivering = true;
        var receiver = new Thread(() => ReceiveLoop(connection))
        {
            IsBackground = true,
            Name = "dtls-receive",
        };
        receiver.Start();
    }

    private BcDtlsTransport Handshake(DtlsHandshakeContext handshake)
    {
        if (Role == DtlsRole.Client)
        {
            return new DtlsClientProtocol().Connect(new DtlsBcClient(handshake), _adapter);
        }

        // No HelloVerifyRequest cookie round trip: ICE connectivity checks have already proved the peer's address.
        return new DtlsServerProtocol { VerifyRequests = false }.Accept(new DtlsBcServer(handshake), _adapter);
    }

    private void OnAlertReceived(short level, short description)
    {
        if (level == AlertLevel.fatal)
        {
            Fail($"The peer sent a fatal DTLS alert: {AlertDescription.GetText(description)}.");
        }
        else if (description == AlertDescription.close_notify && State == DtlsState.Connected)
        {
            SetState(DtlsState.Closed);
        }
    }
}
