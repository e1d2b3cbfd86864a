using System.Text;
using System.Text.Json.Nodes;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Tests.TestSupport;
using Tandem.Testing;

namespace Tandem.Signaling.Tests.Protocol;

public class ClientMessageParserTests
{
    private static MessageError ParseError(string json)
    {
        Assert.False(ClientMessageParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        return error;
    }

    private static MessageError ParseError(JsonNode json)
    {
        Assert.False(ClientMessageParser.TryParse(json.Bytes(), out _, out var error));
        return error;
    }

    private static ClientMessage Parse(JsonNode json)
    {
        Assert.True(ClientMessageParser.TryParse(json.Bytes(), out var message, out var error), error.Message);
        return message;
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"join\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("{")]
    [InlineData("{\"type\":\"join\"")]
    [InlineData("{} {}")]
    [InlineData("{\"type\":\"join\",}")]
    [InlineData("not json")]
    public void TryParse_NotOneJsonObject_1003_R2(string text) => Assert.Equal(ErrorCode.BadMessage, ParseError(text).Code);

    [Fact]
    public void TryParse_ValidJoin_ReturnsFields()
    {
        var message = Parse(Messages.Join("glasses_123456"));
        Assert.Equal(MessageType.Join, message.Type);
        Assert.Equal("glasses_123456", message.DeviceId.Value);
        Assert.Equal(Messages.Time, message.Time);
    }

    [Theory]
    [InlineData("role")]
    [InlineData("error")]
    [InlineData("JOIN")]
    [InlineData("")]
    public void TryParse_UnknownType_1003WithRequestType_R10(string type)
    {
        var error = ParseError(Messages.Join("glasses_1").With("type", type));
        Assert.Equal(ErrorCode.BadMessage, error.Code);
        Assert.Equal(type, error.RequestType);
    }

    [Fact]
    public void TryParse_MissingOrNonStringType_1003_R10()
    {
        Assert.Equal(ErrorCode.BadMessage, ParseError(Messages.Join("glasses_1").Without("type")).Code);
        Assert.Equal(ErrorCode.BadMessage, ParseError(Messages.Join("glasses_1").With("type", 5)).Code);
    }

    [Theory]
    [InlineData("phone_1")]
    [InlineData("glasses_")]
    [InlineData("glasses_a b")]
    public void TryParse_BadDeviceId_1004_R11(string id)
    {
        var error = ParseError(Messages.Join(id));
        Assert.Equal(ErrorCode.BadDeviceId, error.Code);
        Assert.Equal("join", error.RequestType);
    }

    [Fact]
    public void TryParse_NonStringDeviceId_1004_R11() =>
        Assert.Equal(ErrorCode.BadDeviceId, ParseError(Messages.Join("glasses_1").With("device_id", 123456)).Code);

    [Fact]
    public void TryParse_MissingDeviceId_1003_R11() =>
        Assert.Equal(ErrorCode.BadMessage, ParseError(Messages.Join("glasses_1").Without("device_id")).Code);

    [Fact]
    public void TryParse_FromDiffersFromDeviceId_1003_R11()
    {
        Assert.Equal(ErrorCode.BadMessage, ParseError(Messages.Join("glasses_1").With("from", "glasses_2")).Code);
        Assert.Equal(ErrorCode.BadMessage, ParseError(Messages.Join("glasses_1").Without("from")).Code);
    }

    [Theory]
    [InlineData("1732442082000000.0")]
    [InlineData("1732442082000000")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("9223372036854775807")]
    [InlineData("1.732442082e15")]
    public void TryParse_IntegralTime_Accepted_R12(string time)
    {
        var json = "{\"type\":\"join\",\"device_id\":\"app_1\",\"from\":\"app_1\",\"to\":\"server\",\"time\":" + time + "}";
        Assert.True(ClientMessageParser.TryParse(Encoding.UTF8.GetBytes(json), out var message, out var error), error.Message);
        Assert.Equal((long)decimal.Parse(time, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture), message.Time);
    }

    [Theory]
    [InlineData("\"1732442082000000\"")]
    [InlineData("1732442082000000.5")]
    [InlineData("9223372036854775808")]
    [InlineData("1e30")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{}")]
    public void TryParse_BadTime_1003_R12(string time)
    {
        var json = "{\"type\":\"join\",\"device_id\":\"app_1\",\"from\":\"app_1\",\"to\":\"server\",\"time\":" + time + "}";
        var error = ParseError(json);
        Assert.Equal(ErrorCode.BadMessage, error.Code);
        Assert.Contains("time", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.7e15", 1700000000000000)]
    [InlineData("1.732442082E+15", 1732442082000000)]
    [InlineData("17324420820000000e-1", 1732442082000000)]
    [InlineData("1732442082000000.000", 1732442082000000)]
    [InlineData("10e-1", 1)]
    [InlineData("0.5e1", 5)]
    [InlineData("0e-400", 0)]
    [InlineData("-0.0", 0)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("9.223372036854775807e18", long.MaxValue)]
    [InlineData("1000000000000000000000e-3", 1000000000000000000)]
    public void TryParse_IntegralValueAnySpelling_Accepted_R12(string time, long expected)
    {
        // R12: "a JSON number with an integral value": the value counts, not the spelling.
        var json = "{\"type\":\"join\",\"device_id\":\"app_1\",\"from\":\"app_1\",\"to\":\"server\",\"time\":" + time + "}";
        Assert.True(ClientMessageParser.TryParse(Encoding.UTF8.GetBytes(json), out var message, out var error), error.Message);
        Assert.Equal(expected, message.Time);
    }

    [Theory]
    [InlineData("1e-400")]
    [InlineData("-1e-400")]
    [InlineData("5e-324")]
    [InlineData("1e-1")]
    [InlineData("0.1")]
    [InlineData("1.00000000000000000000000000001")]
    [InlineData("1732442082000000.0000000000000000000001")]
    [InlineData("17324420820000001e-1")]
    [InlineData("9223372036854775807.5")]
    [InlineData("-9223372036854775809")]
    [InlineData("9.223372036854775808e18")]
    [InlineData("1e19")]
    [InlineData("1e400")]
    [InlineData("1e999999999999999999999")]
    public void TryParse_FractionOrOutOfRangeAnySpelling_1003_R12(string time)
    {
        var json = "{\"type\":\"join\",\"device_id\":\"app_1\",\"from\":\"app_1\",\"to\":\"server\",\"time\":" + time + "}";
        var error = ParseError(json);
        Assert.Equal(ErrorCode.BadMessage, error.Code);
        Assert.Contains("'time' must be an integer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TimeWithThousandsOfDigits_DecidedExactly_R12()
    {
        var one = "1" + new string('0', 20000) + "e-20000";
        var fraction = "1" + new string('0', 20000) + "1e-20001";
        var json = "{\"type\":\"join\",\"device_id\":\"app_1\",\"from\":\"app_1\",\"to\":\"server\",\"time\":";
        Assert.True(ClientMessageParser.TryParse(Encoding.UTF8.GetBytes(json + one + "}"), out var message, out _));
        Assert.Equal(1, message.Time);
        Assert.Equal(ErrorCode.BadMessage, ParseError(json + fraction + "}").Code);
    }

    [Fact]
    public void TryParse_MissingTime_1003_R12() =>
        Assert.Equal(ErrorCode.BadMessage, ParseError(Messages.Join("app_1").Without("time")).Code);

    [Theory]
    [InlineData("join")]
    [InlineData("leave")]
    public void TryParse_JoinLeaveToNotServer_1003_R13(string type)
    {
        var message = type == "join" ? Messages.Join("app_1") : Messages.Leave("app_1");
        Assert.Equal(ErrorCode.BadMessage, ParseError(message.DeepClone().AsObject().With("to", "glasses_1")).Code);
        Assert.Equal(ErrorCode.BadMessage, ParseError(message.DeepClone().AsObject().Without("to")).Code);
    }

    [Fact]
    public void TryParse_JoinWithAnyData_Accepted_R13()
    {
        Parse(Messages.Join("app_1").With("data", new JsonObject { ["x"] = 1 }));
        Parse(Messages.Join("app_1").With("data", null));
    }

    [Theory]
    [InlineData("offer")]
    [InlineData("answer")]
    [InlineData("ice")]
    public void TryParse_RelayToCounterpart_Accepted_R14(string type)
    {
        Assert.Equal(type, Parse(Messages.Relay(type, "glasses_1", "app_1")).Type.WireName());
        Parse(Messages.Relay(type, "app_AA:BB:CC:DD:EE:FF", "glasses_aabbccddeeff"));
    }

    [Theory]
    [InlineData("server")]
    [InlineData("glasses_1")]
    [InlineData("app_2")]
    [InlineData("app_")]
    public void TryParse_RelayToNotCounterpart_1003_R14(string to) =>
        Assert.Equal(ErrorCode.BadMessage, ParseError(Messages.Relay("offer", "glasses_1", "app_1").With("to", to)).Code);

    [Fact]
    public void TryParse_RelayWithoutDataObject_1003_R14()
    {
        Assert.Equal(ErrorCode.BadMessage, ParseError(Messages.Relay("ice", "glasses_1", "app_1").Without("data")).Code);
        Assert.Equal(ErrorCode.BadMessage, ParseError(Messages.Relay("ice", "glasses_1", "app_1").With("data", "candidate")).Code);
        Assert.Equal(ErrorCode.BadMessage, ParseError(Messages.Relay("ice", "glasses_1", "app_1").With("data", new JsonArray())).Code);
    }

    [Fact]
    public void TryParse_UnknownFields_Ignored_R16()
    {
        var message = Messages.Relay("offer", "glasses_1", "app_1").With("extra", new JsonObject { ["nested"] = new JsonArray(1, 2) }).With("v", 2);
        Assert.Equal(MessageType.Offer, Parse(message).Type);
    }

    [Fact]
    public void TryParse_DuplicateKnownField_1003() =>
        Assert.Equal(ErrorCode.BadMessage, ParseError("{\"type\":\"join\",\"type\":\"leave\",\"device_id\":\"app_1\",\"from\":\"app_1\",\"to\":\"server\",\"time\":1}").Code);

    [Fact]
    public void TryParse_EscapedStrings_Unescaped()
    {
        var json = "{\"type\":\"j\\u006fin\",\"device_id\":\"app_1\",\"from\":\"app\\u005f1\",\"to\":\"server\",\"time\":1}";
        Assert.True(ClientMessageParser.TryParse(Encoding.UTF8.GetBytes(json), out var message, out _));
        Assert.Equal(MessageType.Join, message.Type);
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        var random = new Random(7);
        var valid = Messages.Relay("offer", "glasses_1", "app_1").Bytes();
        for (var i = 0; i < 20000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            if (i % 2 == 0)
            {
                bytes = valid.ToArray();
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                bytes = bytes[..random.Next(bytes.Length + 1)];
            }

            var ok = ClientMessageParser.TryParse(bytes, out _, out var error);
            Assert.True(ok || error.Code is ErrorCode.BadMessage or ErrorCode.BadDeviceId);
        }
    }

    [Fact]
    public void TryParse_MutatedMessages_NeverThrows_AlwaysAnAnswer()
    {
        // The abuse suite's corpus, straight into the parser: every message is valid or gets a reason.
        var mutator = new MessageMutator(seed: 13, uid: "atk");
        for (var i = 0; i < 20000; i++)
        {
            var bytes = mutator.Next();
            if (!ClientMessageParser.TryParse(bytes, out _, out var error))
            {
                Assert.True(error.Code is ErrorCode.BadMessage or ErrorCode.BadDeviceId, $"{error.Code} for {Encoding.UTF8.GetString(bytes)}");
                Assert.False(string.IsNullOrEmpty(error.Message));
                Assert.True(error.Message.Length < 400, error.Message);
            }
        }
    }

    [Fact]
    public void TryParse_DeepNesting_1003NotCrash()
    {
        var deep = new string('[', 5000) + new string(']', 5000);
        var json = "{\"type\":\"ice\",\"device_id\":\"app_1\",\"from\":\"app_1\",\"to\":\"glasses_1\",\"time\":1,\"data\":{\"x\":" + deep + "}}";
        Assert.Equal(ErrorCode.BadMessage, ParseError(json).Code);
    }

    [Theory]
    [InlineData("data")]
    [InlineData("x")]
    public void TryParse_NestedDeeperThan64Levels_1003SaysSo_R2(string field)
    {
        // The message object is level 1: a value in it may nest 63 levels more.
        static string Message(string field, int levels) =>
            "{\"type\":\"ice\",\"device_id\":\"app_1\",\"from\":\"app_1\",\"to\":\"glasses_1\",\"time\":1,"
            + (field == "data" ? "" : "\"data\":{},") + "\"" + field + "\":"
            + "{\"a\":" + new string('[', levels - 3) + "{}" + new string(']', levels - 3) + "}}";

        Assert.True(ClientMessageParser.TryParse(Encoding.UTF8.GetBytes(Message(field, 64)), out _, out var fine), fine.Message);
        var error = ParseError(Message(field, 65));
        Assert.Equal(ErrorCode.BadMessage, error.Code);
        Assert.Contains("nested deeper than 64 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_UnknownTypeOf65KB_QuotedAndCutInErrorAndRequestType_R10_R31()
    {
        var type = new string('x', 65 * 1024);
        var error = ParseError(Messages.Join("glasses_1").With("type", type));
        Assert.Equal(ErrorCode.BadMessage, error.Code);
        Assert.Equal(new string('x', 64) + "…", error.RequestType);
        Assert.StartsWith("unknown type \"" + new string('x', 64) + "…\": expected join", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 200);
    }

    [Fact]
    public void TryParse_UnknownTypeWithControlCharacters_Escaped_R10_R31()
    {
        var error = ParseError(Messages.Join("glasses_1").With("type", "a\r\ninfo: forged\u001b[31m\u0000\u2028\u202e\"\\é"));
        Assert.Equal("a\\u000D\\u000Ainfo: forged\\u001B[31m\\u0000\\u2028\\u202E\\\"\\\\é", error.RequestType);
        Assert.DoesNotContain(error.Message, c => char.IsControl(c) || c is '\u2028' or '\u202e');
    }

    [Fact]
    public void TryParse_FieldsAfterData_ReadLikeAnyOther_R16()
    {
        const string Json = "{\"type\":\"offer\",\"data\":{\"sdp\":\"v=0\\r\\n\"} ,\"device_id\":\"glasses_1\",\"from\":\"glass\\u0065s_1\",\"to\":\"app_1\",\"x\":[1],\"time\":5 }";
        Assert.True(ClientMessageParser.TryParse(Encoding.UTF8.GetBytes(Json), out var message, out var error), error.Message);
        Assert.Equal(MessageType.Offer, message.Type);
        Assert.Equal("glasses_1", message.DeviceId.Value);
        Assert.Equal(5, message.Time);
    }

    [Theory]
    [InlineData(",\"type\":\"ice\",\"time\":1}")]
    [InlineData(",\"time\":1,}")]
    [InlineData(",\"time\":1} x")]
    [InlineData(" x,\"time\":1}")]
    [InlineData("")]
    public void TryParse_BadTextAfterData_1003_R2(string rest)
    {
        var json = "{\"type\":\"offer\",\"device_id\":\"glasses_1\",\"from\":\"glasses_1\",\"to\":\"app_1\",\"data\":{\"sdp\":\"v=0\"}" + rest;
        Assert.Equal(ErrorCode.BadMessage, ParseError(json).Code);
    }

    [Theory]
    [InlineData("{\"sdp\":\"v=0\\q\"}")]
    [InlineData("{\"sdp\":\"v=0\r\n\"}")]
    [InlineData("{\"sdp\":01}")]
    [InlineData("{\"sdp\" 1}")]
    public void TryParse_MalformedDataObject_1003_R2(string data)
    {
        var json = "{\"type\":\"offer\",\"device_id\":\"glasses_1\",\"from\":\"glasses_1\",\"to\":\"app_1\",\"time\":1,\"data\":" + data + "}";
        var error = ParseError(json);
        Assert.Equal(ErrorCode.BadMessage, error.Code);
        Assert.Contains("JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_WithIdCache_SameResultsAsWithout_R5_R14()
    {
        var ids = new DeviceIdCache();
        string[] targets = ["app_AA:BB:CC:DD:EE:FF", "app_aabbccddeeff", "app_2", "app_AA:BB:CC:DD:EE:FF", "glasses_aabbccddeeff"];
        foreach (var to in targets)
        {
            var bytes = Messages.Relay("ice", "glasses_aabbccddeeff", to).Bytes();
            var expected = ClientMessageParser.TryParse(bytes, out var uncached, out _);
            Assert.Equal(expected, ClientMessageParser.TryParse(bytes, ids, out var cached, out _));
            Assert.Equal(uncached, cached);
        }

        Assert.True(ClientMessageParser.TryParse(Messages.Relay("ice", "glasses_aabbccddeeff", "app_aabbccddeeff").Bytes(), ids, out _, out _));
        Assert.False(ClientMessageParser.TryParse(Messages.Relay("ice", "glasses_a b", "app_aabbccddeeff").Bytes(), ids, out _, out var error));
        Assert.Equal(ErrorCode.BadDeviceId, error.Code);
    }
}
