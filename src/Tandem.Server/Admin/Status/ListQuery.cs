using System.Globalization;

namespace Tandem.Server.Admin.Status;

/// <summary>A filter and page over one list: <c>?q=</c> (case-insensitive substring of any shown field), <c>offset</c>, <c>limit</c>.</summary>
/// <param name="Filter">Text to look for, or empty.</param>
/// <param name="Offset">First match to return.</param>
/// <param name="Limit">Matches to return at most.</param>
internal readonly record struct ListQuery(string Filter, int Offset, int Limit)
{
    /// <summary>Everything, unfiltered.</summary>
    public static ListQuery All => new("", 0, int.MaxValue);

    /// <summary>Reads <c>{prefix}q</c>, <c>{prefix}offset</c>, <c>{prefix}limit</c>; bad numbers fall back to the defaults.</summary>
    public static ListQuery From(IQueryCollection query, string prefix, int defaultLimit)
    {
        var offset = Number(query[prefix + "offset"], 0);
        var limit = Number(query[prefix + "limit"], defaultLimit);
        return new ListQuery(query[prefix + "q"].ToString().Trim(), offset, limit < 1 ? defaultLimit : limit);
    }

    /// <summary>Applies the filter, then the page; the offset is clamped to the last page.</summary>
    public PageView<T> Apply<T>(IReadOnlyList<T> items, Func<T, IEnumerable<string?>> fields)
    {
        var filter = Filter;
        var matched = filter.Length == 0
            ? items
            : items.Where(i => fields(i).Any(f => f is not null && f.Contains(filter, StringComparison.OrdinalIgnoreCase))).ToList();
        var offset = Math.Clamp(Offset, 0, Math.Max(0, matched.Count - 1));
        var page = matched.Skip(offset).Take(Limit).ToList();
        return new PageView<T>(items.Count, matched.Count, offset, page);
    }

    private static int Number(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
