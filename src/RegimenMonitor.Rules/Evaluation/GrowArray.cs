namespace RegimenMonitor.Rules.Evaluation;

/// <summary>Append to a reused working array, doubling it when full.</summary>
internal static class GrowArray
{
    /// <summary>Stores <paramref name="value"/> at <paramref name="count"/> and returns a reference to the stored slot.</summary>
    public static ref T Append<T>(ref T[] array, ref int count, T value)
        where T : struct
    {
        EnsureRoom(ref array, count, 1);
        ref var slot = ref array[count++];
        slot = value;
        return ref slot;
    }

    /// <summary>Grows <paramref name="array"/> so that <paramref name="extra"/> more items fit after <paramref name="count"/>.</summary>
    public static void EnsureRoom<T>(ref T[] array, int count, int extra)
    {
        if (count + extra > array.Length)
        {
            Array.Resize(ref array, Math.Max(array.Length * 2, count + extra));
        }
    }
}
