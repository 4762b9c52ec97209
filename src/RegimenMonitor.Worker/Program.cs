using RegimenMonitor.Worker.Cli;

return await RegimenMonitorCli.InvokeAsync(args);
