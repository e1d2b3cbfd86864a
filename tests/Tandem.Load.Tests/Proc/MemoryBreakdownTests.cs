using Tandem.Load.Proc;

namespace Tandem.Load.Tests.Proc;

public class MemoryBreakdownTests
{
    [Fact]
    public void Parse_Smaps_SplitsFileAnonAndLargestMapping()
    {
        string[] smaps =
        [
            "55d0c0000000-55d0c0010000 r-xp 00000000 08:01 1234                       /usr/share/dotnet/dotnet",
            "Size:                 64 kB",
            "Rss:                  40 kB",
            "VmFlags: rd ex mr mw me",
            "7effffe00000-7f0000000000 rw-p 00000000 00:00 0",
            "Size:               2048 kB",
            "Rss:                2000 kB",
            "7f0000000000-7f4000000000 ---p 00000000 00:00 0",
            "Size:           268435456 kB",
            "Rss:               28000 kB",
            "7f5000000000-7f5000100000 rw-p 00000000 00:00 0                          [heap]",
            "Size:               1024 kB",
            "Rss:                 900 kB",
            "7f6000000000-7f6000200000 rw-p 00000000 00:00 0",
            "Size:               2048 kB",
            "Rss:                 100 kB",
        ];

        var breakdown = MemoryBreakdown.Parse(smaps);

        Assert.Equal(40L * 1024, breakdown.FileRssBytes);
        Assert.Equal(31000L * 1024, breakdown.AnonRssBytes);
        Assert.Equal(30000L * 1024, breakdown.LargestMappingRssBytes);
    }

    [Fact]
    public void Parse_Empty_IsZero()
    {
        Assert.Equal(default, MemoryBreakdown.Parse([]));
    }
}
