using Tandem.WebRtc.Stun;
using static Tandem.Fuzz.Targets.FuzzInvariantException;

namespace Tandem.Fuzz.Targets.Stun;

/// <summary>
/// STUN messages as the ICE agent reads them (RFC 8489, RFC 8445 §7): parse, every attribute getter,
/// integrity and fingerprint checks, and a write → parse round trip of the attribute list.
/// </summary>
public sealed class StunTarget : IFuzzTarget
{
    private static readonly byte[] Key = StunCredentials.ShortTermKey("fuzzpasswordfuzzpassword");
    private static readonly StunAttributeType[] Known =
        [StunAttributeType.Username, StunAttributeType.MessageIntegrity, StunAttributeType.Priority, StunAttributeType.UseCandidate];

    public string Name => "stun";

    public void Run(ReadOnlySpan<byte> input)
    {
        bool isStun = StunMessage.IsStun(input);
        if (!StunMessage.TryParse(input, out var message))
        {
            return;
        }

        Check(isStun, "TryParse accepted what IsStun refuses");
        _ = message.Class;
        _ = message.Method;
        _ = message.TransactionId;
        _ = message.TryGetXorMappedAddress(out _);
        _ = message.TryGetMappedAddress(out _);
        _ = message.TryGetUsername(out ReadOnlySpan<byte> _);
        _ = message.TryGetUsername(out string? _);
        _ = message.TryGetSoftware(out _);
        _ = message.TryGetPriority(out _);
        _ = message.HasUseCandidate;
        _ = message.TryGetIceControlling(out _);
        _ = message.TryGetIceControlled(out _);
        _ = message.TryGetErrorCode(out _, out _);
        _ = message.TryGetUnknownRequiredAttribute(Known, out _);
        _ = message.HasMessageIntegrity;
        _ = message.VerifyMessageIntegrity(Key);
        _ = message.VerifyMessageIntegritySha256(Key);
        bool fingerprintOk = message.VerifyFingerprint();
        Check(!fingerprintOk || message.HasFingerprint, "a verified fingerprint that is not there");
        RoundTrip(message);
    }

    /// <summary>Writes the same class, method, transaction and attributes again; the parse must match.</summary>
    private static void RoundTrip(StunMessage message)
    {
        var buffer = new byte[message.Raw.Length + 64];
        var writer = new StunMessageWriter(buffer, message.Class, message.Method, message.TransactionId);
        var count = 0;
        foreach (var attribute in message.Attributes)
        {
            writer.AddAttribute(attribute.Type, attribute.Value);
            count++;
        }

        Check(StunMessage.TryParse(writer.Written, out var again), "our writer's message does not parse");
        Check(again.MessageType == message.MessageType && again.TransactionId == message.TransactionId, "the header changed in a round trip");
        var original = message.Attributes.GetEnumerator();
        foreach (var attribute in again.Attributes)
        {
            Check(original.MoveNext(), "the round trip added an attribute");
            Check(original.Current.Type == attribute.Type && original.Current.Value.SequenceEqual(attribute.Value), "an attribute changed in a round trip");
            count--;
        }

        Check(count == 0, "the round trip lost an attribute");
    }
}
