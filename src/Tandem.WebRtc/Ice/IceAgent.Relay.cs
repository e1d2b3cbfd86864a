using Microsoft.Extensions.Logging;
using Tandem.WebRtc.Turn;

namespace Tandem.WebRtc.Ice;

internal sealed partial class IceAgent
{
    private readonly List<TurnAllocation> _allocations = [];
    private readonly HashSet<TurnAllocation> _pendingAllocations = [];
    private readonly List<TurnError> _candidateErrors = [];
    private TimeSpan _relayDeadline;

    /// <summary>
    /// A TURN server could not give us a relayed candidate, or the allocation was lost (W3C
    /// <c>icecandidateerror</c>): the error names the server and says what to check.
    /// </summary>
    public event Action<TurnError>? CandidateError;

    /// <summary>Every TURN error so far (see <see cref="CandidateError"/>).</summary>
    public IReadOnlyList<TurnError> CandidateErrors { get { lock (_gate) { return [.. _candidateErrors]; } } }

    /// <summary>RFC 8445 §5.1.1.2: one allocation per TURN server; its relayed address becomes a candidate once allocated.</summary>
    private void StartAllocations()
    {
        _relayDeadline = Now + _options.Settings.TurnServerTimeout;
        var started = new List<TurnAllocation>(_options.TurnServers.Count);
        foreach (var server in _options.TurnServers)
        {
            started.Add(CreateAllocation(server));
        }

        // Started after the lists are complete: an allocation that fails at once re-enters under the lock.
        foreach (var allocation in started)
        {
            allocation.Start();
        }
    }

    private TurnAllocation CreateAllocation(TurnServer server)
    {
        var connection = _sockets.ConnectTurn(server, _options.Settings.SocketBufferSize, _options.Settings.TurnCertificateAuthorities);
        var allocation = new TurnAllocation(server, connection, _time);
        allocation.Allocated += OnAllocated;
        allocation.Failed += OnAllocationFailed;
        _allocations.Add(allocation);
        _pendingAllocations.Add(allocation);
        return allocation;
    }

    /// <summary>
    /// On our ICE restart: a live allocation is kept (its relayed candidate is raised again with the
    /// others); one that failed or was lost (its server stopped answering, the link broke, the credentials
    /// were refused) is dropped with its relayed candidate and its server is asked for a new one, so a
    /// restart can bring relayed connectivity back. Returns the new allocations, to start outside the lock.
    /// </summary>
    private List<TurnAllocation> ReplaceDeadAllocations()
    {
        var restarted = new List<TurnAllocation>();
        foreach (var dead in _allocations.FindAll(a => a.State is TurnAllocationState.Failed or TurnAllocationState.Closed))
        {
            _allocations.Remove(dead);
            var local = _locals.Find(l => l.Socket is IceRelaySocket relay && relay.Allocation == dead);
            if (local is not null)
            {
                _locals.Remove(local);
                _localCandidates.Remove(local.Candidate);
                local.Socket.Dispose();
            }

            restarted.Add(CreateAllocation(dead.Server));
        }

        if (restarted.Count > 0)
        {
            _relayDeadline = Now + _options.Settings.TurnServerTimeout;
        }

        return restarted;
    }

    private void OnAllocated(TurnAllocation allocation)
    {
        lock (_gate)
        {
            _pendingAllocations.Remove(allocation);
            if (_closed)
            {
                _ = allocation.Close();
                return;
            }

            var socket = new IceRelaySocket(allocation);
            var relayed = socket.LocalEndPoint;
            var mapped = allocation.MappedEndPoint;

            // RFC 8445 §5.1.2.1: among relayed candidates prefer UDP to the server, then TCP, then TLS (as libwebrtc does).
            var localPreference = (ushort)(IcePriority.MaxLocalPreference - ((int)allocation.Server.Transport * 1000) - Math.Min(ServerIndex(allocation.Server), 999));
            var candidate = new IceCandidate(
                IceFoundation.Compute(IceCandidateType.Relayed, relayed.Address, IceProtocol.Udp, new System.Net.DnsEndPoint(allocation.Server.Host, allocation.Server.Port)),
                1,
                IceProtocol.Udp,
                IcePriority.ForCandidate(IceCandidateType.Relayed, localPreference, 1),
                relayed.Address.ToString(),
                relayed.Port,
                IceCandidateType.Relayed,
                mapped?.Address.ToString(),
                mapped?.Port);
            var local = new IceLocalEndpoint(socket, candidate, localPreference);
            _locals.Add(local);
            AddLocalCandidate(candidate);
            socket.Start(OnDatagram);
            foreach (var remote in _remoteCandidates)
            {
                if (remote.EndPoint is { } endPoint && CanPair(local, endPoint))
                {
                    _checkList.Add(CreatePair(local, remote, endPoint));
                }
            }

            CheckGatheringDone();
            UpdateState();
        }

        FlushEvents();
    }

    private void OnAllocationFailed(TurnAllocation allocation, TurnError error)
    {
        lock (_gate)
        {
            _pendingAllocations.Remove(allocation);
            if (_closed)
            {
                return;
            }

            _candidateErrors.Add(error);
            if (_options.Logger is { } logger)
            {
                LogTurnError(logger, error.Message);
            }

            Raise(() => SubscriberDispatch.Invoke(CandidateError, error, "IceAgent.CandidateError", _options.Logger));
            CheckGatheringDone();
            UpdateState();
        }

        FlushEvents();
    }

    /// <summary>Relayed gathering is done once every allocation answered or failed, or the TURN deadline passed.</summary>
    private bool RelayGatheringDone() => _pendingAllocations.Count == 0 || Now >= _relayDeadline;

    /// <summary>
    /// Nothing can ever connect: gathering is over, not one local candidate exists, and a TURN server
    /// failed (relay-only with refused credentials, typically). ICE fails at once instead of waiting.
    /// </summary>
    private bool HasNoCandidateForGood() =>
        _gatheringState == IceGatheringState.Complete && _locals.Count == 0 && _candidateErrors.Count > 0;

    /// <summary>Closes allocations that never became candidates (the relayed endpoints close with the other sockets).</summary>
    private void CloseAllocations()
    {
        foreach (var allocation in _pendingAllocations)
        {
            _ = allocation.Close();
        }

        _pendingAllocations.Clear();
    }

    /// <summary>The server's place in <see cref="IceAgentOptions.TurnServers"/> (a replacement allocation keeps its predecessor's priority).</summary>
    private int ServerIndex(TurnServer server)
    {
        for (var i = 0; i < _options.TurnServers.Count; i++)
        {
            if (_options.TurnServers[i] == server)
            {
                return i;
            }
        }

        return 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "TURN: {Error}")]
    private static partial void LogTurnError(ILogger logger, string error);
}
