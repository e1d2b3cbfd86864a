using Tandem.Fuzz.Targets;

namespace Tandem.Fuzz;

/// <summary>Runs saved inputs (crashes, hangs, seeds) through a target once each, outside afl-fuzz.</summary>
internal static class Replay
{
    public static int Files(IFuzzTarget target, IEnumerable<string> files)
    {
        var failures = 0;
        foreach (string file in files)
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
                Console.WriteLine($"ok      {file}");
            }
            catch (Exception e)
            {
                failures++;
                Console.WriteLine($"FAILED  {file}\n{e}");
            }
        }

        return failures == 0 ? 0 : 1;
    }
}
