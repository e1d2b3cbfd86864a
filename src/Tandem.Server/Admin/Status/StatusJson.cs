using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tandem.Server.Admin.Status;

/// <summary>Source-generated JSON (camelCase) for the status API and the event stream.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StatusView))]
[JsonSerializable(typeof(TotalsView))]
[JsonSerializable(typeof(ClusterView))]
[JsonSerializable(typeof(PageView<RoomView>))]
[JsonSerializable(typeof(PageView<ConnectionView>))]
[JsonSerializable(typeof(IReadOnlyList<Sample>))]
[JsonSerializable(typeof(ActionResult))]
internal sealed partial class StatusJson : JsonSerializerContext;

/// <summary>The answer to an operator action.</summary>
/// <param name="Done">True when the room or connection existed and was acted on.</param>
/// <param name="Message">What happened.</param>
public sealed record ActionResult(bool Done, string Message);
