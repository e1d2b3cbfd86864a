using System.Net;
using Tandem.WebRtc.Stun;
using Tandem.WebRtc.Turn;

namespace Tandem.WebRtc.Tests.Turn;

public class TurnAllocationTests
{
    [Fact]
    public void Start_FirstAllocate_IsUnsignedAndAsksForUdp()
    {
        var h = new TurnAllocationHarness();

        h.Allocation.Start();

        Assert.True(StunMessage.TryParse(h.Connection.LastRequest(StunMethod.Allocate), out var request));
        Assert.False(request.HasMessageIntegrity);
        Assert.False(request.HasAttribute(StunAttributeType.Username));
        Assert.True(request.TryGetRequestedTransport(out var protocol));
        Assert.Equal(17, protocol);
        Assert.Equal(TurnAllocationState.Allocating, h.Allocation.State);
    }

    [Fact]
    public void Allocate_401ThenSignedRetry_AllocatesWithLongTermKey()
    {
        var h = new TurnAllocationHarness();
        h.Allocation.Start();

        h.Connection.AnswerUnauthorized(h.Connection.LastRequest(StunMethod.Allocate), "nonce-1");

        Assert.Equal(2, h.Connection.Count(StunMethod.Allocate));
        Assert.True(StunMessage.TryParse(h.Connection.LastRequest(StunMethod.Allocate), out var signed));
        Assert.True(signed.TryGetUsername(out string? username));
        Assert.Equal(TurnAllocationHarness.Username, username);
        Assert.True(signed.TryGetRealm(out string? realm));
        Assert.Equal(FakeTurnConnection.Realm, realm);
        Assert.True(signed.TryGetNonce(out string? nonce));
        Assert.Equal("nonce-1", nonce);

        // RFC 8489 §9.2.2: key = MD5(username ":" realm ":" password).
        Assert.True(signed.VerifyMessageIntegrity(System.Security.Cryptography.MD5.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{TurnAllocationHarness.Username}:{FakeTurnConnection.Realm}:{TurnAllocationHarness.Password}"))));

        h.Connection.AnswerSuccess(h.Connection.LastRequest(StunMethod.Allocate), h.Key);

        Assert.Equal(1, h.AllocatedCount);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.1"), 49200), h.Allocation.RelayedEndPoint);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.2"), 61000), h.Allocation.MappedEndPoint);
        Assert.Equal(TimeSpan.FromSeconds(600), h.Allocation.Lifetime);
    }

    [Fact]
    public void Allocate_SignedRequestRefused_FailsWithMessageNamingCredentials()
    {
        var h = new TurnAllocationHarness();
        h.Allocation.Start();
        h.Connection.AnswerUnauthorized(h.Connection.LastRequest(StunMethod.Allocate), "nonce-1");

        h.Connection.AnswerUnauthorized(h.Connection.LastRequest(StunMethod.Allocate), "nonce-2");

        var error = Assert.Single(h.Errors);
        Assert.Equal(401, error.Code);
        Assert.Contains("refused the credentials", error.Message, StringComparison.Ordinal);
        Assert.Contains("Turn:TtlSeconds", error.Message, StringComparison.Ordinal);
        Assert.Equal(TurnAllocationState.Failed, h.Allocation.State);
        Assert.Equal(2, h.Connection.Count(StunMethod.Allocate));
        Assert.True(h.Connection.IsDisposed);
    }

    [Fact]
    public void Allocate_ResponseWithWrongIntegrity_IsIgnored()
    {
        var h = new TurnAllocationHarness();
        h.Allocation.Start();
        h.Connection.AnswerUnauthorized(h.Connection.LastRequest(StunMethod.Allocate), "nonce-1");

        h.Connection.AnswerSuccess(h.Connection.LastRequest(StunMethod.Allocate), StunCredentials.LongTermKey("mallory", FakeTurnConnection.Realm, "x"));

        Assert.Equal(0, h.AllocatedCount);
        Assert.Equal(TurnAllocationState.Allocating, h.Allocation.State);
    }

    [Fact]
    public void Allocate_StaleNonce_RetriesWithTheNewNonce()
    {
        var h = new TurnAllocationHarness();
        h.Allocation.Start();
        h.Connection.AnswerUnauthorized(h.Connection.LastRequest(StunMethod.Allocate), "nonce-1");

        h.Connection.AnswerError(h.Connection.LastRequest(StunMethod.Allocate), StunErrorCodes.StaleNonce, "Stale Nonce", "nonce-2", key: null);

        Assert.True(StunMessage.TryParse(h.Connection.LastRequest(StunMethod.Allocate), out var retry));
        Assert.True(retry.TryGetNonce(out string? nonce));
        Assert.Equal("nonce-2", nonce);
        Assert.True(retry.VerifyMessageIntegrity(h.Key));
        h.Connection.AnswerSuccess(h.Connection.LastRequest(StunMethod.Allocate), h.Key);
        Assert.Equal(1, h.AllocatedCount);
    }

    [Fact]
    public void Allocate_NonceStaleEveryTime_GivesUpAfterThreeRetries()
    {
        var h = new TurnAllocationHarness();
        h.Allocation.Start();
        h.Connection.AnswerUnauthorized(h.Connection.LastRequest(StunMethod.Allocate), "nonce-1");

        for (var i = 0; i < 4; i++)
        {
            h.Connection.AnswerError(h.Connection.LastRequest(StunMethod.Allocate), StunErrorCodes.StaleNonce, "Stale Nonce", $"n{i}", key: null);
        }

        Assert.Equal(5, h.Connection.Count(StunMethod.Allocate));
        Assert.Equal(438, Assert.Single(h.Errors).Code);
    }

    [Fact]
    public void Allocate_NoAnswerOverUdp_RetransmitsPerRfc8489ThenFails()
    {
        var h = new TurnAllocationHarness();
        h.Allocation.Start();

        // RFC 8489 §6.2.1: sends at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s; failure at 39.5 s.
        int[] expectedSendsAt = [1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7];
        int[] times = [400, 500, 1400, 1500, 3400, 3500, 7400, 7500, 15400, 15500, 31400, 31500];
        var elapsed = 0;
        for (var i = 0; i < times.Length; i++)
        {
            h.Time.Advance(TimeSpan.FromMilliseconds(times[i] - elapsed));
            elapsed = times[i];
            Assert.Equal(expectedSendsAt[i], h.Connection.Count(StunMethod.Allocate));
        }

        h.Time.Advance(TimeSpan.FromMilliseconds(39400 - elapsed));
        Assert.Empty(h.Errors);
        h.Time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Contains("did not answer", Assert.Single(h.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(7, h.Connection.Count(StunMethod.Allocate));
    }

    [Fact]
    public void Allocate_NoAnswerOverTcp_NeverRetransmitsAndFailsAfterTi()
    {
        var h = new TurnAllocationHarness(isStream: true);
        h.Allocation.Start();

        h.Time.Advance(TimeSpan.FromMilliseconds(39400));
        Assert.Equal(1, h.Connection.Count(StunMethod.Allocate));
        Assert.Empty(h.Errors);
        h.Time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Single(h.Errors);
    }

    [Fact]
    public void Start_ConnectFails_RaisesFailedWithTheReason()
    {
        var h = new TurnAllocationHarness(connectFailure: "turns:x: the server's TLS certificate was refused");

        h.Allocation.Start();

        var error = Assert.Single(h.Errors);
        Assert.Equal(0, error.Code);
        Assert.Contains("certificate was refused", error.Message, StringComparison.Ordinal);
        Assert.Equal(TurnAllocationState.Failed, h.Allocation.State);
    }

    [Fact]
    public void Allocated_RefreshesOneMinuteBeforeExpiry()
    {
        var h = new TurnAllocationHarness();
        h.Allocate(lifetime: 600);

        h.Time.Advance(TimeSpan.FromSeconds(539));
        Assert.Equal(0, h.Connection.Count(StunMethod.Refresh));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, h.Connection.Count(StunMethod.Refresh));

        // The answer sets the next refresh from its LIFETIME.
        Assert.True(StunMessage.TryParse(h.Connection.LastRequest(StunMethod.Refresh), out var refresh));
        Assert.True(refresh.VerifyMessageIntegrity(h.Key));
        h.Connection.AnswerSuccess(h.Connection.LastRequest(StunMethod.Refresh), h.Key, lifetime: 300);
        h.Time.Advance(TimeSpan.FromSeconds(239));
        Assert.Equal(1, h.Connection.Count(StunMethod.Refresh));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, h.Connection.Count(StunMethod.Refresh));
    }

    [Fact]
    public void Refresh_StaleNonce_RetriedWithNewNonceAndAllocationKept()
    {
        var h = new TurnAllocationHarness();
        h.Allocate();
        h.Time.Advance(TimeSpan.FromSeconds(540));

        h.Connection.AnswerError(h.Connection.LastRequest(StunMethod.Refresh), StunErrorCodes.StaleNonce, "Stale Nonce", "nonce-9", key: null);

        Assert.Equal(2, h.Connection.Count(StunMethod.Refresh));
        Assert.True(StunMessage.TryParse(h.Connection.LastRequest(StunMethod.Refresh), out var retry));
        Assert.True(retry.TryGetNonce(out string? nonce));
        Assert.Equal("nonce-9", nonce);
        h.Connection.AnswerSuccess(h.Connection.LastRequest(StunMethod.Refresh), h.Key);
        Assert.Equal(TurnAllocationState.Allocated, h.Allocation.State);
        Assert.Empty(h.Errors);
    }

    [Fact]
    public void Refresh_CredentialsExpired_FailsTheAllocation()
    {
        var h = new TurnAllocationHarness();
        h.Allocate();
        h.Time.Advance(TimeSpan.FromSeconds(540));

        h.Connection.AnswerUnauthorized(h.Connection.LastRequest(StunMethod.Refresh), "nonce-2");

        Assert.Equal(401, Assert.Single(h.Errors).Code);
        Assert.Equal(TurnAllocationState.Failed, h.Allocation.State);
    }

    [Fact]
    public void Close_Allocated_SendsRefreshWithLifetimeZeroThenClosesTheLink()
    {
        var h = new TurnAllocationHarness();
        h.Allocate();

        var closed = h.Allocation.Close();

        Assert.True(StunMessage.TryParse(h.Connection.LastRequest(StunMethod.Refresh), out var refresh));
        Assert.True(refresh.TryGetLifetime(out var lifetime));
        Assert.Equal(0u, lifetime);
        Assert.True(refresh.VerifyMessageIntegrity(h.Key));
        Assert.False(closed.IsCompleted);
        h.Connection.AnswerSuccess(h.Connection.LastRequest(StunMethod.Refresh), h.Key);
        Assert.True(closed.IsCompleted);
        Assert.True(h.Connection.IsDisposed);
        Assert.Equal(TurnAllocationState.Closed, h.Allocation.State);
        Assert.Empty(h.Errors);
    }

    [Fact]
    public void Close_ServerSilent_GivesUpAfterTheCloseTimeout()
    {
        var h = new TurnAllocationHarness();
        h.Allocate();

        var closed = h.Allocation.Close();
        h.Time.Advance(TimeSpan.FromMilliseconds(1900));
        Assert.False(closed.IsCompleted);
        h.Time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.True(closed.IsCompleted);
        Assert.True(h.Connection.IsDisposed);
    }

    [Fact]
    public void Close_StaleNonce_RetriesTheDeletion()
    {
        var h = new TurnAllocationHarness();
        h.Allocate();
        h.Allocation.Close();

        h.Connection.AnswerError(h.Connection.LastRequest(StunMethod.Refresh), StunErrorCodes.StaleNonce, "Stale Nonce", "nonce-3", key: null);

        Assert.Equal(2, h.Connection.Count(StunMethod.Refresh));
        Assert.True(StunMessage.TryParse(h.Connection.LastRequest(StunMethod.Refresh), out var retry));
        Assert.True(retry.TryGetLifetime(out var lifetime));
        Assert.Equal(0u, lifetime);
    }

    [Fact]
    public void ConnectionBreaks_WhileAllocated_RaisesFailed()
    {
        var h = new TurnAllocationHarness(isStream: true);
        h.Allocate();

        h.Connection.Break("the server closed the connection");

        Assert.Contains("the server closed the connection", Assert.Single(h.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Receive_Garbage_NeverThrowsAndChangesNothing()
    {
        var h = new TurnAllocationHarness();
        h.Allocate();
        h.OpenPeer();
        var random = new Random(6062);
        var buffer = new byte[120];
        for (var i = 0; i < 5000; i++)
        {
            random.NextBytes(buffer);
            if (i % 3 == 0)
            {
                buffer[0] = 0x40; // a ChannelData-looking start
            }

            h.Connection.Deliver(buffer.AsSpan(0, random.Next(buffer.Length)));
        }

        Assert.Equal(TurnAllocationState.Allocated, h.Allocation.State);
        Assert.Empty(h.Errors);
    }
}
