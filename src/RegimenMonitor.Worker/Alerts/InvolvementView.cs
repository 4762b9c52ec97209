using System.Text.Json;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>One product in a finding, with the feed's ids for it (dispense/statement, prescription, pharmacy).</summary>
internal sealed record InvolvementView(
    string Ingredient,
    string Kind,
    string ProductText,
    string? SourceEventId,
    string? ItemId = null,
    string? PrescriptionId = null,
    string? PharmacyId = null,
    DateTimeOffset? StartedAt = null)
{
    public static InvolvementView From(FindingInvolvement involvement, IReadOnlyCollection<RegimenItemRecord>? items)
    {
        ArgumentNullException.ThrowIfNull(involvement);
        var kind = involvement.Kind == RegimenItemKind.Medication ? "medication" : "supplement";
        var item = items?.FirstOrDefault(i => i.Kind == kind && i.ItemKey == involvement.ItemId);
        var (prescriptionId, pharmacyId) = Ids(item?.DetailsJson);
        return new InvolvementView(involvement.Ingredient, kind, involvement.ProductText, involvement.SourceEventId,
            involvement.ItemId, prescriptionId, pharmacyId, item?.StartedAt);
    }

    private static (string? PrescriptionId, string? PharmacyId) Ids(string? detailsJson)
    {
        if (string.IsNullOrEmpty(detailsJson))
        {
            return (null, null);
        }

        using var json = JsonDocument.Parse(detailsJson);
        return (RegimenItemRecord.DetailText(json.RootElement, "prescriptionId"), RegimenItemRecord.DetailText(json.RootElement, "pharmacyId"));
    }
}
