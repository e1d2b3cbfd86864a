using System.Text.Json;

namespace Tandem.Signaling.Auth;

/// <summary>
/// Reads <c>data.token</c> from a <c>join</c> message that already passed validation. Used on joins
/// only, and only with authentication on, so the string it makes costs nothing on the relay path.
/// </summary>
public static class JoinTokenReader
{
    /// <summary>The token string, or null when the message has no <c>data.token</c> string. Never throws.</summary>
    public static string? Read(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isData = reader.ValueTextEquals("data"u8);
                reader.Read();
                if (isData && reader.TokenType == JsonTokenType.StartObject)
                {
                    return ReadTokenField(ref reader);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Validated JSON does not get here; anything else simply has no token.
        }

        return null;
    }

    private static string? ReadTokenField(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isToken = reader.ValueTextEquals("token"u8);
            reader.Read();
            if (isToken)
            {
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }

            reader.Skip();
        }

        return null;
    }
}
