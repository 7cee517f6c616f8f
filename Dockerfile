# syntax=docker/dockerfile:1
# Coloring web app: build with the .NET SDK, run on the slim ASP.NET runtime as a non-root user.
#   docker build -t coloring-web .
#   docker compose up   (see compose.yaml for PostgreSQL, Redis and the settings it needs)

# ---- build ----------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files alone, so a code change does not re-download packages.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Coloring.Engine/Coloring.Engine.csproj Coloring.Engine/
COPY Coloring.Domain/Coloring.Domain.csproj Coloring.Domain/
COPY Coloring.Web/Coloring.Web.csproj Coloring.Web/
RUN dotnet restore Coloring.Web/Coloring.Web.csproj

COPY Coloring.Engine/ Coloring.Engine/
COPY Coloring.Domain/ Coloring.Domain/
# The web host's commands share the CLI's argument parser (one file, compiled into both).
COPY Coloring.Cli/CommandLine.cs Coloring.Cli/
COPY Coloring.Web/ Coloring.Web/
RUN dotnet publish Coloring.Web/Coloring.Web.csproj -c Release --no-restore -o /app/publish /p:UseAppHost=false

# ---- runtime --------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime

# The runtime image has neither curl nor wget. curl (about 1 MB with --no-install-recommends) is
# the plainest HEALTHCHECK that reads an HTTP status, works the same under Docker, Compose and
# Kubernetes exec probes, and needs no code of ours. A probe baked into the app would save the
# package but put a second entry point in the product; bash's /dev/tcp would not check the status.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY --from=build /app/publish ./

# The SQLite database (when no PostgreSQL is configured), stored photos and the development mailbox
# live under App_Data (the content root is /app); it must be writable by the non-root user.
RUN mkdir -p /app/App_Data && chown "$APP_UID" /app/App_Data
VOLUME ["/app/App_Data"]

ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_RUNNING_IN_CONTAINER=true
EXPOSE 8080

# The image's built-in non-root user "app" (UID 1654).
USER $APP_UID

# /health/live answers while the process serves requests; /health/ready (database, Redis) is for
# load balancers, so a database outage does not make Docker restart a healthy process.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl --fail --silent --show-error --max-time 4 http://127.0.0.1:8080/health/live || exit 1

ENTRYPOINT ["dotnet", "Coloring.Web.dll"]
