namespace Tandem.Server.Configuration;

/// <summary>Finds the known setting an unknown key was probably meant to be.</summary>
public static class KeySuggestion
{
    /// <summary>
    /// The row of <see cref="SettingsTable"/> closest to <paramref name="key"/> by edit distance (ignoring
    /// case, a swap of two neighbours counting once), compared whole and by last segment, so that
    /// <c>Signaling:Prot</c> and a bare <c>port</c> both find <c>Signaling:Port</c>, or a last segment cut
    /// short (<c>RoomTimeout</c>); null when nothing is close.
    /// </summary>
    public static Setting? Closest(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var leaf = key[(key.LastIndexOf(':') + 1)..];
        Setting? best = null;
        var bestDistance = int.MaxValue;
        var bestKeyDistance = int.MaxValue;
        foreach (var setting in SettingsTable.All.Where(s => !s.IsFamily))
        {
            var keyDistance = Distance(key, setting.Key);
            var distance = Math.Min(keyDistance, Distance(leaf, setting.Leaf));
            if (leaf.Length >= 4 && setting.Leaf.StartsWith(leaf, StringComparison.OrdinalIgnoreCase))
            {
                // A name cut short ("RoomTimeout" for "RoomTimeoutSeconds") is as good as one typo.
                distance = Math.Min(distance, 1);
            }

            // Equally close names ("Secret" in Auth and Turn): the one in the section typed wins.
            if (distance < bestDistance || (distance == bestDistance && keyDistance < bestKeyDistance))
            {
                (best, bestDistance, bestKeyDistance) = (setting, distance, keyDistance);
            }
        }

        // A third of the leaf's letters may be wrong (two for short names): "Prot", "MaxConection".
        return bestDistance <= Math.Max(2, leaf.Length / 3) ? best : null;
    }

    /// <summary>Optimal string alignment distance, case-insensitive: insertions, deletions, substitutions, adjacent swaps.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1
                    && char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 2])
                    && char.ToUpperInvariant(a[i - 2]) == char.ToUpperInvariant(b[j - 1]))
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
