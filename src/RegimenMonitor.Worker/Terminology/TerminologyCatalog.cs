using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Terminology;

/// <summary>
/// The terminology this process maps codes with: one immutable <see cref="TerminologyMap"/> behind a volatile
/// reference, replaced whole when the database holds a newer import. Reading it costs one volatile read. One per
/// process.
/// </summary>
internal sealed class TerminologyCatalog(TerminologyMap initial)
{
    private volatile TerminologyMap _current = initial;

    public TerminologyMap Current => _current;

    public void Replace(TerminologyMap map) => _current = map;

    /// <summary>
    /// Loads the database's newest import unless it is the one in use; keeps the current map (the seed file's, or
    /// none) while the database holds no import. True when the map was replaced.
    /// </summary>
    public async Task<bool> RefreshAsync(RegimenDbContext db, CancellationToken ct)
    {
        var latest = await TerminologyStore.LatestImportIdAsync(db, ct);
        if (latest == 0 || latest == _current.ImportId)
        {
            return false;
        }

        _current = await TerminologyStore.LoadAsync(db, latest, ct);
        return true;
    }
}
