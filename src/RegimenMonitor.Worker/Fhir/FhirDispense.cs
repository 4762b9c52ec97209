using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Messaging;

using R4 = Hl7.Fhir.Model;
using Status = Hl7.Fhir.Model.MedicationDispense.MedicationDispenseStatusCodes;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// A MedicationDispense as the native <see cref="MedicationDispensed"/> it stands for. Status decides whether the
/// product is on hand (docs/fhir.md): <c>completed</c> is; <c>preparation</c>, <c>in-progress</c> and <c>on-hold</c>
/// are not yet (nothing changes); <c>cancelled</c>, <c>declined</c> and <c>entered-in-error</c> withdraw the dispense;
/// <c>stopped</c> and <c>unknown</c> count as on hand when something was handed over (<c>whenHandedOver</c>), else not.
/// </summary>
internal static class FhirDispense
{
    /// <summary>
    /// The native event, the FHIR status kept on the regimen item, and the time that orders the dispense's versions:
    /// the later of <c>dispensedAt</c> and <c>meta.lastUpdated</c>. A correction keeps <c>whenHandedOver</c> (the
    /// product was handed over when it was) and is told from the version it corrects by <c>meta.lastUpdated</c>, which
    /// a server sets on every version: so an older version arriving after its correction is stale, as an older native
    /// correction is (<c>dispensedAt</c>, docs/contract.md, "Idempotency").
    /// </summary>
    internal sealed record Native(MedicationDispensed Message, string FhirStatus, DateTimeOffset OrderedAt);

    /// <summary>Native field → FHIRPath (relative to the resource) for the native validator's failures.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldPaths = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["eventId"] = "id",
        ["patientId"] = "subject",
        ["dispenseId"] = "identifier",
        ["status"] = "status",
        ["dispensedAt"] = "whenHandedOver",
        ["medication"] = "medication",
        ["medication.text"] = "medication.text",
        ["medication.rxnorm"] = $"medication.coding.where(system='{FhirEventMapper.RxNormSystem}').code",
        ["medication.ndc"] = $"medication.coding.where(system='{FhirEventMapper.NdcSystem}').code",
        ["medication.atc"] = $"medication.coding.where(system='{FhirEventMapper.AtcSystem}').code",
        ["daysSupply"] = "daysSupply",
        ["quantity"] = "quantity",
        ["dosageText"] = "dosageInstruction.text",
        ["pharmacyId"] = "performer.actor",
        ["prescriptionId"] = "authorizingPrescription",
    };

    /// <summary>
    /// <see cref="FieldPaths"/> for <paramref name="dispense"/>: the dosage text is the first dosage's that has one
    /// (<see cref="FhirEventMapper.Directions"/>), named with its index when that is not the first (found by an edge probe:
    /// a bad text in the second dosage was named as the first's).
    /// </summary>
    public static IReadOnlyDictionary<string, string> FieldPathsOf(R4.MedicationDispense dispense)
    {
        var index = FhirEventMapper.DirectionsIndex(dispense.DosageInstruction);
        return index <= 0 ? FieldPaths : new Dictionary<string, string>(FieldPaths, StringComparer.Ordinal) { ["dosageText"] = $"dosageInstruction[{index}].text" };
    }

    public static Native? ToNative(R4.MedicationDispense dispense, string path, FhirReferences context, EventTimeLimit limit, ProductIngredients ingredients, List<string> failures)
    {
        var receivedAt = limit.Now;
        // a year or a month is no time of a handover: its start would stand for it; and the native contract's years
        // (0001-01-01T00:00:00Z is present, and out of range, not missing)
        if (!(FhirEventMapper.FullDate(dispense.WhenHandedOver, $"{path}.whenHandedOver", failures)
                && FhirEventMapper.Seconds(dispense.WhenHandedOver, $"{path}.whenHandedOver", failures)
                && FhirEventMapper.InRange(dispense.WhenHandedOver, $"{path}.whenHandedOver", instant: true, failures))
            | !(FhirEventMapper.FullDate(dispense.WhenPrepared, $"{path}.whenPrepared", failures)
                && FhirEventMapper.Seconds(dispense.WhenPrepared, $"{path}.whenPrepared", failures)
                && FhirEventMapper.InRange(dispense.WhenPrepared, $"{path}.whenPrepared", instant: true, failures))
            || (dispense.WhenHandedOver is null && !FhirEventMapper.LastUpdatedInRange(dispense.Meta, path, failures)))
        {
            return null;
        }

        var handedOver = FhirEventMapper.Instant(dispense.WhenHandedOver);
        // the dispense's own time, as the native dispensedAt: never ahead of this service's clock by more than the skew
        if (FhirEventMapper.Ahead(handedOver, "whenHandedOver", dispense.Meta, path, limit) is { } ahead)
        {
            failures.Add(ahead);
            return null;
        }

        // meta.lastUpdated orders the versions (Native.OrderedAt): one ahead of the clock would hold off every correction
        if (handedOver is not null && dispense.Meta?.LastUpdated > limit.Latest)
        {
            failures.Add(limit.Beyond($"{path}.meta.lastUpdated"));
            return null;
        }

        var status = dispense.Status;
        if (status is null)
        {
            failures.Add($"{path}.status is required");
            return null;
        }

        var onHand = status switch
        {
            Status.Completed => true,
            Status.Stopped or Status.Unknown => handedOver is not null,
            _ => false,
        };
        var withdraws = status is Status.Cancelled or Status.Declined or Status.EnteredInError;
        if (!onHand && !withdraws)
        {
            return null;
        }

        if (status == Status.Completed && handedOver is null)
        {
            failures.Add($"{path}.whenHandedOver is required when status is completed");
        }

        if (handedOver is { } over && FhirEventMapper.Instant(dispense.WhenPrepared) is { } prepared && over < prepared)
        {
            failures.Add($"{path}.whenHandedOver must not be before whenPrepared (mdd-1)");
        }

        var patient = FhirEventMapper.Patient(dispense.Subject, path, context, failures, withdraws);
        var product = FhirEventMapper.Medication(dispense.Medication, path, context, ingredients, failures, withdraws);
        var days = DaysSupply(dispense.DaysSupply, path, failures);
        // both are SimpleQuantity (sqty-1: no comparator): "<30" days read as 30 would claim a supply it does not
        NoComparator(dispense.DaysSupply, $"{path}.daysSupply", failures);
        NoComparator(dispense.Quantity, $"{path}.quantity", failures);
        FhirEventMapper.ItemKeyValueFailures(dispense.Identifier, path, failures);
        // the references read as the pharmacy and prescription ids: of a literal reference's form, their type agreeing. A
        // withdrawal is not refused over them (found by a review: a feed whose references were accepted before would be
        // left unable to withdraw a dispense, which stayed counted): it withdraws, without the ids it could not read
        var referenceFailures = withdraws ? [] : failures;
        // every repetition is held to the checks, the first is read (found by an independent edge probe:
        // authorizingPrescription[1] = Patient/1 was accepted, only [0] being looked at)
        R4.ResourceReference? performer = null;
        for (var i = 0; i < dispense.Performer.Count; i++)
        {
            if (dispense.Performer[i].Actor is { } actor
                && Readable(actor, $"{path}.performer[{i}].actor", "Organization/<id> (or Practitioner, PractitionerRole, Patient, Device, RelatedPerson)", context, referenceFailures)
                && i == 0)
            {
                performer = actor;
            }
        }

        R4.ResourceReference? prescription = null;
        for (var i = 0; i < dispense.AuthorizingPrescription.Count; i++)
        {
            if (PrescriptionReadable(dispense.AuthorizingPrescription[i], $"{path}.authorizingPrescription[{i}]", context, referenceFailures) && i == 0)
            {
                prescription = dispense.AuthorizingPrescription[i];
            }
        }

        if (failures.Count > 0)
        {
            return null;
        }

        var itemKey = FhirEventMapper.ItemKey(dispense.Identifier, dispense);
        var code = Code(status.Value);
        // a withdrawal without a handover time must still win over the dispense it withdraws: its own time
        var dispensedAt = handedOver ?? dispense.Meta?.LastUpdated ?? receivedAt;
        var orderedAt = dispense.Meta?.LastUpdated is { } updated && updated > dispensedAt ? updated : dispensedAt;
        return new Native(new MedicationDispensed
        {
            EventId = FhirEventId.For(dispense, itemKey, patient),
            PatientId = patient,
            DispenseId = itemKey,
            // the native contract knows completed and the withdrawing codes; stopped/unknown on hand are completed
            Status = withdraws ? code : "completed",
            DispensedAt = dispensedAt,
            Medication = new MedicationProduct { Text = product!.Value.Text, Rxnorm = product.Value.RxNorm, Ndc = product.Value.Ndc, Atc = product.Value.Atc },
            DaysSupply = days,
            Quantity = dispense.Quantity?.Value,
            DosageText = FhirEventMapper.Directions(dispense.DosageInstruction),
            PharmacyId = FhirEventMapper.ReferenceId(performer, context, $"{path}.performer[0].actor"),
            PrescriptionId = FhirEventMapper.ReferenceId(prescription, context, $"{path}.authorizingPrescription[0]"),
        }, code, orderedAt);
    }

    /// <summary>
    /// False, with the reason named by <paramref name="field"/>, when a pharmacy or prescription reference is no R4
    /// literal reference, its <c>type</c> disagrees (<see cref="FhirEventMapper.ReferenceWellFormed"/>), or it is a local
    /// reference that names nothing (<see cref="FhirEventMapper.NamesNothing"/>): <c>#none</c> was kept as the pharmacy id
    /// (found by an independent edge probe).
    /// </summary>
    private static bool Readable(R4.ResourceReference reference, string field, string expected, FhirReferences context, List<string> failures)
    {
        if (!FhirEventMapper.ReferenceWellFormed(reference, field, expected, context, failures))
        {
            return false;
        }

        if (FhirEventMapper.NamesNothing(reference.Reference, field, context))
        {
            failures.Add(FhirEventMapper.Unresolved(field));
            return false;
        }

        return true;
    }

    /// <summary>
    /// <see cref="Readable"/> for an <c>authorizingPrescription</c>, which R4 makes a Reference(MedicationRequest): the
    /// resource it resolves to or names must be one, and so must its <c>type</c> when given, an identifier-only
    /// reference's too (found by an independent edge probe: <c>{"identifier": …, "type": "Patient"}</c> was accepted).
    /// </summary>
    private static bool PrescriptionReadable(R4.ResourceReference reference, string field, FhirReferences context, List<string> failures)
    {
        if (!Readable(reference, field, "MedicationRequest/<id>", context, failures))
        {
            return false;
        }

        if ((context.Resolve(reference.Reference, field)?.TypeName ?? FhirReferences.NamedType(reference.Reference)) is { } named && named != "MedicationRequest")
        {
            failures.Add($"{field}.reference must reference a MedicationRequest (R4: authorizingPrescription is a Reference(MedicationRequest))");
            return false;
        }

        if (!string.IsNullOrWhiteSpace(reference.Type) && reference.Type.TrimEnd('/').Split('/')[^1] != "MedicationRequest")
        {
            failures.Add($"{field}.type must be MedicationRequest when given (R4: authorizingPrescription is a Reference(MedicationRequest), and type and reference SHALL agree)");
            return false;
        }

        return true;
    }

    /// <summary>The FHIR code of a status (the enum's literal).</summary>
    public static string Code(Status status) => status switch
    {
        Status.Preparation => "preparation",
        Status.InProgress => "in-progress",
        Status.Cancelled => "cancelled",
        Status.OnHold => "on-hold",
        Status.Completed => "completed",
        Status.EnteredInError => "entered-in-error",
        Status.Stopped => "stopped",
        Status.Declined => "declined",
        Status.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown MedicationDispense status"),
    };

    private const string UcumSystem = "http://unitsofmeasure.org";
    private const string SnomedSystem = "http://snomed.info/sct";

    private static void NoComparator(R4.Quantity? quantity, string path, List<string> failures)
    {
        if (quantity?.Comparator is not null)
        {
            failures.Add($"{path} must not have a comparator (SimpleQuantity, sqty-1)");
        }
    }

    /// <summary>daysSupply in whole days (rounded up); UCUM d, wk or mo (30 days), or a unit text that says days.</summary>
    private static int? DaysSupply(R4.Quantity? quantity, string path, List<string> failures)
    {
        // a Quantity without a value (R4 allows a unit alone) says no number of days: as absent, the default applies
        if (quantity?.Value is not { } value)
        {
            return null;
        }

        // a code means what its system says: one of another system (http://example.org's "d") is not read as UCUM's
        // (found by an edge probe); the system is the publisher's text, never logged
        if (quantity.System is { } system && system is not (UcumSystem or SnomedSystem))
        {
            failures.Add($"{path}.daysSupply.system must be UCUM ({UcumSystem}) or SNOMED CT ({SnomedSystem}), or left out with the unit as text; its value is not logged");
            return null;
        }

        // UCUM codes (d, wk, mo, a, h), the SNOMED CT units UK feeds send (258703001 day, …) and the unit as text
        // ("days", "Day(s)"), whatever the letter case and under either system: a code whose time unit is plain is read,
        // not refused, since a refused dispense is not monitored at all ("D" or "days" under UCUM, "wk" under SNOMED CT;
        // a review of the edge probe's stricter reading). A unit text that names another time unit than the code is
        // refused: "4" in code "d" with unit "weeks" was read as 4 days, 24 days short (found by an independent edge
        // probe), and which was meant cannot be told. A blank code is no code.
        (decimal Multiply, decimal Divide)? factor;
        if (quantity.Code is { } code && !string.IsNullOrWhiteSpace(code))
        {
            code = code.Trim();
            factor = UcumUnit(code) ?? SnomedUnit(code) ?? TextUnit(code);
            if (factor is null)
            {
                failures.Add($"{path}.daysSupply.code must be a time unit: UCUM d, wk, mo, a or h, a SNOMED CT day, week, month, year or hour, or the unit as text (days)");
                return null;
            }

            if (TextUnit(quantity.Unit) is { } said && said != factor)
            {
                failures.Add($"{path}.daysSupply.unit names another time unit than daysSupply.code: they must agree (the number of days cannot be told)");
                return null;
            }
        }
        else
        {
            factor = string.IsNullOrWhiteSpace(quantity.Unit) ? Day : TextUnit(quantity.Unit);
            if (factor is null)
            {
                failures.Add($"{path}.daysSupply.unit must be a time unit: UCUM d, wk, mo, a or h, a SNOMED CT day, week, month, year or hour, or the unit as text (days)");
                return null;
            }
        }

        // out of range values are left to the native validator (1-400 days), which names daysSupply; bounded before
        // the unit's factor is applied, which would overflow a decimal near its largest value
        if (value is > 100_000 or < -100_000)
        {
            return value > 0 ? 100_001 : -100_001;
        }

        var days = Math.Ceiling(value * factor.Value.Multiply / factor.Value.Divide);
        return days > 100_000 ? 100_001 : days < -100_000 ? -100_001 : (int)days;
    }

    // hours are divided, not multiplied by 1/24: that factor is not exact in decimal, so 24 h would have come out a hair
    // over one day and been rounded up to two
    private static readonly (decimal Multiply, decimal Divide) Day = (1m, 1m), Week = (7m, 1m), Month = (30m, 1m), Year = (365m, 1m), Hour = (1m, 24m);

    private static (decimal Multiply, decimal Divide)? UcumUnit(string code) => code switch
    {
        "d" => Day,
        "wk" => Week,
        "mo" => Month,
        "a" => Year,
        "h" => Hour,
        _ => null,
    };

    private static (decimal Multiply, decimal Divide)? SnomedUnit(string code) => code switch
    {
        "258703001" => Day,
        "258705008" => Week,
        "258706009" => Month,
        "258707000" => Year,
        "258702006" => Hour,
        _ => null,
    };

    // a unit as text, in any case, with or without "(s)"; null when it names no time unit
    private static (decimal Multiply, decimal Divide)? TextUnit(string? text)
    {
        var unit = text?.Trim().ToUpperInvariant();
        if (unit is not null && unit.EndsWith("(S)", StringComparison.Ordinal))
        {
            unit = unit[..^3].TrimEnd();
        }

        return unit switch
        {
            "D" or "DAY" or "DAYS" => Day,
            "WK" or "WEEK" or "WEEKS" => Week,
            "MO" or "MONTH" or "MONTHS" => Month,
            "A" or "YEAR" or "YEARS" => Year,
            "H" or "HOUR" or "HOURS" => Hour,
            _ => null,
        };
    }
}
