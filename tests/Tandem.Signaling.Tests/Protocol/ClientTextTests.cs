using System.Text;
using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Tests.Protocol;

public class ClientTextTests
{
    [Theory]
    [InlineData("join", "join")]
    [InlineData("", "")]
    [InlineData("héllo wörld 你好 🙂", "héllo wörld 你好 🙂")]
    [InlineData("a\"b\\c", "a\\\"b\\\\c")]
    [InlineData("line\r\nnext", "line\\u000D\\u000Anext")]
    [InlineData("\u001b[2J\u0000\u007f\u0085\u009b", "\\u001B[2J\\u0000\\u007F\\u0085\\u009B")]
    [InlineData("\u2028\u2029", "\\u2028\\u2029")]
    [InlineData("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c", "\\u202A\\u202B\\u202C\\u202D\\u202E\\u2066\\u2067\\u2068\\u2069\\u200E\\u200F\\u061C")]
    [InlineData("zero\u200bwidth\ufeff", "zero\\u200Bwidth\\uFEFF")]
    public void Escape_ControlAndFormatCharacters_AsJsonEscapes(string text, string expected)
    {
        Assert.Equal(expected, ClientText.Escape(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(expected, ClientText.Escape(text));
    }

    [Fact]
    public void Escape_LongerThan64Characters_CutWithEllipsis()
    {
        Assert.Equal(new string('a', 64), ClientText.Escape(new string('a', 64)));
        Assert.Equal(new string('a', 64) + "…", ClientText.Escape(new string('a', 65)));

        // Characters, not bytes or UTF-16 units: 64 emoji are kept whole.
        var emoji = string.Concat(Enumerable.Repeat("🙂", 70));
        Assert.Equal(string.Concat(Enumerable.Repeat("🙂", 64)) + "…", ClientText.Escape(emoji));
    }

    [Fact]
    public void Escape_InvalidUtf8_ReplacementCharacter()
    {
        byte[] bytes = [(byte)'a', 0xff, 0xc3, (byte)'b'];
        Assert.Equal("a\uFFFD\uFFFDb", ClientText.Escape(bytes));
    }

    [Fact]
    public void Quote_InDoubleQuotes() => Assert.Equal("\"x\\u000A\"", ClientText.Quote("x\n"));
}
