using System.Text;
using Tandem.Signaling.Auth;

namespace Tandem.Signaling.Tests.Auth;

public class JoinTokenReaderTests
{
    [Theory]
    [InlineData("""{"type":"join","data":{"token":"abc.def.ghi"}}""", "abc.def.ghi")]
    [InlineData("""{"data":{"x":{"token":"nested"},"token":"top"},"type":"join"}""", "top")]
    [InlineData("""{"before":[1,{"token":"no"}],"data":{"token":"a\u002Eb"}}""", "a.b")]
    public void Read_DataToken_Found(string json, string expected) =>
        Assert.Equal(expected, JoinTokenReader.Read(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"type":"join"}""")]
    [InlineData("""{"token":"not-in-data"}""")]
    [InlineData("""{"data":{"token":42}}""")]
    [InlineData("""{"data":"token"}""")]
    [InlineData("""{"data":{"token":""" )]
    [InlineData("[]")]
    [InlineData("")]
    public void Read_NoStringToken_NullNeverThrows(string json) =>
        Assert.Null(JoinTokenReader.Read(Encoding.UTF8.GetBytes(json)));
}
