using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sightline.Storage.Hosting;
using Sightline.Storage.Store;

namespace Sightline.Storage.Tests.Infrastructure;

/// <summary>The real storage server on loopback ephemeral ports, with a temporary SQLite file or PostgreSQL database.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _sqliteDirectory;
    private readonly PostgresDatabase? _database;
    private readonly List<GrpcChannel> _channels = [];

    private RunningServer(WebApplication app, string? sqliteDirectory, PostgresDatabase? database)
    {
        _app = app;
        _sqliteDirectory = sqliteDirectory;
        _database = database;
        Endpoints = app.Services.GetRequiredService<StorageEndpoints>();
        Http = new HttpClient { BaseAddress = Endpoints.QueryUrl };
    }

    public StorageEndpoints Endpoints { get; }

    public HttpClient Http { get; }

    public ISpanStore Store => _app.Services.GetRequiredService<ISpanStore>();

    public IServiceProvider Services => _app.Services;

    public static async Task<RunningServer> StartAsync(string backend, Action<StorageOptions>? configure = null)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        string? directory = null;
        PostgresDatabase? database = null;
        if (backend == "postgres")
        {
            database = await PostgresDatabase.CreateAsync(cancellationToken);
        }
        else
        {
            directory = Path.Combine(Path.GetTempPath(), "sightline-storage-tests", Guid.NewGuid().ToString("N"));
        }

        var app = StorageHost.Build([], options =>
        {
            options.Backend = backend;
            options.SqlitePath = directory is null ? options.SqlitePath : Path.Combine(directory, "traces.db");
            options.PostgresConnectionString = database?.ConnectionString ?? options.PostgresConnectionString;
            options.QueryPort = options.OtlpGrpcPort = options.OtlpHttpPort = options.GrpcPort = 0;
            configure?.Invoke(options);
        });
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            if (database is not null)
            {
                await database.DisposeAsync();
            }

            throw;
        }

        return new RunningServer(app, directory, database);
    }

    /// <summary>A channel to the Jaeger remote-storage port (storage_v1, v2 and OTLP services).</summary>
    public GrpcChannel JaegerChannel(string? bearerToken = null) => Channel(Endpoints.GrpcUrl, bearerToken);

    public GrpcChannel OtlpChannel() => Channel(Endpoints.OtlpGrpcUrl, null);

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_sqliteDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a pooled handle is left to the temp folder's cleanup.
            }
        }
    }

    private GrpcChannel Channel(Uri address, string? bearerToken)
    {
        var options = new GrpcChannelOptions { MaxReceiveMessageSize = null };
        if (bearerToken is not null)
        {
            options.Credentials = global::Grpc.Core.ChannelCredentials.Create(
                global::Grpc.Core.ChannelCredentials.Insecure,
                global::Grpc.Core.CallCredentials.FromInterceptor((_, metadata) =>
                {
                    metadata.Add("bearer.token", bearerToken);
                    return Task.CompletedTask;
                }));
            options.UnsafeUseInsecureChannelCallCredentials = true;
        }

        var channel = GrpcChannel.ForAddress(address, options);
        _channels.Add(channel);
        return channel;
    }
}
