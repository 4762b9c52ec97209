namespace RegimenMonitor.Worker.Terminology;

/// <summary>The file <c>Terminology:Path</c> names is not a terminology JSON file (<see cref="TerminologyMap.Load"/>).</summary>
internal sealed class TerminologyFileException(string message, Exception inner) : Exception(message, inner);
