using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Tests.Protocol;

public class DeviceIdTests
{
    [Theory]
    [InlineData("glasses_123456", DeviceKind.Glasses, "123456")]
    [InlineData("app_123456", DeviceKind.App, "123456")]
    [InlineData("glasses_a.b:c-d_e", DeviceKind.Glasses, "a.b:c-d_e")]
    [InlineData("app_x", DeviceKind.App, "x")]
    public void TryParse_ValidIds_R5(string value, DeviceKind kind, string uid)
    {
        Assert.True(DeviceId.TryParse(value, out var id));
        Assert.Equal(kind, id.Kind);
        Assert.Equal(uid, id.CanonicalUid);
        Assert.Equal(value, id.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("glasses_")]
    [InlineData("app_")]
    [InlineData("phone_123456")]
    [InlineData("Glasses_123456")]
    [InlineData("glasses123456")]
    [InlineData("glasses_12 34")]
    [InlineData("glasses_12/34")]
    [InlineData("app_ü")]
    public void TryParse_InvalidIds_False_R5(string value) => Assert.False(DeviceId.TryParse(value, out _));

    [Fact]
    public void TryParse_UidLengthLimit_R5()
    {
        Assert.True(DeviceId.TryParse("app_" + new string('a', 64), out _));
        Assert.False(DeviceId.TryParse("app_" + new string('a', 65), out _));
    }

    [Theory]
    [InlineData("AA:BB:CC:DD:EE:FF", "aabbccddeeff")]
    [InlineData("aa-bb-cc-dd-ee-ff", "aabbccddeeff")]
    [InlineData("AABBCCDDEEFF", "aabbccddeeff")]
    [InlineData("aAbBcCdDeEfF", "aabbccddeeff")]
    [InlineData("01:23:45:67:89:ab", "0123456789ab")]
    public void CanonicalUid_MacNotations_FoldToLowercaseHex_R6(string uid, string canonical)
    {
        Assert.True(DeviceId.TryParse("glasses_" + uid, out var id));
        Assert.Equal(canonical, id.CanonicalUid);
        Assert.Equal("room_" + canonical, id.RoomId);
    }

    [Theory]
    [InlineData("AA:BB-CC:DD:EE:FF")]
    [InlineData("AA.BB.CC.DD.EE.FF")]
    [InlineData("AABB.CCDD.EEFF")]
    [InlineData("AA:BB:CC:DD:EE:FG")]
    [InlineData("AABBCCDDEEF")]
    [InlineData("ABC123")]
    public void CanonicalUid_OtherUids_ComparedExactly_R6(string uid)
    {
        Assert.True(DeviceId.TryParse("app_" + uid, out var id));
        Assert.Equal(uid, id.CanonicalUid);
    }

    [Fact]
    public void IsCounterpartOf_MacNotationsPair_R6_R7()
    {
        DeviceId.TryParse("glasses_AA:BB:CC:DD:EE:FF", out var glasses);
        DeviceId.TryParse("app_aabbccddeeff", out var app);
        DeviceId.TryParse("app_AABBCCDDEEFF", out var appUpper);
        Assert.True(glasses.IsCounterpartOf(app));
        Assert.True(app.IsCounterpartOf(glasses));
        Assert.True(appUpper.IsSameIdentity(app));
        Assert.Equal(glasses.RoomId, app.RoomId);
    }

    [Fact]
    public void IsCounterpartOf_NonMacUidsCaseSensitive_R6()
    {
        DeviceId.TryParse("glasses_abc", out var glasses);
        DeviceId.TryParse("app_ABC", out var app);
        Assert.False(glasses.IsCounterpartOf(app));
        Assert.NotEqual(glasses.RoomId, app.RoomId);
    }
}
