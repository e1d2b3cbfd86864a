using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Tandem.WebRtc.Ice;

internal sealed partial class IceAgent
{
    private TimeSpan _nextAddressPollAt;

    /// <summary>The machine's addresses at the previous poll: an address is new only once.</summary>
    private IReadOnlyList<IPAddress>? _knownAddresses;

    /// <summary>
    /// Every <see cref="IceSettings.AddressPollInterval"/> (on the Ta timer, outside the lock: listing
    /// interfaces reads the kernel): a host candidate whose address left the machine is dropped, and a
    /// restart is asked for when the selected pair used it, or when a new address appears while the path is down.
    /// </summary>
    private void WatchAddresses()
    {
        var interval = _options.Settings.AddressPollInterval;
        if (interval <= TimeSpan.Zero || _options.TransportPolicy == IceTransportPolicy.Relay)
        {
            return;
        }

        lock (_gate)
        {
            var now = Now;
            if (_closed || _gatheringState == IceGatheringState.New || now < _nextAddressPollAt)
            {
                return;
            }

            _nextAddressPollAt = now + interval;
        }

        IReadOnlyList<IPAddress> present;
        try
        {
            present = _sockets.GetLocalAddresses(includeLoopback: true, includeIPv6: true);
        }
        catch (NetworkInformationException)
        {
            return;
        }

        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            var known = _knownAddresses;
            _knownAddresses = present;
            var hosts = _locals.Count;
            if (DropVanishedHosts(present))
            {
                MarkPathDown(Now, IceRestartReason.LocalAddressLost);
            }
            else if ((_pathDown || _consentLost) && known is not null
                && WantedHostAddresses(present).Exists(a => FindHost(a) is null && !known.Contains(a)))
            {
                AskRestart(IceRestartReason.NewLocalAddress, force: true);
            }
            else if (hosts == _locals.Count)
            {
                return;
            }

            UpdateState();
        }

        FlushEvents();
    }

    /// <summary>
    /// On our ICE restart (RFC 8445 §9 "gathers again"): host candidates follow the machine's addresses,
    /// vanished ones dropped and new ones bound, trickled and asked for server-reflexive candidates.
    /// </summary>
    private void RefreshHostCandidates()
    {
        if (_options.TransportPolicy == IceTransportPolicy.Relay)
        {
            return;
        }

        IReadOnlyList<IPAddress> present;
        try
        {
            present = _sockets.GetLocalAddresses(includeLoopback: true, includeIPv6: true);
        }
        catch (NetworkInformationException)
        {
            return;
        }

        if (DropVanishedHosts(present))
        {
            _pathDown = true;
            _pathDownAt = Now;
        }

        var added = BindHostCandidates(WantedHostAddresses(present));
        foreach (var local in added)
        {
            foreach (var remote in _remoteCandidates)
            {
                if (remote.EndPoint is { } endPoint && CanPair(local, endPoint))
                {
                    _checkList.Add(CreatePair(local, remote, endPoint));
                }
            }
        }

        if (added.Count > 0)
        {
            StartServerBindings(added);
        }
    }

    /// <summary>What <see cref="HostAddresses"/> would gather on, filtered from the full list (no second interface walk).</summary>
    private List<IPAddress> WantedHostAddresses(IReadOnlyList<IPAddress> present) =>
        _options.LocalAddresses is { } fixedAddresses ? [.. fixedAddresses.Where(present.Contains)]
            : [.. present.Where(a => (_options.IncludeLoopback || !IPAddress.IsLoopback(a))
                && (_options.EnableIPv6 || a.AddressFamily == AddressFamily.InterNetwork))];

    /// <summary>Removes host endpoints whose address is no longer on the machine; true when the pair in use was one of them.</summary>
    private bool DropVanishedHosts(IReadOnlyList<IPAddress> present)
    {
        var inUse = false;
        foreach (var local in _locals.ToArray())
        {
            if (local.Candidate.Type != IceCandidateType.Host || present.Contains(local.Socket.LocalEndPoint.Address))
            {
                continue;
            }

            inUse |= _selected?.LocalEndpoint == local || _sendPair?.LocalEndpoint == local;
            RemoveHost(local);
        }

        return inUse;
    }

    /// <summary>
    /// Forgets a host endpoint: its candidates (the server-reflexive ones on its base too), its pairs and
    /// transactions; the socket is closed (a pair still selected on it sends nothing: Send after close is a drop).
    /// </summary>
    private void RemoveHost(IceLocalEndpoint local)
    {
        var endPoint = local.Socket.LocalEndPoint;
        _locals.Remove(local);
        _localCandidates.RemoveAll(c => c == local.Candidate
            || (c.Type == IceCandidateType.ServerReflexive && c.RelatedPort == endPoint.Port && c.RelatedAddress == endPoint.Address.ToString()));
        foreach (var pair in _checkList.Pairs)
        {
            if (pair.LocalEndpoint == local && pair != _selected)
            {
                FailPair(pair);
            }
        }

        RemoveTransactions(t => t.Socket == local.Socket);
        local.Socket.Dispose();
    }

    private IceLocalEndpoint? FindHost(IPAddress address) =>
        _locals.Find(l => l.Candidate.Type == IceCandidateType.Host && l.Socket.LocalEndPoint.Address.Equals(address));
}
