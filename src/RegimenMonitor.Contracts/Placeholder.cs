namespace RegimenMonitor.Contracts;
