using Tandem.Load.Proc;

namespace Tandem.Load.Tests.Proc;

public class ProcParsingTests
{
    [Fact]
    public void TryParseStatus_RealLayout_ReadsRssPeakThreads()
    {
        var status = "Name:\tdotnet\nVmPeak:\t 300000 kB\nVmHWM:\t   90000 kB\nVmRSS:\t   81234 kB\nThreads:\t17\n";
        Assert.True(ProcessProbe.TryParseStatus(status, out var rss, out var peak, out var threads));
        Assert.Equal((81234L * 1024, 90000L * 1024, 17), (rss, peak, threads));
    }

    [Fact]
    public void TryParseStatus_NoRss_ReturnsFalse()
    {
        Assert.False(ProcessProbe.TryParseStatus("Name:\tzombie\n", out _, out _, out _));
    }

    [Fact]
    public void TryParseCpu_CommandWithSpacesAndParens_ReadsUtimePlusStime()
    {
        var stat = "1234 (my (odd) server) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 12 0 100 1000 200";
        Assert.True(ProcessProbe.TryParseCpu(stat, out var cpu));
        Assert.Equal(3.0, cpu, 6);
    }

    [Fact]
    public void TryParseCpu_Truncated_ReturnsFalse()
    {
        Assert.False(ProcessProbe.TryParseCpu("1234 (x) S 1 2", out _));
    }

    [Fact]
    public void TryParseListener_ListenLine_ReadsPortAndInode()
    {
        var line = "   3: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5551212 1 0000000000000000 100 0 0 10 0";
        Assert.True(ListenerFinder.TryParseListener(line, out var port, out var inode));
        Assert.Equal((8000, "5551212"), (port, inode));
    }

    [Fact]
    public void TryParseListener_EstablishedLine_ReturnsFalse()
    {
        var line = "   4: 0100007F:1F40 0100007F:A000 01 00000000:00000000 00:00000000 00000000     0        0 5551213 1 0000000000000000 20 4 30 10 -1";
        Assert.False(ListenerFinder.TryParseListener(line, out _, out _));
    }
}
