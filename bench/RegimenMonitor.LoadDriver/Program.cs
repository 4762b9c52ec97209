using RegimenMonitor.LoadDriver;

return await LoadDriverCli.InvokeAsync(args);
