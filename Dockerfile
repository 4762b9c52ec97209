# RegimenMonitor worker image. Build: docker build -t regimen-monitor .
# Run:   docker run -e ConnectionStrings__RabbitMq=... -e ConnectionStrings__Database=... -e Database__Provider=PostgreSql regimen-monitor
# or, embedded SQLite kept in a volume: docker run -v regimen-data:/app/data regimen-monitor
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# one runtime (linux-x64) keeps SqlClient's native libraries for the others out of the image (docs/dependencies.md)
RUN dotnet publish src/RegimenMonitor.Worker -c Release -r linux-x64 --self-contained false -o /app --nologo

# aspnet: the worker hosts its small health listener on the ASP.NET Core shared framework
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The program files stay root-owned (read-only for the worker); the data directory, where the default SQLite
# database (Data Source=data/regimen-monitor.db) is created, belongs to the non-root user the worker runs as.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data
VOLUME ["/app/data"]
# In a container the health listener must listen on all interfaces so that probes reach it.
ENV Health__Urls=http://0.0.0.0:8080
EXPOSE 8080
USER $APP_UID
# `health` asks this worker's /health/ready (no curl in the image); exit 0 = ready.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["dotnet", "regimen-monitor.dll", "health"]
ENTRYPOINT ["dotnet", "regimen-monitor.dll"]
CMD ["run"]
