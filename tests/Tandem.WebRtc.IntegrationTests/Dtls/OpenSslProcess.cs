using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.IntegrationTests.Dtls;

/// <summary>Runs the openssl command line tool with an ECDSA P-256 identity of its own, and collects its output.</summary>
internal sealed class OpenSslProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _directory;

    private OpenSslProcess(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    /// <summary>Fingerprint of the certificate openssl presents.</summary>
    public required DtlsFingerprint Fingerprint { get; init; }

    public StreamWriter Input => _process.StandardInput;

    public static OpenSslProcess Start(string arguments)
    {
        string directory = Directory.CreateTempSubdirectory("tandem-openssl-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=openssl", key, HashAlgorithmName.SHA256);
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());

        var info = new ProcessStartInfo("openssl", $"{arguments} -cert cert.pem -key key.pem")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = info };
        var result = new OpenSslProcess(process, directory) { Fingerprint = DtlsFingerprint.Compute(certificate.RawData) };
        process.OutputDataReceived += (_, e) => result.Append(e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits (event-driven on output lines) until the output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var found = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(object? sender, DataReceivedEventArgs e)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                found.TrySetResult();
            }
        }

        _process.OutputDataReceived += Check;
        _process.ErrorDataReceived += Check;
        Check(null, null!);
        try
        {
            await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"openssl never printed '{text}'. Output so far:\n{Output}");
        }
        finally
        {
            _process.OutputDataReceived -= Check;
            _process.ErrorDataReceived -= Check;
        }
    }

    /// <summary>The hex string openssl prints after "Keying material: ", as bytes.</summary>
    public byte[] KeyingMaterial()
    {
        const string Marker = "Keying material: ";
        string output = Output;
        int start = output.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(start >= 0, "openssl printed no keying material:\n" + output);
        string hex = new(output[(start + Marker.Length)..].TakeWhile(Uri.IsHexDigit).ToArray());
        return Convert.FromHexString(hex);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
