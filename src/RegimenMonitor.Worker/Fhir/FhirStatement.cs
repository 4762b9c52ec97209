using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Regimens;

using R4 = Hl7.Fhir.Model;
using Status = Hl7.Fhir.Model.MedicationStatement.MedicationStatusCodes;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// A MedicationStatement as the native <see cref="SupplementReported"/> it stands for (a reported product: supplement,
/// herbal, OTC or a medicine the patient says they take). Status (docs/fhir.md): <c>active</c> and <c>unknown</c> are
/// taken; <c>completed</c>, <c>stopped</c> and <c>on-hold</c> stop it; <c>entered-in-error</c> and <c>not-taken</c>
/// withdraw it; <c>intended</c> is not taken yet (nothing changes).
/// </summary>
internal static class FhirStatement
{
    /// <summary>The native event, the FHIR status kept on the regimen item, and the codes the native contract lacks.</summary>
    /// <remarks>
    /// <c>StopsOn</c>: the first day without the product (the day after <c>effectivePeriod.end</c>), the change's stop.
    /// The native <c>stoppedOn</c> holds it too, except after an end of 2200-12-31, the last day of the years taken,
    /// whose next day lies beyond the native contract's years.
    /// </remarks>
    internal sealed record Native(SupplementReported Message, string FhirStatus, string? RxNorm, string? Ndc, DateOnly? StopsOn)
    {
        /// <summary>The native mapping's change with this statement's own stop.</summary>
        public RegimenChange Stopping(RegimenChange change) =>
            StopsOn is { } day ? change with { StoppedAt = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) } : change;
    }

    public static readonly IReadOnlyDictionary<string, string> FieldPaths = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["eventId"] = "id",
        ["patientId"] = "subject",
        ["statementId"] = "identifier",
        ["status"] = "status",
        ["reportedAt"] = "dateAsserted",
        ["supplement"] = "medication",
        ["supplement.text"] = "medication.text",
        ["supplement.atc"] = $"medication.coding.where(system='{FhirEventMapper.AtcSystem}').code",
        ["source"] = "informationSource",
        ["stoppedOn"] = "effectivePeriod.end",
        ["startedOn"] = "effective[x]",
    };

    public static Native? ToNative(R4.MedicationStatement statement, string path, FhirReferences context, EventTimeLimit limit, ProductIngredients ingredients, List<string> failures)
    {
        var receivedAt = limit.Now;
        // a year or a month is no time of a report (it orders reports) nor a day of a stop (its start would end the
        // product months early); a start given so ("taking it since 2019", as patients report) is read from its first day
        var full = FhirEventMapper.FullDate(statement.DateAsserted, $"{path}.dateAsserted", failures)
            & FhirEventMapper.Seconds(statement.DateAsserted, $"{path}.dateAsserted", failures);
        if (statement.Effective is R4.Period effectivePeriod)
        {
            full &= FhirEventMapper.FullDate(effectivePeriod.End, $"{path}.effectivePeriod.end", failures)
                & FhirEventMapper.Seconds(effectivePeriod.Start, $"{path}.effectivePeriod.start", failures)
                & FhirEventMapper.Seconds(effectivePeriod.End, $"{path}.effectivePeriod.end", failures);
        }
        else if (statement.Effective is R4.FhirDateTime effectiveAt)
        {
            // a time without seconds is no R4 dateTime (found by an edge probe: the SDK's reader takes hh:mm)
            full &= FhirEventMapper.Seconds(effectiveAt.Value, $"{path}.effectiveDateTime", failures);
        }

        if (!full)
        {
            return null;
        }

        var (start, end) = statement.Effective switch
        {
            R4.FhirDateTime at => (at.Value, null),
            R4.Period period => (period.Start, period.End),
            _ => ((string?)null, (string?)null),
        };
        var startPath = statement.Effective is R4.Period ? $"{path}.effectivePeriod.start" : $"{path}.effectiveDateTime";
        // the native contract's years, before any arithmetic (9999-12-31 has no day after): the report's time as an
        // instant, the start and end as the dates they are (an end of 2200-12-31 is taken through that day)
        if (!FhirEventMapper.InRange(statement.DateAsserted, $"{path}.dateAsserted", instant: true, failures)
            | !FhirEventMapper.InRange(start, startPath, instant: false, failures)
            | !FhirEventMapper.InRange(end, $"{path}.effectivePeriod.end", instant: false, failures))
        {
            return null;
        }

        if (statement.DateAsserted is null
            && (!FhirEventMapper.LastUpdatedInRange(statement.Meta, path, failures)
                || (statement.Meta?.LastUpdated is null && FhirEventMapper.Instant(start) <= limit.Latest
                    && !FhirEventMapper.InRange(start, startPath, instant: true, failures))))
        {
            // without dateAsserted, meta.lastUpdated or the start (unless still to come) stands for the report's time:
            // an instant of those years (1900-01-01T00:00:00+01:00 is 1899 in UTC)
            return null;
        }

        if (EndsBeforeStart(start, end))
        {
            // per-1: a Period's start is not after its end
            failures.Add($"{path}.effectivePeriod.end must not be before effectivePeriod.start (per-1)");
            return null;
        }

        var asserted = FhirEventMapper.Instant(statement.DateAsserted);
        // the statement's own time, as the native reportedAt: never ahead of this service's clock by more than the skew
        if (FhirEventMapper.Ahead(asserted, "dateAsserted", statement.Meta, path, limit) is { } ahead)
        {
            failures.Add(ahead);
            return null;
        }

        if (statement.Status is not { } status)
        {
            failures.Add($"{path}.status is required");
            return null;
        }

        string? native = status switch
        {
            Status.Active or Status.Unknown => "active",
            Status.Completed or Status.Stopped or Status.OnHold => "stopped",
            Status.EnteredInError or Status.NotTaken => "entered-in-error",
            _ => null,
        };
        if (native is null)
        {
            return null;
        }

        var sourceType = SourceType(statement.InformationSource, $"{path}.informationSource", context);
        // a withdrawal is refused over none of these: it withdraws, read with no informant (found by a review: a statement
        // entered in error over an informant reference the checks below refuse stayed counted)
        var informantFailures = native == "entered-in-error" ? [] : failures;
        if (statement.InformationSource is { } informant
            && !FhirEventMapper.ReferenceWellFormed(informant, $"{path}.informationSource", "Practitioner/<id> (or Patient, PractitionerRole, RelatedPerson, Organization)", context,
                informantFailures))
        {
            // a malformed or self-contradicting reference was read leniently as the informant it seemed to name (found by
            // an independent edge probe): refused, as subject is, and read as no informant; whether a stop is the care
            // team's turns on it. A withdrawal is not refused over it (found by a review: a feed whose informant references
            // were accepted before would be left unable to withdraw a statement): it withdraws, with no informant
            sourceType = null;
        }
        else if (FhirEventMapper.NamesNothing(statement.InformationSource?.Reference, $"{path}.informationSource", context))
        {
            // a local reference that names nothing is a broken resource (ref-1), not an unknown informant: read as one, a
            // care team's stop would silently not end the dispenses it reports stopped (found by an independent edge probe)
            informantFailures.Add(FhirEventMapper.Unresolved($"{path}.informationSource"));
            sourceType = null;
        }
        else if (statement.InformationSource?.Reference is { } informantReference
                 && context.Resolve(informantReference, $"{path}.informationSource") is { } informantResource
                 && !FhirEventMapper.Understood(informantResource, context.PathOf(informantResource, path), informantFailures))
        {
            // a Practitioner entry whose modifier extension or implicitRules may say it is not what it seems (found by an
            // independent edge probe: read as the care team's, its stop ended a dispense and resolved a major alert); a
            // contained one is checked with the statement
            sourceType = null;
        }
        else if (sourceType is not null && !SourceTypes.Contains(sourceType))
        {
            // R4: Patient | Practitioner | PractitionerRole | RelatedPerson | Organization (a Device is no informant)
            informantFailures.Add($"{path}.informationSource must reference a Patient, Practitioner, PractitionerRole, RelatedPerson or Organization");
            sourceType = null;
        }

        var patient = FhirEventMapper.Patient(statement.Subject, path, context, failures, native == "entered-in-error");
        var product = FhirEventMapper.Medication(statement.Medication, path, context, ingredients, failures, native == "entered-in-error");
        if (product is { } codes)
        {
            // kept on the item beside the native event, which has only ATC
            EventMapper.OptionalCode($"{path}.medication.coding.where(system='{FhirEventMapper.RxNormSystem}').code", codes.RxNorm, failures, "rxnorm");
            EventMapper.OptionalCode($"{path}.medication.coding.where(system='{FhirEventMapper.NdcSystem}').code", codes.Ndc, failures, "ndc");
        }

        FhirEventMapper.ItemKeyValueFailures(statement.Identifier, path, failures);
        if (failures.Count > 0)
        {
            return null;
        }

        var itemKey = FhirEventMapper.ItemKey(statement.Identifier, statement);
        // a Period's end includes its date (R4: "2012-02-03T10:00:00 is in a period that has an end value of
        // 2012-02-03"); the native stoppedOn is the first day without the product (in range: the end is at most 2200-12-31).
        // Two times in different offsets may be in order as instants while the end's date as written is before the
        // start's (start 2026-11-02T01:00:00+05:00, end 2026-11-01T23:00:00Z): the product was still taken on the start's
        // day, so it stops no earlier than the day after it, never on its first day (an item with no day taken is never checked)
        var lastDay = FhirEventMapper.Date(end);
        if (lastDay < FhirEventMapper.Date(start))
        {
            lastDay = FhirEventMapper.Date(start);
        }

        if (status == Status.Completed && statement.Effective is R4.FhirDateTime taken)
        {
            // completed with one time: taken then (R4: effective[x] is when it was taken), through that day — a year or a
            // month as written through its last day — not until the report: a linezolid course of March reported in
            // December is no nine months of linezolid
            lastDay = LastDayOf(taken.Value);
        }

        var stopsOn = lastDay?.AddDays(1);
        return new Native(new SupplementReported
        {
            EventId = FhirEventId.For(statement, itemKey, patient),
            PatientId = patient,
            StatementId = itemKey,
            Status = native,
            // without dateAsserted or meta.lastUpdated, the start stands for the report time unless it is still to
            // come (a planned start): then the arrival does, so a later report is never taken for an older one
            ReportedAt = asserted ?? statement.Meta?.LastUpdated
                ?? (FhirEventMapper.Instant(start) is { } started && started <= limit.Latest ? started : receivedAt),
            // a product given by code alone is named as a native code-only dispense is ("NDC …", "RxNorm …"), its codes kept beside
            Supplement = new SupplementProduct { Text = EventMapper.CodeOnlyText(product!.Value.Text, product.Value.RxNorm, product.Value.Ndc), Atc = product.Value.Atc },
            StartedOn = FhirEventMapper.Date(start),
            StoppedOn = stopsOn?.Year <= EventContract.LatestYear ? stopsOn : null,
            Source = Source(sourceType),
        }, Code(status), product.Value.RxNorm, product.Value.Ndc, stopsOn);
    }

    /// <summary>The last day a date as written names: its own day, the last of its month, or the last of its year.</summary>
    private static DateOnly? LastDayOf(string? value) => FhirEventMapper.Date(value) is not { } first ? null
        : value!.Length == 4 ? first.AddYears(1).AddDays(-1)
        : value.Length == 7 ? first.AddMonths(1).AddDays(-1)
        : first;

    /// <summary>
    /// per-1, a Period's start not after its end: as instants when both carry a time (R4: a time has its offset, so
    /// 2026-11-01T23:00:00-05:00 is after 2026-11-02T01:00:00Z although its date as written is earlier), else by their
    /// dates as written (a date alone names a whole day, in no offset: 2026-11-02 is not before 2026-11-02T08:00:00+09:00).
    /// </summary>
    private static bool EndsBeforeStart(string? start, string? end)
    {
        if (start is { Length: > 10 } && end is { Length: > 10 }
            && FhirEventMapper.Instant(start) is { } from && FhirEventMapper.Instant(end) is { } to)
        {
            return to < from;
        }

        return FhirEventMapper.Date(start) is { } first && FhirEventMapper.Date(end) is { } last && last < first;
    }

    public static string Code(Status status) => status switch
    {
        Status.Active => "active",
        Status.Completed => "completed",
        Status.EnteredInError => "entered-in-error",
        Status.Intended => "intended",
        Status.Stopped => "stopped",
        Status.OnHold => "on-hold",
        Status.Unknown => "unknown",
        Status.NotTaken => "not-taken",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown MedicationStatement status"),
    };

    private static readonly string[] SourceTypes = ["Patient", "Practitioner", "PractitionerRole", "RelatedPerson", "Organization"];

    /// <summary>
    /// The resource type informationSource names: the contained or same-Bundle resource it resolves to, else its
    /// literal reference's type, else its <c>type</c> (a name or a StructureDefinition URL); null when none tells.
    /// </summary>
    private static string? SourceType(R4.ResourceReference? source, string field, FhirReferences context) =>
        source is null ? null
        : context.Resolve(source.Reference, field)?.TypeName
            ?? FhirReferences.NamedType(source.Reference)
            ?? (string.IsNullOrWhiteSpace(source.Type) ? null : source.Type.TrimEnd('/').Split('/')[^1]);

    /// <summary>informationSource: the patient or a related person → patient; a practitioner, role or organisation → care-team.</summary>
    private static string? Source(string? type) => type switch
    {
        "Patient" or "RelatedPerson" => "patient",
        "Practitioner" or "PractitionerRole" or "Organization" => "care-team",
        _ => null,
    };
}
