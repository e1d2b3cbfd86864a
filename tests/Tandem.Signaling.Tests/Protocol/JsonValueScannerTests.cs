using System.Text;
using System.Text.Json;
using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Tests.Protocol;

public class JsonValueScannerTests
{
    private const string Sdp = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 46117 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\na=group:BUNDLE 0\\r\\n\",\"n\":[1,-2.5e3,0,true,false,null,{}],\"q\":\"\\u00e9\\\"\\/\\\\\"}";

    private static bool Scan(string json, out int length) => JsonValueScanner.Scan(Encoding.UTF8.GetBytes(json), 63, out length) == JsonScanResult.Valid;

    // The reference: what Utf8JsonReader accepts as one value at the start of the span.
    private static bool ReaderAccepts(ReadOnlySpan<byte> json, out int length)
    {
        length = 0;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 63 });
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            length = (int)reader.BytesConsumed;
            return System.Text.Unicode.Utf8.IsValid(json[..length]);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData("{}", 2)]
    [InlineData("{ }  ,", 3)]
    [InlineData("[]", 2)]
    [InlineData("{\"a\":[1,{\"b\":\"c\"}]}}", 19)]
    public void Scan_WellFormed_LengthOfTheValue(string json, int expected)
    {
        Assert.True(Scan(json, out var length));
        Assert.Equal(expected, length);
    }

    [Fact]
    public void Scan_SdpWithEscapes_WholeObject()
    {
        Assert.True(Scan(Sdp + "}", out var length));
        Assert.Equal(Encoding.UTF8.GetByteCount(Sdp), length);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"a\"}")]
    [InlineData("{\"a\":}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("[1,]")]
    [InlineData("{\"a\":01}")]
    [InlineData("{\"a\":1.}")]
    [InlineData("{\"a\":1e}")]
    [InlineData("{\"a\":-}")]
    [InlineData("{\"a\":tru}")]
    [InlineData("{\"a\":truex}")]
    [InlineData("{\"a\":\"\\x\"}")]
    [InlineData("{\"a\":\"\\u12g4\"}")]
    [InlineData("{\"a\":\"\\u12\"}")]
    [InlineData("{\"a\":\"tab\there\"}")]
    [InlineData("{\"a\":\"open}")]
    [InlineData("{'a':1}")]
    [InlineData("{\"a\":1]")]
    [InlineData("[1}")]
    public void Scan_Malformed_False(string json) => Assert.False(Scan(json, out _));

    [Fact]
    public void Scan_InvalidUtf8InString_False()
    {
        byte[] json = [(byte)'{', (byte)'"', 0xff, 0xfe, (byte)'"', (byte)':', (byte)'1', (byte)'}'];
        Assert.Equal(JsonScanResult.Invalid, JsonValueScanner.Scan(json, 63, out _));
    }

    [Fact]
    public void Scan_NestingBeyondMaxDepth_TooDeep()
    {
        Assert.Equal(JsonScanResult.Valid, JsonValueScanner.Scan(Encoding.UTF8.GetBytes(new string('[', 63) + new string(']', 63)), 63, out _));
        Assert.Equal(JsonScanResult.TooDeep, JsonValueScanner.Scan(Encoding.UTF8.GetBytes(new string('[', 64) + new string(']', 64)), 63, out _));
        Assert.Equal(JsonScanResult.TooDeep, JsonValueScanner.Scan(Encoding.UTF8.GetBytes("{\"a\":" + new string('[', 63)), 63, out _));
    }

    [Fact]
    public void Scan_RandomMutations_AgreesWithUtf8JsonReader()
    {
        var random = new Random(11);
        var valid = Encoding.UTF8.GetBytes(Sdp);
        const string Alphabet = "{}[]\",:\\/-+.0123456789eEtrufalsn \t\r\nbx\u0001";
        for (var i = 0; i < 20000; i++)
        {
            var bytes = valid.ToArray();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                // The scanner is given objects (data): the first byte stays '{'.
                bytes[random.Next(1, bytes.Length)] = random.Next(8) == 0 ? (byte)random.Next(256) : (byte)Alphabet[random.Next(Alphabet.Length)];
            }

            bytes = bytes[..random.Next(1, bytes.Length + 1)];
            var expected = ReaderAccepts(bytes, out var expectedLength);
            var actual = JsonValueScanner.Scan(bytes, 63, out var length) == JsonScanResult.Valid;
            Assert.True(expected == actual, $"reader {expected}, scanner {actual}: {Encoding.UTF8.GetString(bytes)}");
            Assert.Equal(expectedLength, length);
        }
    }
}
