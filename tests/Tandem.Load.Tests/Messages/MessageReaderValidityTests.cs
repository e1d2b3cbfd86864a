using System.Text;
using System.Text.Json;
using Tandem.Load.Messages;

namespace Tandem.Load.Tests.Messages;

/// <summary>MessageReader's own JSON reading accepts exactly the objects System.Text.Json accepts.</summary>
public class MessageReaderValidityTests
{
    public static TheoryData<string> Inputs =>
    [
        "{}",
        " { \"type\" : \"offer\" } ",
        "{\"type\":\"x\\u0041\",\"data\":{\"a\":[1,2,{\"b\":null}],\"c\":true,\"d\":-0.5e+3,\"e\":false}}",
        "{\"data\":{\"lt_pair\":1.5,\"lt_side\":1E2,\"lt_seq\":\"3\",\"lt_ts\":99999999999999999999}}",
        "{\"type\":\"caf\u00e9\",\"x\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}",
        "{\"a\":[],\"b\":{},\"c\":[[]],\"d\":0,\"e\":-0}",
        "{\"data\":[1],\"payload\":\"s\"}",
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":-}",
        "{\"a\":-[1]}",
        "{\"a\":.5}",
        "{\"a\":1e}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12G4\"}",
        "{\"a\":\"tab\tinside\"}",
        "{\"a\":tru}",
        "{\"a\":nul}",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{'a':1}",
        "{\"a\":1}}",
        "{\"a\":1} x",
        "{\"a\":[1 2]}",
        "{\"a\":[1,]}",
        "{\"a\":\"unterminated}",
        "{\"data\":{\"lt_pair\":1",
        "[1,2]",
        "\"text\"",
        "",
        "   ",
    ];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void TryRead_AnyInput_AgreesWithSystemTextJson(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.Equal(IsJsonObject(bytes), MessageReader.TryRead(bytes, out _));
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xFF, (byte)'"', (byte)'}' })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, (byte)'"', (byte)'}' })]
    public void TryRead_InvalidUtf8InAString_ReturnsFalse(byte[] json)
    {
        // Stricter than JsonDocument, which checks UTF-8 only when a string is read (RFC 8259 §8.1).
        Assert.False(MessageReader.TryRead(json, out _));
    }

    [Fact]
    public void TryRead_DeepNesting_ReturnsFalseWithoutOverflow()
    {
        var json = "{\"a\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        Assert.False(MessageReader.TryRead(Encoding.UTF8.GetBytes(json), out _));
    }

    [Fact]
    public void TryRead_EscapedUnknownType_IsUnescaped()
    {
        Assert.True(MessageReader.TryRead("{\"type\":\"x\\u0041\\n\"}"u8, out var message));
        Assert.Equal("xA\n", message.Type);
    }

    private static bool IsJsonObject(byte[] json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
