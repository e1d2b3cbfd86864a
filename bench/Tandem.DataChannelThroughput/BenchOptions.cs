using System.Globalization;

namespace Tandem.DataChannelThroughput;

/// <summary>Command line: <c>[--sizes 16384,1024] [--mib 32] [--rounds 3] [--warmup-mib 4] [--pairings a,b] [--out DIR]</c>.</summary>
internal sealed record BenchOptions(IReadOnlyList<int> Sizes, double MiB, int Rounds, double WarmupMiB, IReadOnlyList<Pairing> Pairings, string Out)
{
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions([16 * 1024, 1024], 32, 3, 4, Enum.GetValues<Pairing>(), "bench/results/datachannel");
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i++] switch
            {
                "--sizes" => o with { Sizes = [.. value.Split(',').Select(s => Between(int.Parse(s, CultureInfo.InvariantCulture), 4, NumberedPayload.MaxSize, "size"))] },
                "--mib" => o with { MiB = double.Parse(value, CultureInfo.InvariantCulture) },
                "--rounds" => o with { Rounds = Between(int.Parse(value, CultureInfo.InvariantCulture), 1, 100, "rounds") },
                "--warmup-mib" => o with { WarmupMiB = double.Parse(value, CultureInfo.InvariantCulture) },
                "--pairings" => o with { Pairings = [.. value.Split(',').Select(p => Enum.Parse<Pairing>(p, ignoreCase: true))] },
                "--out" => o with { Out = value },
                _ => throw new ArgumentException($"unknown option {args[i - 1]}"),
            };
        }

        return o;
    }

    private static int Between(int value, int min, int max, string what) =>
        value >= min && value <= max ? value : throw new ArgumentException($"{what} must be {min}..{max}");
}
