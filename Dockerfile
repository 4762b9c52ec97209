# RegimenMonitor worker image. Build: docker build -t regimen-monitor .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/RegimenMonitor.Worker -c Release -o /app --nologo

# aspnet: the worker hosts its small health listener on the ASP.NET Core shared framework
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
USER app
ENTRYPOINT ["dotnet", "regimen-monitor.dll"]
CMD ["run"]
