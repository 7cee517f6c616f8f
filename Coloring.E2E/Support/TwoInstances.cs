using System.Diagnostics;
using System.Text;
using Amazon.S3.Model;
using Coloring.Domain.Storage;
using Microsoft.Playwright;
using Npgsql;

namespace Coloring.E2E.Support;

/// <summary>
/// Coloring as it is deployed on several machines: two app processes on one PostgreSQL database, one Redis and
/// one S3-compatible bucket (the servers <c>./test.sh</c> starts), behind nginx with the repository's own site
/// configuration (<c>deploy/nginx/coloring.conf</c>), and a Chromium to use it through the proxy.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("coloring-two-").FullName;
    private readonly string _database = $"coloring_two_{Guid.NewGuid():N}"[..28];
    private readonly string _bucket = $"coloring-two-{Guid.NewGuid():N}"[..36];
    private Process? _nginx;

    public TestMailServer Mail { get; } = new();

    /// <summary>The two app instances, in the order they started.</summary>
    public AppProcess[] Apps { get; private set; } = [];

    public int ProxyPort { get; } = FreePort.Next();

    /// <summary>The site's address through the proxy; "localhost", so Chromium keeps the Secure cookie over http.</summary>
    public string BaseUrl => $"http://localhost:{ProxyPort}";

    public string PostgresConnectionString => new NpgsqlConnectionStringBuilder(Server("COLORING_TEST_POSTGRES")) { Database = _database }.ConnectionString;

    public IPlaywright Playwright { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(30_000);
        await using (var admin = new NpgsqlConnection(Server("COLORING_TEST_POSTGRES")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        using (var s3 = S3BlobStore.CreateClient(S3Options()))
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = _bucket });
        }

        // One after the other: the first migrates the new database.
        var first = AppProcess.Start(Settings(), _folder, "a");
        await first.WaitUntilLiveAsync();
        var second = AppProcess.Start(Settings(), _folder, "b");
        await second.WaitUntilLiveAsync();
        Apps = [first, second];
        _nginx = StartNginx();
        await WaitForProxyAsync();

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("COLORING_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
        });
    }

    /// <summary>A value of nginx's route cookie that sends a browser to <paramref name="app"/>.</summary>
    public async Task<string> RouteToAsync(AppProcess app)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 200; i++)
        {
            var route = $"route-{i}";
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{ProxyPort}/health/live");
            request.Headers.Add("Cookie", $"coloring_route={route}");
            using var response = await http.SendAsync(request);
            if (response.Headers.TryGetValues("X-Coloring-Upstream", out var upstream) && upstream.Single() == $"127.0.0.1:{app.Port}")
            {
                return route;
            }
        }

        throw new InvalidOperationException($"No route leads to port {app.Port}.");
    }

    /// <summary>A browser of its own (own cookies) that nginx sends to <paramref name="app"/>.</summary>
    public async Task<IPage> BrowserOnAsync(AppProcess app)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = Screenshots.Desktop, Locale = "en-GB", AcceptDownloads = true });
        context.SetDefaultTimeout(30_000);
        await context.AddCookiesAsync([new Cookie { Name = "coloring_route", Value = await RouteToAsync(app), Domain = "localhost", Path = "/" }]);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        Playwright?.Dispose();
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }

        foreach (var app in Apps)
        {
            await app.DisposeAsync();
        }

        await Mail.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(Server("COLORING_TEST_POSTGRES")))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        using (var s3 = S3BlobStore.CreateClient(S3Options()))
        {
            var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket });
            foreach (var item in listed.S3Objects ?? [])
            {
                await s3.DeleteObjectAsync(_bucket, item.Key);
            }

            await s3.DeleteBucketAsync(_bucket);
        }

        Directory.Delete(_folder, recursive: true);
    }

    private Dictionary<string, string> Settings() => new()
    {
        // Development: static web assets come from the build output only there (as in the other browser tests).
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["ConnectionStrings__Postgres"] = PostgresConnectionString,
        ["ConnectionStrings__Redis"] = Server("COLORING_TEST_REDIS"),
        ["ConnectionStrings__Sqlite"] = "",
        ["Storage__S3__ServiceUrl"] = Server("COLORING_TEST_S3"),
        ["Storage__S3__Bucket"] = _bucket,
        ["Storage__S3__AccessKey"] = "S3RVER",
        ["Storage__S3__SecretKey"] = "S3RVER",
        ["App__BaseUrl"] = BaseUrl,
        ["App__TrustedProxies__0"] = "127.0.0.1",
        ["Email__From"] = "Coloring <no-reply@coloring.test>",
        ["Email__Smtp__Host"] = "127.0.0.1",
        ["Email__Smtp__Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email__Smtp__UseTls"] = "false",
        ["Email__MailboxFolder"] = Path.Combine(_folder, "mailbox"),
        ["Auth__AdminEmails__0"] = ColoringAppFactory.AdminEmail,
        ["RateLimits__Uploads__PermitLimit"] = "100000",
        ["RateLimits__Generations__PermitLimit"] = "100000",
        ["RateLimits__SignInLinks__PermitLimit"] = "100000",
        // A stopped instance's job is taken over within seconds instead of minutes.
        ["Generation__HeartbeatInterval"] = "00:00:02",
        ["Generation__StaleAfter"] = "00:00:08",
        ["Generation__RecoveryInterval"] = "00:00:02",
        ["Generation__MaxConcurrency"] = "1",
        // Quartz names its cluster member at start; the test finds the instance running a job by that name.
        ["Logging__LogLevel__Quartz"] = "Information",
    };

    private Process StartNginx()
    {
        var site = File.ReadAllText(Path.Combine(RepositoryRoot, "deploy", "nginx", "coloring.conf"))
            .Replace("server app1:8080", $"server 127.0.0.1:{Apps[0].Port}", StringComparison.Ordinal)
            .Replace("server app2:8080", $"server 127.0.0.1:{Apps[1].Port}", StringComparison.Ordinal)
            .Replace("listen 80;", $"listen 127.0.0.1:{ProxyPort};", StringComparison.Ordinal);
        var nginx = Path.Combine(_folder, "nginx");
        Directory.CreateDirectory(nginx);
        File.WriteAllText(Path.Combine(nginx, "site.conf"), site);
        File.WriteAllText(Path.Combine(nginx, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{nginx}}/nginx.pid;
            error_log {{nginx}}/error.log;
            events { worker_connections 512; }
            http {
              access_log off;
              client_body_temp_path {{nginx}}/body;
              proxy_temp_path {{nginx}}/proxy;
              fastcgi_temp_path {{nginx}}/fastcgi;
              uwsgi_temp_path {{nginx}}/uwsgi;
              scgi_temp_path {{nginx}}/scgi;
              include {{nginx}}/site.conf;
            }
            """);
        // nginx's workers drop root for "nobody", which must reach the temporary folders.
        if (!OperatingSystem.IsWindows())
        {
            foreach (var folder in new[] { _folder, nginx })
            {
                File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
            }
        }

        var binary = Environment.GetEnvironmentVariable("COLORING_NGINX") is { Length: > 0 } path ? path : "/usr/sbin/nginx";
        return Process.Start(new ProcessStartInfo(binary, ["-c", Path.Combine(nginx, "nginx.conf"), "-p", nginx]) { UseShellExecute = false })!;
    }

    private async Task WaitForProxyAsync()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{ProxyPort}/health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("nginx did not start: " + File.ReadAllText(Path.Combine(_folder, "nginx", "error.log")));
            }

            await Task.Delay(200);
        }
    }

    private S3StorageOptions S3Options() => new() { ServiceUrl = Server("COLORING_TEST_S3"), Bucket = _bucket, AccessKey = "S3RVER", SecretKey = "S3RVER" };

    private static string Server(string variable) =>
        Environment.GetEnvironmentVariable(variable) ?? throw new InvalidOperationException($"{variable} is not set: run the tests with ./test.sh, which starts the servers.");

    private static string RepositoryRoot
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Coloring.slnx")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException("The repository root is not above " + AppContext.BaseDirectory);
        }
    }
}

/// <summary>One app instance as its own process (the web app from this test project's output), with its console kept.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, int port, string name)
    {
        _process = process;
        Port = port;
        Name = name;
    }

    public int Port { get; }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the instance has written to its console so far.</summary>
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

    public static AppProcess Start(IReadOnlyDictionary<string, string> settings, string folder, string name)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Coloring.Web.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Storage__Root"] = Path.Combine(folder, $"storage-{name}");
        var app = new AppProcess(Process.Start(start)!, port, name);
        app._process.OutputDataReceived += (_, e) => app.Append(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        return app;
    }

    public async Task WaitUntilLiveAsync()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Instance {Name} stopped at start:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{Port}/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Instance {Name} is not ready after two minutes:\n{Output}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Stops the process at once, as a crash or a pulled plug would: no shutdown, no goodbyes.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
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
