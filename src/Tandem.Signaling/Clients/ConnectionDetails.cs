namespace Tandem.Signaling.Clients;

/// <summary>What the transport knows about a new connection beyond its endpoint text.</summary>
/// <param name="Host">The remote address without the port, counted by the per-address cap (R40); the endpoint text when null.</param>
/// <param name="Token">The <c>?token=</c> of the WebSocket URL, if any.</param>
public readonly record struct ConnectionDetails(string? Host, string? Token);
