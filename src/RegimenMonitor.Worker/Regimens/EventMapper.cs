using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using RegimenMonitor.Contracts;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// Validates wire events and maps them to <see cref="RegimenChange"/>s. One place for both, shared by the consumers
/// and the command-line verbs. Failure messages name fields by their wire names and never echo patient data.
/// </summary>
internal static partial class EventMapper
{
    private static readonly string[] DispenseStatuses = ["completed", "entered-in-error", "cancelled", "declined"];
    private static readonly HashSet<string> WithdrawingDispenseStatuses = new(StringComparer.Ordinal) { "entered-in-error", "cancelled", "declined" };
    private static readonly string[] StatementStatuses = ["active", "stopped", "entered-in-error"];

    /// <summary>How far after its <c>reportedAt</c> an active statement's <c>startedOn</c> (a planned start) may lie.</summary>
    internal const int MaxPlannedStartDays = 90;
    private static readonly string[] Sources = ["patient", "care-team", "pharmacist"];

    public static RegimenChange Map(MedicationDispensed message, int defaultDaysSupply)
    {
        ArgumentNullException.ThrowIfNull(message);
        var failures = new List<string>();
        RequireEventId(message.EventId, failures);
        RequirePatientId(message.PatientId, failures);
        OptionalItemKey("dispenseId", message.DispenseId, failures);
        var status = message.Status ?? "completed";
        if (!DispenseStatuses.Contains(status))
        {
            failures.Add(EventContract.NotOneOf("status", DispenseStatuses, status));
        }
        else if (message.DispenseId is null && status == "entered-in-error")
        {
            // keyed by its own new eventId, it could withdraw no dispense: accepted, the publisher would believe it had
            // (found by an independent edge probe). A cancelled or declined dispense without one may be the only record
            // of a dispense never handed over, which changes nothing: kept (a review)
            failures.Add("dispenseId is required when status is entered-in-error: a withdrawal names the dispense it withdraws (without dispenseId it is keyed by its own eventId, and withdraws nothing)");
        }

        RequireTimestamp("dispensedAt", message.DispensedAt, failures);
        if (message.Medication is null)
        {
            failures.Add("medication is required");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(message.Medication.Rxnorm) && string.IsNullOrWhiteSpace(message.Medication.Ndc))
            {
                RequireText("medication.text", message.Medication.Text, failures, " unless medication.rxnorm or medication.ndc is given");
            }
            else
            {
                OptionalText("medication.text", message.Medication.Text, failures);
            }

            OptionalCode("medication.atc", message.Medication.Atc, failures);
            OptionalCode("medication.rxnorm", message.Medication.Rxnorm, failures);
            OptionalCode("medication.ndc", message.Medication.Ndc, failures);
        }

        if (message.DaysSupply is < 1 or > 400)
        {
            failures.Add("daysSupply must be a whole number of days from 1 to 400");
        }

        if (message.Quantity is < 0)
        {
            failures.Add("quantity must not be negative");
        }

        OptionalText("dosageText", message.DosageText, failures);
        OptionalId("pharmacyId", message.PharmacyId, failures);
        OptionalId("prescriptionId", message.PrescriptionId, failures);
        ThrowIfAny(failures, message.EventId);

        var details = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["quantity"] = message.Quantity,
            ["dosageText"] = message.DosageText,
            ["pharmacyId"] = message.PharmacyId,
            ["prescriptionId"] = message.PrescriptionId,
        };
        return new RegimenChange
        {
            EventId = message.EventId,
            EventType = "medication-dispensed",
            PatientRef = message.PatientId!,
            Kind = RegimenItemKind.Medication,
            ItemKey = string.IsNullOrWhiteSpace(message.DispenseId) ? message.EventId.ToString() : message.DispenseId,
            EffectiveAt = message.DispensedAt.ToUniversalTime(),
            Withdraws = WithdrawingDispenseStatuses.Contains(status),
            Status = status,
            ProductText = CodeOnlyText(message.Medication!),
            TextFromCode = IsBlank(message.Medication!.Text),
            Atc = Blank(message.Medication!.Atc),
            Rxnorm = Terminology.TerminologyFiles.CanonicalRxNorm(Blank(message.Medication.Rxnorm)),
            Ndc = Blank(message.Medication.Ndc),
            StartedAt = message.DispensedAt.ToUniversalTime(),
            DaysSupply = message.DaysSupply ?? defaultDaysSupply,
            DaysSupplyAssumed = message.DaysSupply is null,
            DetailsJson = SerializeDetails(details),
        };
    }

    /// <summary>The product text; for a code-only dispense "NDC …" or "RxNorm …" (mapped through the imported terminology).</summary>
    private static string CodeOnlyText(MedicationProduct medication) => CodeOnlyText(medication.Text, Terminology.TerminologyFiles.CanonicalRxNorm(medication.Rxnorm), medication.Ndc)!;

    /// <summary>
    /// The product text, else "NDC …", else "RxNorm …", else the text as given (for the validator to name): also a FHIR
    /// statement's, whose native supplement has no RxNorm or NDC field.
    /// </summary>
    internal static string? CodeOnlyText(string? text, string? rxnorm, string? ndc) =>
        !IsBlank(text) ? text
        : !string.IsNullOrWhiteSpace(ndc) ? $"NDC {ndc.Trim()}"
        : !string.IsNullOrWhiteSpace(rxnorm) ? $"RxNorm {rxnorm.Trim()}"
        : text;

    /// <param name="message">The statement.</param>
    /// <param name="receivedAt">When it arrived: a planned start is measured from the later of this and its
    /// <c>reportedAt</c> (a statement asserted long ago and sent now may name a start after its report that has come).</param>
    public static RegimenChange Map(SupplementReported message, DateTimeOffset? receivedAt = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var failures = new List<string>();
        RequireEventId(message.EventId, failures);
        RequirePatientId(message.PatientId, failures);
        OptionalItemKey("statementId", message.StatementId, failures);
        var status = message.Status ?? "active";
        if (!StatementStatuses.Contains(status))
        {
            failures.Add(EventContract.NotOneOf("status", StatementStatuses, status));
        }
        else if (message.StatementId is null && status == "entered-in-error")
        {
            // as a dispense's withdrawal without dispenseId: it could withdraw nothing. A stop without statementId is
            // kept: it reports a period that ended (a washout counts from it) and, from a care team, ends dispenses
            failures.Add("statementId is required when status is entered-in-error: a withdrawal names the statement it withdraws (without statementId it is keyed by its own eventId, and withdraws nothing)");
        }

        RequireTimestamp("reportedAt", message.ReportedAt, failures);
        if (message.Supplement is null)
        {
            failures.Add("supplement is required");
        }
        else
        {
            RequireText("supplement.text", message.Supplement.Text, failures);
            OptionalCode("supplement.atc", message.Supplement.Atc, failures);
        }

        if (message.Source is not null && !Sources.Contains(message.Source))
        {
            failures.Add(EventContract.NotOneOf("source", Sources, message.Source));
        }

        var datesBefore = failures.Count;
        OptionalDate("startedOn", message.StartedOn, failures);
        OptionalDate("stoppedOn", message.StoppedOn, failures);
        // compared only once both dates are in range: an out-of-range one is its own reason, not also an order problem
        if (failures.Count == datesBefore && message.StartedOn is { } s && message.StoppedOn is { } e && e < s)
        {
            failures.Add("stoppedOn must not be before startedOn");
        }
        else if (failures.Count == datesBefore && status == "stopped" && message.StoppedOn is null && message.StartedOn is { } start
                 && AtMidnightUtc(start) > message.ReportedAt.ToUniversalTime())
        {
            // a stopped statement without stoppedOn stops at reportedAt, which would be before it started
            failures.Add("startedOn must not be after reportedAt for a stopped statement without stoppedOn (it would stop before it started); give stoppedOn");
        }
        else if (failures.Count == datesBefore && status == "active" && message.StartedOn is { } planned
                 && planned.DayNumber - DateOnly.FromDateTime(message.ReportedAt.UtcDateTime).DayNumber is > MaxPlannedStartDays and var days
                 && (receivedAt is not { } arrived || planned.DayNumber - DateOnly.FromDateTime(arrived.UtcDateTime).DayNumber > MaxPlannedStartDays))
        {
            // measured from the report and from the arrival alike: a FHIR statement's dateAsserted keeps the day it was
            // first asserted, and a start after it that has come since is no planned start (found by a review: an active
            // statement asserted in January, started in June and sent in December was refused)
            // a planned start is accepted, but one years ahead is a mistyped year: read as given, the product counted from
            // then, and a pair taken now raised nothing (found by an independent edge probe: 2126-11-22 for 2026-11-22)
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"startedOn must be at most {MaxPlannedStartDays} days after reportedAt and after the time the event arrived (a planned start; this one is {days} days after reportedAt): check the year, or report the statement nearer its start"));
        }

        ThrowIfAny(failures, message.EventId);

        var reportedAt = message.ReportedAt.ToUniversalTime();
        var startedAt = message.StartedOn is { } started ? AtMidnightUtc(started) : reportedAt;
        DateTimeOffset? stoppedAt = status == "stopped"
            ? message.StoppedOn is { } stopped ? AtMidnightUtc(stopped) : reportedAt
            : message.StoppedOn is { } stoppedEarly ? AtMidnightUtc(stoppedEarly) : null;
        var startBeforeStop = false;
        if (message.StartedOn is null && stoppedAt is { } stop && startedAt >= stop)
        {
            // a report of a stop that gives no start says the product was taken up to the stop: its period is the day
            // before the stop, so it ends there and a washout counts from there. Starting at reportedAt, after its own
            // stop, it covered no day, and the stop was lost (found by a clinical probe: sertraline reported stopped on
            // 11-20, phenelzine on 11-25, no alert, when the dispense's supply had run out before the stop)
            // (a start reported earlier, before the stop, is kept instead: RegimenItemUpdate)
            startedAt = stop.AddDays(-1);
            startBeforeStop = true;
        }

        return new RegimenChange
        {
            EventId = message.EventId,
            EventType = "supplement-reported",
            PatientRef = message.PatientId!,
            Kind = RegimenItemKind.Supplement,
            ItemKey = string.IsNullOrWhiteSpace(message.StatementId) ? message.EventId.ToString() : message.StatementId,
            EffectiveAt = reportedAt,
            Withdraws = status == "entered-in-error",
            Status = status,
            ProductText = message.Supplement!.Text!,
            Atc = Blank(message.Supplement.Atc),
            StartedAt = startedAt,
            StartInferred = message.StartedOn is null,
            StartBeforeStop = startBeforeStop,
            StoppedAt = stoppedAt,
            StopInferred = status == "stopped" && message.StoppedOn is null,
            // where the start came from, so an older report arriving late can still give it (RegimenItemUpdate)
            DetailsJson = SerializeDetails(new Dictionary<string, object?>
            {
                ["source"] = message.Source,
                ["startSource"] = StatementStart.Of(message.StartedOn is null ? null : reportedAt, startBeforeStop),
            }),
        };
    }

    private static DateTimeOffset AtMidnightUtc(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static void RequireEventId(Guid eventId, List<string> failures)
    {
        if (eventId == Guid.Empty)
        {
            failures.Add("eventId is required (a UUID)");
        }
    }

    private static void RequirePatientId(string? patientId, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(patientId))
        {
            failures.Add("patientId is required");
        }
        else if (EventContract.PatientIdFailure("patientId", patientId) is { } failure)
        {
            // the wire contract's rule, for events that were not wire JSON (FHIR resources)
            failures.Add(failure);
        }
    }

    private static void RequireTimestamp(string field, DateTimeOffset value, List<string> failures)
    {
        if (value == default)
        {
            // the contract's DateTimeOffset cannot tell a missing field from 0001-01-01T00:00:00Z: name both
            failures.Add($"{field} is required (RFC 3339 with offset, e.g. 2026-03-01T09:30:00Z); missing, or 0001-01-01T00:00:00Z, which is out of range");
        }
        else if (value.UtcDateTime.Year is < EventContract.EarliestYear or > EventContract.LatestYear)
        {
            // on the instant, not the local date: 1900-01-01T00:00:00+01:00 is 1899-12-31T23:00:00Z
            failures.Add(EventContract.OutOfRange(field));
        }
    }

    // the same years as the event times: a start or stop in year 1 or 9999 is a data error, not a regimen
    private static void OptionalDate(string field, DateOnly? value, List<string> failures)
    {
        if (value?.Year is < EventContract.EarliestYear or > EventContract.LatestYear)
        {
            failures.Add(EventContract.OutOfRange(field));
        }
    }

    private static void RequireText(string field, string? value, List<string> failures, string unless = "")
    {
        if (value is null)
        {
            failures.Add($"{field} is required{unless}");
        }
        else if (IsBlank(value))
        {
            failures.Add(EventContract.NoVisibleText(field));
        }
        else
        {
            OptionalText(field, value, failures);
        }
    }

    private static void OptionalText(string field, string? value, List<string> failures)
    {
        if (TextFailure(field, value, failures))
        {
            return;
        }

        if (value is { Length: > EventContract.MaxTextLength })
        {
            failures.Add($"{field} must be at most {EventContract.MaxTextLength} characters (was {value.Length}{EventContract.Counted(value)})");
        }
    }

    // the key later corrections share: compared exactly, so no look-alike (EventContract.ItemKeyFailure)
    private static void OptionalItemKey(string field, string? value, List<string> failures)
    {
        if (value is null)
        {
            return;
        }

        if (EventContract.ItemKeyFailure(field, value) is { } failure)
        {
            failures.Add(failure);
        }
        else if (value.Length > EventContract.MaxIdLength)
        {
            failures.Add($"{field} must be at most {EventContract.MaxIdLength} characters (was {value.Length}{EventContract.Counted(value)})");
        }
    }

    private static void OptionalId(string field, string? value, List<string> failures)
    {
        if (TextFailure(field, value, failures))
        {
            return;
        }

        if (value is { Length: > EventContract.MaxIdLength })
        {
            failures.Add($"{field} must be at most {EventContract.MaxIdLength} characters (was {value.Length}{EventContract.Counted(value)})");
        }
    }

    /// <summary>
    /// A product code (ATC, RxNorm, NDC): the contract's text rule, at most 32 characters, and the code system's form
    /// (a code that cannot be one maps to nothing, silently: the publisher has a bug to hear about). Blank is absent.
    /// </summary>
    /// <param name="field">The field the reason names.</param>
    /// <param name="value">The code as sent.</param>
    /// <param name="failures">Where a reason is added.</param>
    /// <param name="system">rxnorm, ndc or atc; by default the field's last name.</param>
    internal static void OptionalCode(string field, string? value, List<string> failures, string? system = null)
    {
        if (TextFailure(field, value, failures))
        {
            return;
        }

        if (value is { Length: > 32 })
        {
            failures.Add($"{field} must be at most 32 characters (was {value.Length}{EventContract.Counted(value)})");
        }
        else if (!string.IsNullOrWhiteSpace(value) && CodeFormFailure(field, system ?? field[(field.LastIndexOf('.') + 1)..], value.Trim()) is { } failure)
        {
            failures.Add(failure);
        }
    }

    /// <summary>The reason a code does not have its system's form, naming the field and the form, never the value.</summary>
    internal static string? CodeFormFailure(string field, string system, string code)
    {
        if (system == "rxnorm")
        {
            // the leading zeros of a fixed-width feed aside (TerminologyFiles.CanonicalRxNorm drops them), up to 10 digits, not all zero
            var cui = code.TrimStart('0');
            return code.All(char.IsAsciiDigit) && cui.Length is >= 1 and <= 10
                ? null
                : $"{field} must be an RxNorm concept id: up to 10 digits (leading zeros aside), not zero, e.g. \"312938\"";
        }

        if (system == "ndc")
        {
            // what the terminology reads (11 digits, dashed 4-4-2, 5-3-2, 5-4-1 or 5-4-2, a dashed product NDC), and 10
            // undashed digits (a form feeds send, though which segment lacks its leading zero cannot be told)
            var digits = code.Count(char.IsAsciiDigit);
            return digits is >= 8 and <= 11
                   && (Terminology.TerminologyFiles.CanonicalProductNdc(code) is not null || (digits == 10 && code.All(char.IsAsciiDigit)))
                ? null
                : $"{field} must be an NDC: 11 digits, or 10 digits dashed 4-4-2, 5-3-2 or 5-4-1 (a product NDC: 4-4, 5-3 or 5-4), e.g. \"0049-4960-30\"";
        }

        if (system == "atc")
        {
            return AtcForm().IsMatch(code)
                ? null
                : $"{field} must be an ATC code of any level: one of the 14 anatomical main groups (A, B, C, D, G, H, J, L, M, N, P, R, S, V), then two digits, a letter, a letter and two digits, e.g. \"N06AB06\"";
        }

        return null;
    }

    // the first letter one of the WHO's 14 anatomical main groups (found by an independent edge probe: "X" and "Z99ZZ99"
    // were accepted, and matched nothing)
    [System.Text.RegularExpressions.GeneratedRegex("^[ABCDGHJLMNPRSVabcdghjlmnprsv](?:[0-9]{2}(?:[A-Za-z](?:[A-Za-z](?:[0-9]{2})?)?)?)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex AtcForm();

    /// <summary>
    /// The wire contract's text rule (no control characters, no unpaired surrogates) for every text kept: wire JSON
    /// was checked at the edge already, a FHIR resource's texts are checked here. True when it failed.
    /// </summary>
    private static bool TextFailure(string field, string? value, List<string> failures)
    {
        if (value is not null && EventContract.TextFailure(field, value) is { } failure)
        {
            failures.Add(failure);
            return true;
        }

        return false;
    }

    /// <summary>
    /// No product text: null, or only whitespace, invisible format characters (U+200B, U+202E, U+2060, U+FEFF, the tag
    /// characters U+E0001-U+E007F, …) and noncharacters, which no person can read and no rule can match.
    /// </summary>
    private static bool IsBlank([NotNullWhen(false)] string? value) => !EventContract.HasVisibleText(value);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? SerializeDetails(Dictionary<string, object?> details)
    {
        foreach (var key in details.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
        {
            details.Remove(key);
        }

        return details.Count == 0 ? null : JsonSerializer.Serialize(details, WireJson.Options);
    }

    // the event's own id goes with the failures, so the rejection's log line names it (a nil id names nothing)
    private static void ThrowIfAny(List<string> failures, Guid eventId)
    {
        if (failures.Count > 0)
        {
            throw new InvalidEventException(failures) { EventId = eventId == Guid.Empty ? null : eventId };
        }
    }
}
