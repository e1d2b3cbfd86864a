// The phone app: the glasses' video goes into a sink (a frame counter here, the decoder and view in
// an app), their audio into another (a level meter here, the speaker in an app); it talks back with
// a tone and a data-channel message. Exits 0 when it saw enough of both and the echo came back.
using Tandem.Client.Sessions;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Samples;
using Tandem.Samples.PhoneApp;

if (SampleArguments.Parse(args) is not { } arguments)
{
    return 2;
}

var clock = new MediaClock();
var screen = new FrameCounter();
var speaker = new LevelMeter(AudioFormat.Voice16k);
await using var microphone = new ToneAudioSource(clock, new ToneGenerator(16_000, 660, 0.3));
await using var session = new AppSession(arguments.SessionOptions("app_" + arguments.Uid), clock, microphone, screen, speaker);
var glassesLeft = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
session.PeerLeft += _ => glassesLeft.TrySetResult();
session.Error += error => Console.WriteLine("error: " + error);
var messages = session.Messages;

await session.StartAsync();
Console.WriteLine("joined as app_" + arguments.Uid);
using var timeout = new CancellationTokenSource(arguments.Timeout);
string? echo = null;
try
{
    // Queued as soon as the data channel opens; the glasses echo it.
    await session.SendTextAsync("hello glasses", timeout.Token);
    echo = (await messages.ReadAsync(timeout.Token)).Text;
    while (!(screen.Frames >= 60 && speaker.Received >= TimeSpan.FromSeconds(2) && speaker.Level > 1000))
    {
        await Task.Delay(100, timeout.Token);
    }

    await session.SendTextAsync($"done: {screen.Frames} frames", timeout.Token);
    await glassesLeft.Task.WaitAsync(timeout.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine($"app: timed out after {arguments.Timeout.TotalSeconds:0} s");
}

Console.WriteLine($"app: {screen.Frames} frames ({screen.Keyframes} keyframes, {screen.Placed} with a presentation time), " +
    $"heard {speaker.Received.TotalSeconds:0.0} s at level {speaker.Level:0}, A/V offset {session.AvOffset?.TotalMilliseconds:0} ms, echo '{echo}'" +
    (screen.Problem is { } problem ? ", problem: " + problem : ""));
var ok = screen.Frames >= 60 && screen.Keyframes >= 1 && screen.Placed > 0 && screen.Problem is null
    && speaker.Level > 1000 && echo == "echo: hello glasses" && glassesLeft.Task.IsCompleted;
Console.WriteLine(ok ? "app: PASS" : "app: FAIL");
return ok ? 0 : 1;
