using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Ice;

internal sealed partial class IceAgent
{
    /// <summary>
    /// Starts gathering (if not started) and completes when it is done. Host candidates are
    /// raised through <see cref="LocalCandidateGathered"/> at once, server-reflexive ones as STUN
    /// servers answer (at most <see cref="IceSettings.StunServerTimeout"/>), relayed ones as TURN
    /// allocations succeed (at most <see cref="IceSettings.TurnServerTimeout"/>).
    /// </summary>
    public Task GatherAsync(CancellationToken cancellationToken = default)
    {
        StartGathering();
        return _gatheringDone.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Starts gathering and the agent's Ta timer; returns at once.</summary>
    public void StartGathering()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_gatheringState != IceGatheringState.New)
            {
                return;
            }

            _gatheringStartedAt = _time.GetUtcNow();
            SetGatheringState(IceGatheringState.Gathering);
            var relayOnly = _options.TransportPolicy == IceTransportPolicy.Relay;
            if (!relayOnly)
            {
                BindHostCandidates(_options.LocalAddresses ?? HostAddresses());
            }

            foreach (var remote in _remoteCandidates)
            {
                if (remote.EndPoint is { } endPoint)
                {
                    FormPairs(remote, endPoint);
                }
            }

            if (!relayOnly)
            {
                StartServerBindings(_locals);
            }

            StartAllocations();
            _tickPeriod = _options.Settings.Ta;
            _timer = _time.CreateTimer(_ => OnTick(), null, _options.Settings.Ta, _options.Settings.Ta);
            CheckGatheringDone();
            UpdateState();
        }

        FlushEvents();
    }

    /// <summary>Binds a host candidate on each address that has none yet; returns the new ones.</summary>
    private List<IceLocalEndpoint> BindHostCandidates(IReadOnlyList<IPAddress> addresses)
    {
        var added = new List<IceLocalEndpoint>();
        for (var i = 0; i < addresses.Count; i++)
        {
            var address = addresses[i];
            if (FindHost(address) is not null)
            {
                continue;
            }

            IIceSocket socket;
            try
            {
                socket = _sockets.Bind(address, _options.Settings.SocketBufferSize);
            }
            catch (SocketException)
            {
                // An address that vanished or cannot be bound is simply not a candidate.
                continue;
            }

            // RFC 8445 §5.1.2.1 / RFC 8421: prefer IPv6, then interface order.
            var localPreference = (ushort)((address.AddressFamily == AddressFamily.InterNetworkV6 ? 60000 : 50000) - Math.Min(i, 1000));
            var candidate = new IceCandidate(
                IceFoundation.Compute(IceCandidateType.Host, address, IceProtocol.Udp),
                1,
                IceProtocol.Udp,
                IcePriority.ForCandidate(IceCandidateType.Host, localPreference, 1),
                socket.LocalEndPoint.Address.ToString(),
                socket.LocalEndPoint.Port,
                IceCandidateType.Host);
            var local = new IceLocalEndpoint(socket, candidate, localPreference);
            _locals.Add(local);
            added.Add(local);
            AddLocalCandidate(candidate);
            socket.Start(OnDatagram);
        }

        return added;
    }

    /// <summary>
    /// The addresses of every up interface. On a machine with no interface but loopback (a container,
    /// a laptop offline) that is nothing, and no peer could ever be reached: then gather on loopback,
    /// which still reaches peers on this machine, and say so once per agent in the log.
    /// </summary>
    private IReadOnlyList<IPAddress> HostAddresses()
    {
        var addresses = _sockets.GetLocalAddresses(_options.IncludeLoopback, _options.EnableIPv6);
        if (addresses.Count > 0 || _options.IncludeLoopback)
        {
            return addresses;
        }

        var loopback = _sockets.GetLocalAddresses(includeLoopback: true, _options.EnableIPv6);
        if (loopback.Count > 0 && _options.Logger is { } logger)
        {
            LogLoopbackFallback(logger, string.Join(", ", loopback));
        }

        return loopback;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "no network interface but loopback: ICE gathers on {Addresses}, so only peers on this machine can connect")]
    private static partial void LogLoopbackFallback(ILogger logger, string addresses);

    private void StartServerBindings(IReadOnlyList<IceLocalEndpoint> locals)
    {
        var now = Now;
        _gatheringDeadline = now + _options.Settings.StunServerTimeout;
        Span<byte> buffer = stackalloc byte[128];
        foreach (var server in _options.StunServers)
        {
            foreach (var local in locals)
            {
                if (local.Socket.LocalEndPoint.AddressFamily != server.AddressFamily)
                {
                    continue;
                }

                var id = StunTransactionId.NewId();
                var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, id);
                if (_options.Settings.Software is { } software)
                {
                    writer.AddSoftware(software);
                }

                writer.AddFingerprint();
                var transaction = new IceTransaction(id, IceTransactionKind.ServerBinding, writer.Written.ToArray(), local.Socket, server.Serialize())
                {
                    Server = server,
                    MaxAttempts = 4,
                };
                Send(transaction, now);
            }
        }
    }

    /// <summary>RFC 8445 §5.1.1.2: a server-reflexive candidate from a STUN server's answer.</summary>
    private void OnServerBindingResponse(IceTransaction transaction, StunMessage response)
    {
        IPEndPoint? mapped = null;
        if (response.Class != StunClass.SuccessResponse
            || !(response.TryGetXorMappedAddress(out mapped) || response.TryGetMappedAddress(out mapped))
            || mapped is null)
        {
            return;
        }

        var local = FindLocal(transaction.Socket);
        if (local is null || mapped.Equals(transaction.Socket.LocalEndPoint))
        {
            return;
        }

        var baseAddress = transaction.Socket.LocalEndPoint;
        var candidate = new IceCandidate(
            IceFoundation.Compute(IceCandidateType.ServerReflexive, baseAddress.Address, IceProtocol.Udp, transaction.Server),
            1,
            IceProtocol.Udp,
            IcePriority.ForCandidate(IceCandidateType.ServerReflexive, local.LocalPreference, 1),
            mapped.Address.ToString(),
            mapped.Port,
            IceCandidateType.ServerReflexive,
            baseAddress.Address.ToString(),
            baseAddress.Port);
        if (!_localCandidates.Contains(candidate))
        {
            AddLocalCandidate(candidate);
        }
    }

    private void AddLocalCandidate(IceCandidate candidate)
    {
        _localCandidates.Add(candidate);
        RaiseCandidate(candidate);
    }

    private void RaiseCandidate(IceCandidate candidate) =>
        Raise(() => SubscriberDispatch.Invoke(LocalCandidateGathered, candidate, "IceAgent.LocalCandidateGathered", _options.Logger));

    /// <summary>Gathering is complete once no STUN server request is outstanding (or the deadline passed).</summary>
    private void CheckGatheringDone()
    {
        if (_gatheringState != IceGatheringState.Gathering)
        {
            return;
        }

        var pending = false;
        foreach (var transaction in _transactions.Values)
        {
            pending |= transaction.Kind == IceTransactionKind.ServerBinding;
        }

        if ((!pending || Now >= _gatheringDeadline) && RelayGatheringDone())
        {
            SetGatheringState(IceGatheringState.Complete);
        }
    }

    private IceLocalEndpoint? FindLocal(IIceSocket socket) => _locals.Find(l => l.Socket == socket);
}
