namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// Every error found while loading, in file order, so a reviewer sees them all at once. An entry that fails is
/// reported and left out; the load throws one <see cref="KnowledgeBaseException"/> listing them at the end.
/// </summary>
internal sealed class LoadErrors
{
    private readonly List<string> _messages = [];

    public void Add(string message) => _messages.Add(message);

    /// <summary>Runs one entry's step; its <see cref="KnowledgeBaseException"/> is recorded. Default when it failed.</summary>
    public T? Catch<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch (KnowledgeBaseException ex)
        {
            _messages.Add(ex.Message);
            return default;
        }
    }

    /// <summary>Runs one entry's step; its <see cref="KnowledgeBaseException"/> is recorded. False when it failed.</summary>
    public bool Catch(Action step)
    {
        try
        {
            step();
            return true;
        }
        catch (KnowledgeBaseException ex)
        {
            _messages.Add(ex.Message);
            return false;
        }
    }

    public void ThrowIfAny()
    {
        if (_messages.Count > 0)
        {
            throw new KnowledgeBaseException([.. _messages]);
        }
    }
}
