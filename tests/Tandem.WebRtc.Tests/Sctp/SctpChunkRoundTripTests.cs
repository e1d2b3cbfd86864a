using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Tests.Sctp;

public sealed class SctpChunkRoundTripTests
{
    [Fact]
    public void Data_RoundTrip_KeepsFields()
    {
        var buffer = new byte[64];
        var length = new SctpDataChunk(0xFFFFFFFE, 7, 65535, 53, SctpDataChunk.FlagUnordered | SctpDataChunk.FlagEnd, "hello"u8).WriteTo(buffer);

        Assert.True(SctpDataChunk.TryParse(buffer.AsSpan(0, length), out var chunk));
        Assert.Equal(0xFFFFFFFEu, chunk.Tsn);
        Assert.Equal(7, chunk.StreamId);
        Assert.Equal(65535, chunk.Ssn);
        Assert.Equal(53u, chunk.Ppid);
        Assert.True(chunk.IsUnordered);
        Assert.True(chunk.IsEnd);
        Assert.False(chunk.IsBeginning);
        Assert.Equal("hello"u8.ToArray(), chunk.UserData.ToArray());
    }

    [Fact]
    public void Data_EmptyUserData_Rejected()
    {
        var buffer = new byte[16];
        SctpDataChunk.WriteHeader(buffer, 1, 0, 0, 51, 3, 0);

        Assert.False(SctpDataChunk.TryParse(buffer, out _));
    }

    [Fact]
    public void Init_RoundTrip_KeepsFieldsAndExtensions()
    {
        var parameters = new byte[SctpExtensionSupport.OfferLength];
        SctpExtensionSupport.WriteOffer(parameters);
        var buffer = new byte[64];
        var length = new SctpInitChunk(0x11223344, 131072, 1024, 2048, 99, parameters).WriteTo(buffer);

        Assert.True(SctpInitChunk.TryParse(buffer.AsSpan(0, length), out var init));
        Assert.Equal(0x11223344u, init.InitiateTag);
        Assert.Equal(131072u, init.ARwnd);
        Assert.Equal(1024, init.OutboundStreams);
        Assert.Equal(2048, init.InboundStreams);
        Assert.Equal(99u, init.InitialTsn);
        SctpExtensionSupport.Read(init.Parameters, out var forwardTsn, out var reConfig);
        Assert.True(forwardTsn);
        Assert.True(reConfig);
        Assert.False(SctpInitAckChunk.TryParse(buffer.AsSpan(0, length), out _));
    }

    [Fact]
    public void InitAck_RoundTrip_CarriesStateCookie()
    {
        var parameters = new byte[16];
        var paramLength = SctpParameter.Write(parameters, SctpParameter.StateCookie, [1, 2, 3, 4, 5]);
        var buffer = new byte[64];
        var length = new SctpInitAckChunk(5, 6, 7, 8, 9, parameters.AsSpan(0, paramLength)).WriteTo(buffer);

        Assert.True(SctpInitAckChunk.TryParse(buffer.AsSpan(0, length), out var ack));
        Assert.True(SctpParameter.TryFind(ack.Parameters, SctpParameter.StateCookie, out var cookie));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, cookie.ToArray());
        SctpExtensionSupport.Read(ack.Parameters, out var forwardTsn, out _);
        Assert.False(forwardTsn);
    }

    [Fact]
    public void Init_ZeroTag_Rejected()
    {
        var buffer = new byte[20];
        var length = new SctpInitChunk(0, 1, 1, 1, 1, default).WriteTo(buffer);

        Assert.False(SctpInitChunk.TryParse(buffer.AsSpan(0, length), out _));
    }

    [Fact]
    public void Sack_RoundTrip_KeepsGapsAndDuplicates()
    {
        var buffer = new byte[64];
        var length = SctpSackChunk.Write(buffer, 1000, 65536, [new(2, 3), new(5, 9)], [998u, 999u, 1000u]);

        Assert.True(SctpSackChunk.TryParse(buffer.AsSpan(0, length), out var sack));
        Assert.Equal(1000u, sack.CumulativeTsnAck);
        Assert.Equal(65536u, sack.ARwnd);
        Assert.Equal(2, sack.GapBlockCount);
        Assert.Equal(new SctpGapAckBlock(5, 9), sack.GetGapBlock(1));
        Assert.Equal(3, sack.DuplicateCount);
        Assert.Equal(999u, sack.GetDuplicate(1));
    }

    [Fact]
    public void Sack_CountsDisagreeWithLength_Rejected()
    {
        var buffer = new byte[64];
        var length = SctpSackChunk.Write(buffer, 1, 1, [new(1, 1)], []);
        buffer[13] = 2;

        Assert.False(SctpSackChunk.TryParse(buffer.AsSpan(0, length), out _));
    }

    [Fact]
    public void Heartbeat_RoundTrip_EchoedInfo()
    {
        var buffer = new byte[64];
        var length = new SctpHeartbeatChunk("info!"u8).WriteTo(buffer);

        Assert.Equal(0, length % 4);
        Assert.True(SctpHeartbeatChunk.TryParse(buffer.AsSpan(0, length), out var heartbeat));
        Assert.Equal("info!"u8.ToArray(), heartbeat.Info.ToArray());
        var ackLength = new SctpHeartbeatAckChunk(heartbeat.Info).WriteTo(buffer);
        Assert.True(SctpHeartbeatAckChunk.TryParse(buffer.AsSpan(0, ackLength), out var ack));
        Assert.Equal("info!"u8.ToArray(), ack.Info.ToArray());
    }

    [Fact]
    public void Abort_RoundTrip_KeepsTBitAndCause()
    {
        var causes = new byte[32];
        var causeLength = SctpErrorCause.Write(causes, SctpErrorCause.UserInitiatedAbort, "bye"u8);
        var buffer = new byte[64];
        var length = new SctpAbortChunk(causes.AsSpan(0, causeLength), reflectedTag: true).WriteTo(buffer);

        Assert.True(SctpAbortChunk.TryParse(buffer.AsSpan(0, length), out var abort));
        Assert.True(abort.ReflectedTag);
        Assert.Equal("user-initiated abort: bye", SctpErrorCause.Describe(abort.Causes));
    }

    [Fact]
    public void Error_RoundTrip_KeepsCause()
    {
        var causes = new byte[32];
        var causeLength = SctpErrorCause.Write(causes, SctpErrorCause.StaleCookie, [0, 0, 0, 1]);
        var buffer = new byte[64];
        var length = new SctpErrorChunk(causes.AsSpan(0, causeLength)).WriteTo(buffer);

        Assert.True(SctpErrorChunk.TryParse(buffer.AsSpan(0, length), out var error));
        Assert.Equal("stale cookie", SctpErrorCause.Describe(error.Causes));
    }

    [Fact]
    public void ShutdownFamily_RoundTrip()
    {
        var buffer = new byte[16];

        Assert.True(SctpShutdownChunk.TryParse(buffer.AsSpan(0, new SctpShutdownChunk(77).WriteTo(buffer)), out var shutdown));
        Assert.Equal(77u, shutdown.CumulativeTsnAck);
        Assert.True(SctpShutdownAckChunk.TryParse(buffer.AsSpan(0, default(SctpShutdownAckChunk).WriteTo(buffer)), out _));
        Assert.True(SctpShutdownCompleteChunk.TryParse(buffer.AsSpan(0, new SctpShutdownCompleteChunk(true).WriteTo(buffer)), out var complete));
        Assert.True(complete.ReflectedTag);
        Assert.False(SctpShutdownAckChunk.TryParse(buffer.AsSpan(0, 4), out _));
    }

    [Fact]
    public void CookieEchoAndAck_RoundTrip()
    {
        var buffer = new byte[16];
        var length = new SctpCookieEchoChunk([9, 8, 7]).WriteTo(buffer);

        Assert.True(SctpCookieEchoChunk.TryParse(buffer.AsSpan(0, length), out var echo));
        Assert.Equal(new byte[] { 9, 8, 7 }, echo.Cookie.ToArray());
        Assert.True(SctpCookieAckChunk.TryParse(buffer.AsSpan(0, default(SctpCookieAckChunk).WriteTo(buffer)), out _));
    }

    [Fact]
    public void ForwardTsn_RoundTrip_KeepsStreams()
    {
        var buffer = new byte[32];
        var length = SctpForwardTsnChunk.Write(buffer, 500, [(1, 10), (3, 65535)]);

        Assert.True(SctpForwardTsnChunk.TryParse(buffer.AsSpan(0, length), out var forward));
        Assert.Equal(500u, forward.NewCumulativeTsn);
        Assert.Equal(2, forward.StreamCount);
        Assert.Equal(((ushort)3, (ushort)65535), forward.GetStream(1));
    }

    [Fact]
    public void ReConfig_RequestAndResponse_RoundTrip()
    {
        var parameters = new byte[64];
        var offset = SctpOutgoingSsnResetRequest.Write(parameters, 10, 20, 30, [1, 3, 5]);
        offset += new SctpReConfigResponse(19, SctpReConfigResult.SuccessPerformed).WriteTo(parameters.AsSpan(offset));
        var buffer = new byte[96];
        var length = new SctpReConfigChunk(parameters.AsSpan(0, offset)).WriteTo(buffer);

        Assert.True(SctpReConfigChunk.TryParse(buffer.AsSpan(0, length), out var chunk));
        var enumerator = new SctpParameterEnumerator(chunk.Parameters);
        Assert.True(enumerator.MoveNext());
        Assert.True(SctpOutgoingSsnResetRequest.TryParse(enumerator.Current, out var request));
        Assert.Equal(10u, request.RequestSequence);
        Assert.Equal(20u, request.ResponseSequence);
        Assert.Equal(30u, request.LastAssignedTsn);
        Assert.Equal(3, request.StreamCount);
        Assert.Equal(5, request.GetStream(2));
        Assert.True(enumerator.MoveNext());
        Assert.True(SctpReConfigResponse.TryParse(enumerator.Current, out var response));
        Assert.Equal(19u, response.ResponseSequence);
        Assert.Equal(SctpReConfigResult.SuccessPerformed, response.Result);
    }

    [Fact]
    public void IncomingResetRequest_RoundTrip()
    {
        var buffer = new byte[32];
        var length = SctpIncomingSsnResetRequest.Write(buffer, 4, [2]);
        var enumerator = new SctpParameterEnumerator(buffer.AsSpan(0, length));

        Assert.True(enumerator.MoveNext());
        Assert.True(SctpIncomingSsnResetRequest.TryParse(enumerator.Current, out var request));
        Assert.Equal(4u, request.RequestSequence);
        Assert.Equal(2, request.GetStream(0));
    }

    [Fact]
    public void ReConfig_ThreeParameters_Rejected()
    {
        var parameters = new byte[64];
        var offset = 0;
        for (var i = 0; i < 3; i++)
        {
            offset += new SctpReConfigResponse((uint)i, SctpReConfigResult.Denied).WriteTo(parameters.AsSpan(offset));
        }

        var buffer = new byte[96];
        var length = new SctpReConfigChunk(parameters.AsSpan(0, offset)).WriteTo(buffer);

        Assert.False(SctpReConfigChunk.TryParse(buffer.AsSpan(0, length), out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(7)]
    public void AllChunks_Truncated_Rejected(int cut)
    {
        var buffer = new byte[64];
        var data = new SctpDataChunk(1, 1, 1, 1, 3, "abcdefgh"u8).WriteTo(buffer);
        var sack = SctpSackChunk.Write(buffer.AsSpan(32), 1, 1, [new(1, 2)], []);

        Assert.False(SctpDataChunk.TryParse(buffer.AsSpan(0, data - cut - 1), out _));
        Assert.False(SctpSackChunk.TryParse(buffer.AsSpan(32, sack - cut - 1), out _));
    }
}
