using SharpFuzz;
using Tandem.Fuzz;
using Tandem.Fuzz.Targets;

// Tandem.Fuzz <target>            under afl-fuzz: the persistent-mode loop (SharpFuzz's fork server)
// Tandem.Fuzz <target> <file>...  replays files once each, reporting what escapes
// Tandem.Fuzz seeds <dir> <repo>  writes the generated seed corpora to <dir>/<target>/
// Tandem.Fuzz --list              prints the target names
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: Tandem.Fuzz <target> [file...] | seeds <dir> <repo>\ntargets: " + string.Join(' ', FuzzTargets.Names));
    return 2;
}

if (args[0] == "--list")
{
    Console.WriteLine(string.Join('\n', FuzzTargets.Names));
    return 0;
}

if (args[0] == "seeds")
{
    return Tandem.Fuzz.Targets.Seeds.SeedWriter.WriteAll(args.Length > 1 ? args[1] : "seeds", args.Length > 2 ? args[2] : ".");
}

var target = FuzzTargets.Create(args[0]);
if (target is null)
{
    Console.Error.WriteLine($"unknown target '{args[0]}': pick one of {string.Join(' ', FuzzTargets.Names)}");
    return 2;
}

if (args.Length > 1)
{
    return Replay.Files(target, args[1..]);
}

var buffer = new byte[1 << 20];
void RunOne(Stream stream)
{
    int length = 0, read;
    while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
    {
        length += read;
    }

    target.Run(buffer.AsSpan(0, length));
}

// In-process is several times faster; out of process survives a stack overflow or a hang and reports it.
if (Environment.GetEnvironmentVariable("TANDEM_FUZZ_OUT_OF_PROCESS") == "1")
{
    Fuzzer.OutOfProcess.Run(RunOne);
}
else
{
    Fuzzer.Run(RunOne);
}

return 0;
