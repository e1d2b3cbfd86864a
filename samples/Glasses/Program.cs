// The glasses: their camera's hardware encoder and their audio DSP push encoded frames into the
// session from their own output callbacks; the app's voice comes back into a sink (a level meter
// here, the speaker on real glasses). Exits 0 when the app said it got our media and we heard it.
using Tandem.Client.Sessions;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.Video;
using Tandem.Samples;
using Tandem.Samples.Glasses;

if (SampleArguments.Parse(args) is not { } arguments)
{
    return 2;
}

// One clock for everything the glasses capture: the app lines audio and video up through it.
var clock = new MediaClock();
using var camera = new SimulatedCameraEncoder(clock);
var microphone = new SimulatedMicrophoneEncoder(clock);

// The push sources: the encoders' callbacks write into them, the session reads.
await using var video = new PushVideoSource(frameRate: 30);
await using var audio = new PushOpusSource();
camera.Encoded += (annexB, capturedAt) => video.TryWriteFrame(annexB, capturedAt);
microphone.Encoded += (packet, capturedAt) => audio.TryWritePacket(packet, capturedAt);
var keyframeRequests = 0;
video.KeyframeRequested += () =>
{
    Interlocked.Increment(ref keyframeRequests);
    camera.ForceIdr();
};

var speaker = new LevelMeter(AudioFormat.Voice16k);
await using var session = new DeviceSession(arguments.SessionOptions("glasses_" + arguments.Uid), clock, video, audio: null,
    receivedAudio: speaker, encodedAudio: audio);
var appDone = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
session.TextReceived += text =>
{
    if (text.StartsWith("done", StringComparison.Ordinal))
    {
        appDone.TrySetResult(text);
    }
    else
    {
        _ = session.SendTextAsync("echo: " + text);
    }
};
session.Error += error => Console.WriteLine("error: " + error);

using var stop = new CancellationTokenSource();
var encoders = Task.WhenAll(Task.Run(() => camera.RunAsync(stop.Token)), Task.Run(() => microphone.RunAsync(stop.Token)));
await session.StartAsync();
Console.WriteLine("joined as glasses_" + arguments.Uid);

var finished = await Task.WhenAny(appDone.Task, Task.Delay(arguments.Timeout));
await stop.CancelAsync();
await encoders.ContinueWith(_ => { }, TaskScheduler.Default);

var report = appDone.Task.IsCompleted ? appDone.Task.Result : "the app never said it was done";
Console.WriteLine($"glasses: sent {session.VideoSent.Frames} frames ({session.VideoSent.Keyframes} keyframes), {session.AudioSent.Frames} Opus packets; " +
    $"{keyframeRequests} keyframe requests; heard {speaker.Received.TotalSeconds:0.0} s of the app at level {speaker.Level:0}; app: {report}");
var ok = finished == appDone.Task
    && session.VideoSent.Frames >= 30
    && keyframeRequests >= 1
    && speaker.Received >= TimeSpan.FromSeconds(1)
    && speaker.Level > 1000;
Console.WriteLine(ok ? "glasses: PASS" : "glasses: FAIL");
return ok ? 0 : 1;
