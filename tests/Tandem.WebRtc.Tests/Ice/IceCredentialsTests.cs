using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.Tests.Ice;

public class IceCredentialsTests
{
    [Fact]
    public void Equals_SameUfragAndPasswordDifferentInstances_Equal()
    {
        var a = new IceCredentials("ufrag", "password-password-password");
        var b = new IceCredentials("ufrag", "password-password-password");

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Password = "other-password-other-pass" });
    }

    [Fact]
    public void Generate_Twice_Rfc8839SizesAndIceCharsAndDistinct()
    {
        var a = IceCredentials.Generate();
        var b = IceCredentials.Generate();

        Assert.NotEqual(a, b);
        Assert.InRange(a.Ufrag.Length, 4, 256);
        Assert.InRange(a.Password.Length, 22, 256);
        Assert.All(a.Ufrag + a.Password, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '+' or '/'));
    }

    [Fact]
    public void SetRemoteCredentials_EqualCopyAfterConnect_IsNotAnIceRestart()
    {
        using var h = new IceAgentHarness();
        h.Signal();
        h.Run(TimeSpan.FromSeconds(2));
        var pairs = h.A.CandidatePairs.Count;
        var credentials = h.A.RemoteCredentials!;

        h.A.SetRemoteCredentials(new IceCredentials(credentials.Ufrag, credentials.Password));

        Assert.Equal(pairs, h.A.CandidatePairs.Count);
        Assert.NotEmpty(h.A.RemoteCandidates);
        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
    }
}
