namespace Tandem.WebRtc.Ice;

internal sealed partial class IceAgent
{
    /// <summary>
    /// Sets the peer's ufrag and password. Setting different ones later is the peer's ICE restart
    /// (RFC 8445 §9): the check list and remote candidates start over, while the selected pair keeps
    /// carrying data (and consent checks, with the old password) until a new pair is selected.
    /// </summary>
    public void SetRemoteCredentials(IceCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        lock (_gate)
        {
            if (_closed || credentials == _remoteCredentials)
            {
                return;
            }

            if (_remoteCredentials is not null)
            {
                StartNewGeneration();
            }

            _remoteCredentials = credentials;
            UpdateState();
        }

        FlushEvents();
    }

    /// <summary>
    /// Adds a remote candidate (trickled or from SDP), at any time. Returns false when it is ignored:
    /// unparsable, not UDP, not component 1, a duplicate, of an older generation (its <c>ufrag</c>
    /// differs), or a hostname that is not mDNS. mDNS <c>.local</c> candidates are kept; they are
    /// paired only if resolved (<see cref="IceSettings.ResolveMdnsCandidates"/>); otherwise the
    /// peer's checks reveal its address as a peer-reflexive candidate.
    /// </summary>
    public bool AddRemoteCandidate(string candidateLine) =>
        IceCandidate.TryParse(candidateLine, out var candidate) && AddRemoteCandidate(candidate!);

    /// <inheritdoc cref="AddRemoteCandidate(string)"/>
    public bool AddRemoteCandidate(IceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        bool added;
        lock (_gate)
        {
            added = AddRemoteCandidateLocked(candidate);
            UpdateState();
        }

        FlushEvents();
        if (added && candidate.IsMdns && _options.Settings.ResolveMdnsCandidates)
        {
            _ = ResolveMdnsAsync(candidate);
        }

        return added;
    }

    /// <summary>The peer signaled <c>a=end-of-candidates</c> (RFC 8838 §8.2); later candidates are still accepted.</summary>
    public void SetRemoteEndOfCandidates()
    {
        lock (_gate)
        {
            _remoteEndOfCandidates = true;
            UpdateState();
        }

        FlushEvents();
    }

    /// <summary>
    /// Starts an ICE restart on our side (RFC 8445 §9): new local credentials (returned, to signal),
    /// candidates raised again through <see cref="LocalCandidateGathered"/>, host candidates gathered
    /// again (those of vanished addresses dropped, new addresses bound). Checks with the old
    /// credentials are still answered until a pair of the new generation is selected. Live TURN
    /// allocations are kept; a TURN server whose allocation failed or was lost is asked for a new one,
    /// whose relayed candidate follows as it is allocated.
    /// </summary>
    public IceCredentials RestartIce()
    {
        IceCredentials credentials;
        List<Turn.TurnAllocation> restarted = [];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _previousLocalCredentials = _localCredentials;

            // The peer's connection on the selected path knows us by the ufrag it was checked with.
            if (_selected is { } selected)
            {
                selected.PeerKnowsUsAs ??= _localCredentials.Ufrag;
            }

            _localCredentials = credentials = IceCredentials.Generate();
            if (_gatheringState != IceGatheringState.New)
            {
                SetGatheringState(IceGatheringState.Gathering);
                restarted = ReplaceDeadAllocations();
                foreach (var candidate in _localCandidates)
                {
                    RaiseCandidate(candidate);
                }

                // After the re-raise: the candidates of new addresses are raised once, as they are bound.
                RefreshHostCandidates();

                // Complete now, or once the new allocations answer (at most TurnServerTimeout).
                CheckGatheringDone();
            }
        }

        FlushEvents();
        foreach (var allocation in restarted)
        {
            allocation.Start();
        }

        return credentials;
    }

    private bool AddRemoteCandidateLocked(IceCandidate candidate)
    {
        if (_closed || candidate.Protocol != IceProtocol.Udp || candidate.Component != 1
            || (candidate.Ufrag is { } ufrag && _remoteCredentials is not null && ufrag != _remoteCredentials.Ufrag)
            || _remoteCandidates.Contains(candidate))
        {
            return false;
        }

        if (candidate.EndPoint is not { } endPoint)
        {
            if (!candidate.IsMdns)
            {
                return false;
            }

            _remoteCandidates.Add(candidate);
            return true;
        }

        if (FindRemote(endPoint) is not null)
        {
            return false;
        }

        _remoteCandidates.Add(candidate);
        FormPairs(candidate, endPoint);
        return true;
    }

    /// <summary>RFC 8445 §6.1.2.2: pair the remote candidate with every local base of the same address family.</summary>
    private void FormPairs(IceCandidate remote, System.Net.IPEndPoint endPoint)
    {
        foreach (var local in _locals)
        {
            if (CanPair(local, endPoint))
            {
                _checkList.Add(CreatePair(local, remote, endPoint));
            }
        }
    }

    /// <summary>Same address family, and loopback only with loopback.</summary>
    private static bool CanPair(IceLocalEndpoint local, System.Net.IPEndPoint endPoint)
    {
        var localAddress = local.Socket.LocalEndPoint.Address;
        return localAddress.AddressFamily == endPoint.AddressFamily
            && System.Net.IPAddress.IsLoopback(localAddress) == System.Net.IPAddress.IsLoopback(endPoint.Address);
    }

    /// <summary>The peer restarted: the selected pair keeps its credentials and carries on; a fresh check list starts.</summary>
    private void StartNewGeneration()
    {
        // Only the first restart after a selection records the credentials the selected pair was
        // checked with; a second restart before a new selection must not overwrite them.
        if (_selected is not null && _selected.Generation == _generation)
        {
            _legacyRemoteCredentials = _remoteCredentials;
        }

        _generation++;
        _checkList.Clear();
        _remoteCandidates.Clear();
        _remoteEndOfCandidates = false;
        _pendingNomination = null;
        _firstValidAt = null;
        RemoveTransactions(static t => t.Kind == IceTransactionKind.Check);
        UpdateDataPairs();
    }

    /// <summary>Forgets the transactions <paramref name="match"/> picks (no callback, no retransmit).</summary>
    private void RemoveTransactions(Predicate<IceTransaction> match)
    {
        _scratch.Clear();
        foreach (var transaction in _transactions.Values)
        {
            if (match(transaction))
            {
                _scratch.Add(transaction);
            }
        }

        foreach (var transaction in _scratch)
        {
            _transactions.Remove(transaction.Id);
        }

        _scratch.Clear();
    }

    private async Task ResolveMdnsAsync(IceCandidate candidate)
    {
        var address = await IceMdnsResolver.ResolveAsync(candidate.Address, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        if (address is null)
        {
            return;
        }

        var resolved = new IceCandidate(
            candidate.Foundation, candidate.Component, candidate.Protocol, candidate.Priority, address.ToString(), candidate.Port,
            candidate.Type, candidate.RelatedAddress, candidate.RelatedPort, candidate.Extensions);
        lock (_gate)
        {
            AddRemoteCandidateLocked(resolved);
            UpdateState();
        }

        FlushEvents();
    }
}
