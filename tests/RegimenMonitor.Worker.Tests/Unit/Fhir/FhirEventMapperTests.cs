using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Fhir;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Regimens;
using R4 = Hl7.Fhir.Model;

using static RegimenMonitor.Worker.Tests.Fhir.FhirTestResources;

namespace RegimenMonitor.Worker.Tests.Unit.Fhir;

/// <summary>Validation with FHIRPaths, Bundles, references, statuses and idempotency of the FHIR mapping (pure).</summary>
public sealed class FhirEventMapperTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static FhirMapping Map(string json) => FhirEventMapper.Map(json, ReceivedAt, 30);

    private static string Failure(string json) => Assert.Throws<InvalidEventException>(() => Map(json)).Message;

    [Theory]
    [InlineData("completed", false, false)]
    [InlineData("in-progress", null, null)]
    [InlineData("preparation", null, null)]
    [InlineData("on-hold", null, null)]
    [InlineData("cancelled", true, false)]
    [InlineData("declined", true, false)]
    [InlineData("entered-in-error", true, false)]
    [InlineData("stopped", false, false)]
    [InlineData("unknown", false, false)]
    public void Each_of_the_nine_dispense_statuses_has_a_decided_meaning(string status, bool? withdraws, bool? _)
    {
        var mapping = Map(Dispense("PT-s", "Zoloft 50 mg tablet", status: status));

        if (withdraws is null)
        {
            Assert.Empty(mapping.Changes);
            Assert.Equal(1, mapping.NotOnHand);
            return;
        }

        var change = Assert.Single(mapping.Changes);
        Assert.Equal(withdraws, change.Withdraws);
        Assert.Equal(status, change.Status);
    }

    [Theory]
    [InlineData("stopped")]
    [InlineData("unknown")]
    public void A_stopped_or_unknown_dispense_never_handed_over_is_not_on_hand(string status)
    {
        var json = Dispense("PT-s", "Zoloft 50 mg tablet", status: status).Replace("\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\",", "", StringComparison.Ordinal);

        var mapping = Map(json);

        Assert.Empty(mapping.Changes);
        Assert.Equal(1, mapping.NotOnHand);
    }

    [Theory]
    [InlineData("active", false, null)]
    [InlineData("unknown", false, null)]
    [InlineData("completed", false, "2026-11-01")]
    [InlineData("stopped", false, "2026-11-01")]
    [InlineData("on-hold", false, "2026-11-01")]
    [InlineData("entered-in-error", true, null)]
    [InlineData("not-taken", true, null)]
    public void Each_statement_status_has_a_decided_meaning(string status, bool withdraws, string? stoppedOn)
    {
        var change = Assert.Single(Map(Statement("PT-s", "St. John's Wort 300 mg", status: status)).Changes);

        Assert.Equal(withdraws, change.Withdraws);
        Assert.Equal(status, change.Status);
        Assert.Equal(new DateTimeOffset(2026, 10, 15, 0, 0, 0, TimeSpan.Zero), change.StartedAt);
        Assert.Equal(stoppedOn is null ? null : DateTimeOffset.Parse(stoppedOn + "T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture), change.StoppedAt);
    }

    [Theory]
    // a completed statement with one time was taken then, through that day (a month or a year through its last day),
    // not until it was reported: a linezolid course of March reported on 1 November was eight months of linezolid
    // (found by an independent FHIR probe); stopped and on-hold still stop at the report, active goes on
    [InlineData("completed", "2026-03-10", "2026-03-11")]
    [InlineData("completed", "2026-03-10T23:30:00-05:00", "2026-03-11")]
    [InlineData("completed", "2026-03", "2026-04-01")]
    [InlineData("completed", "2025", "2026-01-01")]
    [InlineData("stopped", "2026-03-10", "2026-11-01T12:00:00Z")]
    [InlineData("active", "2026-03-10", null)]
    public void A_completed_statement_with_one_time_was_taken_on_that_day(string status, string taken, string? stoppedOn)
    {
        var json = Statement("PT-s", "linezolid 600 mg tablet", status: status)
            .Replace("\"effectivePeriod\": {\"start\": \"2026-10-15\"}", $"\"effectiveDateTime\": \"{taken}\"", StringComparison.Ordinal);

        var change = Assert.Single(Map(json).Changes);

        Assert.Equal(FhirEventMapper.Date(taken)!.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), change.StartedAt.UtcDateTime);
        Assert.Equal(stoppedOn is null ? null : DateTimeOffset.Parse(stoppedOn.Length == 10 ? stoppedOn + "T00:00:00Z" : stoppedOn, System.Globalization.CultureInfo.InvariantCulture), change.StoppedAt);
    }

    [Theory]
    [InlineData("2026-11-18")]
    [InlineData("2026-11-18T08:30:00Z")]
    [InlineData("2026-11-18T23:30:00-05:00")] // the date as written, not the instant's day in UTC
    public void A_statement_is_taken_through_the_day_its_period_ends(string end)
    {
        var json = Statement("PT-s", "St. John's Wort 300 mg", status: "completed")
            .Replace("\"effectivePeriod\": {\"start\": \"2026-10-15\"}", $"\"effectivePeriod\": {{\"start\": \"2026-10-15\", \"end\": \"{end}\"}}", StringComparison.Ordinal);

        var change = Assert.Single(Map(json).Changes);

        // FHIR's Period includes its end date; the day after is the first without the product
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 0, 0, 0, TimeSpan.Zero), change.StoppedAt);
        Assert.Equal(new DateTimeOffset(2026, 10, 15, 0, 0, 0, TimeSpan.Zero), change.StartedAt);
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("9999-12-31T23:59:59+14:00")]
    [InlineData("2201-01-01")]
    [InlineData("1899-12-31")]
    [InlineData("0001-01-01T00:00:00Z")]
    public void A_statement_period_end_beyond_the_years_taken_is_refused_naming_it(string end)
    {
        // no day after 9999-12-31 to stop on: named at once, never an overflow retried
        var json = Statement("PT-y", "St. John's Wort 300 mg", status: "completed")
            .Replace("\"effectivePeriod\": {\"start\": \"2026-10-15\"}", $"\"effectivePeriod\": {{\"start\": \"2026-10-15\", \"end\": \"{end}\"}}", StringComparison.Ordinal);
        Assert.Contains(end, json, StringComparison.Ordinal);

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal("MedicationStatement.effectivePeriod.end is out of range (years 1900 to 2200)", Assert.Single(refused.Failures));
    }

    [Theory]
    [InlineData("2200-12-31")]
    [InlineData("2200-12-31T23:59:59-05:00")]
    public void A_statement_taken_through_the_last_day_of_the_years_taken_is_accepted(string end)
    {
        // inside the range: its next day (2201-01-01) is the stop, beyond the native stoppedOn's years
        var json = Statement("PT-y", "St. John's Wort 300 mg", status: "completed")
            .Replace("\"effectivePeriod\": {\"start\": \"2026-10-15\"}", $"\"effectivePeriod\": {{\"start\": \"2026-10-15\", \"end\": \"{end}\"}}", StringComparison.Ordinal);

        var change = Assert.Single(Map(json).Changes);

        Assert.Equal(new DateTimeOffset(2201, 1, 1, 0, 0, 0, TimeSpan.Zero), change.StoppedAt);
        Assert.Equal(new DateTimeOffset(2026, 10, 15, 0, 0, 0, TimeSpan.Zero), change.StartedAt);
    }

    [Theory]
    [InlineData("\"effectivePeriod\": {\"start\": \"2026-10-15\"}", "\"effectivePeriod\": {\"start\": \"9999-12-31\"}", "MedicationStatement.effectivePeriod.start is out of range (years 1900 to 2200)")]
    [InlineData("\"effectivePeriod\": {\"start\": \"2026-10-15\"}", "\"effectiveDateTime\": \"1800-01-01\"", "MedicationStatement.effectiveDateTime is out of range (years 1900 to 2200)")]
    [InlineData("\"dateAsserted\": \"2026-11-01T12:00:00Z\"", "\"dateAsserted\": \"9999-12-31T23:59:59+14:00\"", "MedicationStatement.dateAsserted is out of range (years 1900 to 2200)")]
    [InlineData("\"dateAsserted\": \"2026-11-01T12:00:00Z\"", "\"dateAsserted\": \"1900-01-01T00:00:00+01:00\"", "MedicationStatement.dateAsserted is out of range (years 1900 to 2200)")]
    [InlineData("\"dateAsserted\": \"2026-11-01T12:00:00Z\"", "\"meta\": {\"lastUpdated\": \"1800-01-01T00:00:00Z\"}", "MedicationStatement.meta.lastUpdated is out of range (years 1900 to 2200)")]
    [InlineData("\"effectivePeriod\": {\"start\": \"2026-10-15\"}", "\"effectivePeriod\": {\"start\": \"2026-10-15\", \"end\": \"2026-10-14\"}", "MedicationStatement.effectivePeriod.end must not be before effectivePeriod.start (per-1)")]
    public void A_statement_date_out_of_range_or_order_is_refused_by_its_fhir_path(string from, string to, string expected)
    {
        var json = Statement("PT-y", "St. John's Wort 300 mg", status: "completed").Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Statement("PT-y", "St. John's Wort 300 mg", status: "completed"), json);

        Assert.Equal(expected, Assert.Single(Assert.Throws<InvalidEventException>(() => Map(json)).Failures));
    }

    [Theory]
    // two times: compared as instants (the end, 02:00Z, is three hours before the start, 04:00Z, although its date as
    // written is later)
    [InlineData("2026-11-01T23:00:00-05:00", "2026-11-02T01:00:00Z")]
    // a date alone names a day, in no offset: compared by the dates as written
    [InlineData("2026-11-02", "2026-11-01T23:00:00-05:00")]
    [InlineData("2026-11-02T01:00:00+05:00", "2026-11-01")]
    public void A_period_ending_before_it_starts_is_refused_as_instants_when_both_have_a_time(string start, string end)
    {
        var json = Statement("PT-p", "St. John's Wort 300 mg", status: "completed")
            .Replace("\"effectivePeriod\": {\"start\": \"2026-10-15\"}", $"\"effectivePeriod\": {{\"start\": \"{start}\", \"end\": \"{end}\"}}", StringComparison.Ordinal);
        Assert.Contains(end, json, StringComparison.Ordinal);

        Assert.Equal("MedicationStatement.effectivePeriod.end must not be before effectivePeriod.start (per-1)",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(json)).Failures));
    }

    [Theory]
    // the end (23:00Z) is three hours after the start (20:00Z), its date as written the day before: taken on the start's day
    [InlineData("2026-11-02T01:00:00+05:00", "2026-11-01T23:00:00Z", "2026-11-02", "2026-11-03")]
    // fourteen hours east and twelve west: in order as instants, the dates as written two days apart
    [InlineData("2026-11-03T00:30:00+14:00", "2026-11-01T23:00:00-12:00", "2026-11-03", "2026-11-04")]
    // in order both ways: the dates as written, as before
    [InlineData("2026-11-01T23:00:00-05:00", "2026-11-02T08:00:00Z", "2026-11-01", "2026-11-03")]
    [InlineData("2026-11-02", "2026-11-02T08:00:00+09:00", "2026-11-02", "2026-11-03")]
    public void A_period_in_order_as_instants_is_accepted_and_taken_through_the_start_day_at_least(string start, string end, string startedOn, string stoppedOn)
    {
        var json = Statement("PT-p", "St. John's Wort 300 mg", status: "completed")
            .Replace("\"effectivePeriod\": {\"start\": \"2026-10-15\"}", $"\"effectivePeriod\": {{\"start\": \"{start}\", \"end\": \"{end}\"}}", StringComparison.Ordinal);
        Assert.Contains(end, json, StringComparison.Ordinal);

        var change = Assert.Single(Map(json).Changes);

        // the start's day as written; the first day without the product the day after the later of the two dates
        Assert.Equal(DateTimeOffset.Parse(startedOn + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), change.StartedAt);
        Assert.Equal(DateTimeOffset.Parse(stoppedOn + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), change.StoppedAt);
    }

    [Fact]
    public void The_bundle_example_of_the_fhir_docs_maps_to_its_dispense_and_report()
    {
        // found by a newcomer probe: docs/fhir.md had no Bundle example; this keeps the one it has now true
        var docs = File.ReadAllText(RegimenMonitor.Worker.Tests.Infrastructure.RepositoryFiles.Path("docs", "fhir.md"));
        var marker = docs.IndexOf("<!-- fhir-bundle-example -->", StringComparison.Ordinal);
        Assert.True(marker >= 0, "docs/fhir.md lost its Bundle example's marker");
        var start = docs.IndexOf("```json", marker, StringComparison.Ordinal) + "```json".Length;
        var json = docs[start..docs.IndexOf("```", start, StringComparison.Ordinal)];

        var changes = Map(json).Changes;

        Assert.Equal(2, changes.Count);
        Assert.All(changes, c => Assert.Equal("PT-4", c.PatientRef));
        Assert.Equal(["urn:oid:2.16.840.1.113883.3.999|RX-4001-1", "MedicationStatement/ms-4001"], changes.Select(c => c.ItemKey));
    }

    [Fact]
    public void A_reason_names_the_resources_own_elements_after_the_first()
    {
        // found by an independent edge probe: "… must not be after reportedAt …; give stoppedOn", fields a FHIR sender never sent
        var json = Statement("PT-n", "St. John's Wort 300 mg", status: "stopped", start: "2026-11-20", asserted: "2026-11-10T09:30:00Z");

        var reason = Assert.Single(Assert.Throws<InvalidEventException>(() => Map(json)).Failures);

        Assert.Equal("MedicationStatement.effective[x] must not be after dateAsserted for a stopped statement without effectivePeriod.end (it would stop before it started); give effectivePeriod.end", reason);
    }

    [Fact]
    public void A_start_standing_for_the_report_time_is_an_instant_of_the_years_taken()
    {
        // its date, 1900-01-01, is in range; as the report's time (no dateAsserted) it is 1899-12-31T23:00:00Z
        var json = Statement("PT-y", "St. John's Wort 300 mg", start: "1900-01-01T00:00:00+01:00");
        Assert.Equal(new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero), Assert.Single(Map(json).Changes).StartedAt);

        var unasserted = json.Replace("\"dateAsserted\": \"2026-11-01T12:00:00Z\",", "", StringComparison.Ordinal);
        Assert.Equal("MedicationStatement.effectivePeriod.start is out of range (years 1900 to 2200)",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(unasserted)).Failures));
        // a start still to come is no report time: the arrival is
        var planned = unasserted.Replace("1900-01-01T00:00:00+01:00", "2027-01-15T23:00:00-05:00", StringComparison.Ordinal);
        Assert.Equal(ReceivedAt, Assert.Single(Map(planned).Changes).EffectiveAt);
        // and one further than 90 days ahead is a mistyped year, refused (since 2026-12-08), not an instant out of range
        Assert.StartsWith("MedicationStatement.effective[x] must be at most 90 days after dateAsserted and after the time the event arrived (a planned start;",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(planned.Replace("2027-01-15", "2200-12-31", StringComparison.Ordinal))).Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\"", "\"whenHandedOver\": \"0001-01-01T00:00:00Z\"", "MedicationDispense.whenHandedOver is out of range (years 1900 to 2200)")]
    [InlineData("\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\"", "\"whenHandedOver\": \"9999-12-31T23:59:59+14:00\"", "MedicationDispense.whenHandedOver is out of range (years 1900 to 2200)")]
    [InlineData("\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\"", "\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\", \"whenPrepared\": \"0001-01-01\"", "MedicationDispense.whenPrepared is out of range (years 1900 to 2200)")]
    [InlineData("\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\"", "\"meta\": {\"lastUpdated\": \"1800-01-01T00:00:00Z\"}", "MedicationDispense.meta.lastUpdated is out of range (years 1900 to 2200)")]
    [InlineData("\"value\": 30, \"unit\": \"days\"", "\"value\": 79228162514264337593543950335, \"unit\": \"months\"", "MedicationDispense.daysSupply must be a whole number of days from 1 to 400")]
    public void A_dispense_time_or_supply_out_of_range_is_refused_as_out_of_range_not_missing(string from, string to, string expected)
    {
        // 0001-01-01T00:00:00Z is present: out of range, never "required" (a value of year 1 is what a missing one reads as natively)
        var json = Dispense("PT-y", "Zoloft 50 mg tablet", status: "cancelled").Replace(from, to, StringComparison.Ordinal)
            .Replace("\"code\": \"d\"", "\"code\": \"mo\"", StringComparison.Ordinal);
        Assert.Contains(to, json, StringComparison.Ordinal);

        Assert.Equal(expected, Assert.Single(Assert.Throws<InvalidEventException>(() => Map(json)).Failures));
        Assert.Equal(expected, Assert.Single(Assert.Throws<InvalidEventException>(() => Map(json.Replace("\"cancelled\"", "\"completed\"", StringComparison.Ordinal))).Failures));
    }

    [Theory]
    // R4's dateTime has seconds once it has a time; the SDK's reader took hh:mm (found by an edge probe)
    [InlineData("dispense", "\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\"", "\"whenHandedOver\": \"2026-11-01T09:30Z\"", "MedicationDispense.whenHandedOver must have seconds (R4 dateTime: YYYY-MM-DDThh:mm:ss+zz:zz)")]
    [InlineData("dispense", "\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\"", "\"whenHandedOver\": \"2026-11-01T09:30-05:00\"", "MedicationDispense.whenHandedOver must have seconds (R4 dateTime: YYYY-MM-DDThh:mm:ss+zz:zz)")]
    [InlineData("dispense", "\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\"", "\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\", \"whenPrepared\": \"2026-11-01T08:00Z\"", "MedicationDispense.whenPrepared must have seconds (R4 dateTime: YYYY-MM-DDThh:mm:ss+zz:zz)")]
    [InlineData("statement", "\"dateAsserted\": \"2026-11-01T12:00:00Z\"", "\"dateAsserted\": \"2026-11-01T12:00Z\"", "MedicationStatement.dateAsserted must have seconds (R4 dateTime: YYYY-MM-DDThh:mm:ss+zz:zz)")]
    [InlineData("statement", "\"effectivePeriod\": {\"start\": \"2026-10-15\"}", "\"effectiveDateTime\": \"2026-10-15T08:00+01:00\"", "MedicationStatement.effectiveDateTime must have seconds (R4 dateTime: YYYY-MM-DDThh:mm:ss+zz:zz)")]
    [InlineData("statement", "\"effectivePeriod\": {\"start\": \"2026-10-15\"}", "\"effectivePeriod\": {\"start\": \"2026-10-15T08:00Z\"}", "MedicationStatement.effectivePeriod.start must have seconds (R4 dateTime: YYYY-MM-DDThh:mm:ss+zz:zz)")]
    [InlineData("statement", "\"effectivePeriod\": {\"start\": \"2026-10-15\"}", "\"effectivePeriod\": {\"start\": \"2026-10-15\", \"end\": \"2026-10-20T08:00Z\"}", "MedicationStatement.effectivePeriod.end must have seconds (R4 dateTime: YYYY-MM-DDThh:mm:ss+zz:zz)")]
    // the valid forms stay: a date, a time with seconds, a fraction, Z or an offset; a start of a year or a month
    [InlineData("dispense", "\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\"", "\"whenHandedOver\": \"2026-11-01T09:30:00.123456Z\"", null)]
    [InlineData("dispense", "\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\"", "\"whenHandedOver\": \"2026-11-01\"", null)]
    [InlineData("dispense", "\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\"", "\"whenHandedOver\": \"2026-11-01T09:30:00+14:00\"", null)]
    [InlineData("statement", "\"effectivePeriod\": {\"start\": \"2026-10-15\"}", "\"effectiveDateTime\": \"2026-10\"", null)]
    [InlineData("statement", "\"effectivePeriod\": {\"start\": \"2026-10-15\"}", "\"effectivePeriod\": {\"start\": \"2026\", \"end\": \"2026-10-20T08:00:00.5+01:00\"}", null)]
    public void A_fhir_time_without_seconds_is_refused_by_its_fhir_path(string resource, string from, string to, string? expected)
    {
        var original = resource == "dispense" ? Dispense("PT-y", "Zoloft 50 mg tablet") : Statement("PT-y", "St. John's Wort 300 mg", status: "completed");
        var json = original.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(original, json);

        if (expected is null)
        {
            Assert.Single(Map(json).Changes);
        }
        else
        {
            Assert.Equal(expected, Assert.Single(Assert.Throws<InvalidEventException>(() => Map(json)).Failures));
        }
    }

    [Fact]
    public void An_intended_statement_is_not_taken_yet()
    {
        var mapping = Map(Statement("PT-s", "St. John's Wort 300 mg", status: "intended"));

        Assert.Empty(mapping.Changes);
        Assert.Equal(1, mapping.NotOnHand);
    }

    [Theory]
    // UCUM codes, SNOMED CT units (UK feeds) and units as text; a fraction of a day is a day (found refused by an
    // independent FHIR probe: hours, years, the SNOMED CT day and "Day(s)")
    [InlineData("\"value\": 30, \"unit\": \"days\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"d\"", 30)]
    [InlineData("\"value\": 7.5, \"unit\": \"days\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"d\"", 8)]
    [InlineData("\"value\": 2, \"unit\": \"weeks\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"wk\"", 14)]
    [InlineData("\"value\": 3, \"unit\": \"months\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"mo\"", 90)]
    [InlineData("\"value\": 1, \"unit\": \"year\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"a\"", 365)]
    [InlineData("\"value\": 36, \"unit\": \"hours\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"h\"", 2)]
    // whole days in hours are those days, not one more (found by an independent edge probe: 24 h read as 2 days, 720 h
    // as 31 and 9,600 h, 400 days, refused)
    [InlineData("\"value\": 24, \"unit\": \"hours\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"h\"", 1)]
    [InlineData("\"value\": 720, \"unit\": \"hours\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"h\"", 30)]
    [InlineData("\"value\": 9600, \"unit\": \"hour\", \"system\": \"http://snomed.info/sct\", \"code\": \"258702006\"", 400)]
    [InlineData("\"value\": 721, \"unit\": \"hours\"", 31)]
    [InlineData("\"value\": 28, \"unit\": \"day\", \"system\": \"http://snomed.info/sct\", \"code\": \"258703001\"", 28)]
    [InlineData("\"value\": 4, \"unit\": \"week\", \"system\": \"http://snomed.info/sct\", \"code\": \"258705008\"", 28)]
    [InlineData("\"value\": 28, \"unit\": \"Day(s)\"", 28)]
    // a code whose time unit is plain is read whatever its letter case or system: refused, the dispense would not be
    // monitored at all (a review of an edge probe's stricter reading)
    [InlineData("\"value\": 2, \"system\": \"http://snomed.info/sct\", \"code\": \"wk\"", 14)]
    [InlineData("\"value\": 1, \"system\": \"http://unitsofmeasure.org\", \"code\": \"Mo\"", 30)]
    [InlineData("\"value\": 30, \"unit\": \"days\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"D\"", 30)]
    [InlineData("\"value\": 30, \"system\": \"http://unitsofmeasure.org\", \"code\": \"days\"", 30)]
    public void Days_supply_is_read_in_the_time_units_feeds_send(string quantity, int days)
    {
        var json = Dispense("PT-u", "Zoloft 50 mg tablet")
            .Replace("\"value\": 30, \"unit\": \"days\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"d\"", quantity, StringComparison.Ordinal);

        Assert.Equal(days, Assert.Single(Map(json).Changes).DaysSupply);
    }

    [Theory]
    // found by an independent edge probe: code "d" with unit "weeks" was read as 4 days (the supply 24 days short)
    [InlineData("\"value\": 4, \"unit\": \"weeks\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"d\"", "daysSupply.unit names another time unit than daysSupply.code")]
    [InlineData("\"value\": 2, \"unit\": \"days\", \"system\": \"http://snomed.info/sct\", \"code\": \"258705008\"", "daysSupply.unit names another time unit than daysSupply.code")]
    [InlineData("\"value\": 30, \"unit\": \"fortnights\"", "daysSupply.unit must be a time unit")]
    public void Days_supply_whose_code_and_unit_disagree_is_refused(string quantity, string reason)
    {
        var json = Dispense("PT-u", "Zoloft 50 mg tablet")
            .Replace("\"value\": 30, \"unit\": \"days\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"d\"", quantity, StringComparison.Ordinal);

        Assert.Contains("MedicationDispense." + reason, Failure(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_pharmacies_dispense_numbers_are_two_dispenses_and_two_events()
    {
        // the same prescription number at two pharmacies (identifier system apart) for one patient: until the key
        // carried the system, the second replaced the first (found by an independent FHIR probe)
        var first = Dispense("PT-sys", "Zoloft 50 mg tablet", id: "1001");
        var second = Dispense("PT-sys", "tramadol 50 mg tablet", id: "1001").Replace("urn:oid:2.16.840.1.113883.3.999.1", "urn:oid:2.16.840.1.113883.3.999.2", StringComparison.Ordinal);

        var a = Assert.Single(Map(first).Changes);
        var b = Assert.Single(Map(second).Changes);

        Assert.Equal("urn:oid:2.16.840.1.113883.3.999.1|1001", a.ItemKey);
        Assert.Equal("urn:oid:2.16.840.1.113883.3.999.2|1001", b.ItemKey);
        Assert.NotEqual(a.EventId, b.EventId);
    }

    [Fact]
    public void An_identifier_without_a_system_is_its_value_and_a_long_system_is_hashed_to_fit()
    {
        var bare = Dispense("PT-sys", "Zoloft 50 mg tablet", id: "1002").Replace("\"system\": \"urn:oid:2.16.840.1.113883.3.999.1\", ", "", StringComparison.Ordinal);
        Assert.Equal("1002", Assert.Single(Map(bare).Changes).ItemKey);

        var longSystem = "https://pharmacy.example.org/" + new string('x', 120) + "/dispenses";
        var hashed = Assert.Single(Map(Dispense("PT-sys", "Zoloft 50 mg tablet", id: "1003").Replace("urn:oid:2.16.840.1.113883.3.999.1", longSystem, StringComparison.Ordinal)).Changes).ItemKey;
        Assert.Matches("^sha256:[0-9a-f]{16}[|]1003$", hashed);
        Assert.Equal(hashed, Assert.Single(Map(Dispense("PT-sys", "Zoloft 50 mg tablet", id: "1003").Replace("urn:oid:2.16.840.1.113883.3.999.1", longSystem, StringComparison.Ordinal)).Changes).ItemKey);
    }

    [Fact]
    public void Identifiers_that_differ_by_where_a_bar_falls_are_different_dispenses()
    {
        // found by an independent edge probe: (urn:a, b|c) and (urn:a|b, c) were both the key urn:a|b|c, so the second
        // was applied as a correction of the first and its product lost
        string With(string system, string value) => Dispense("PT-bar", "Zoloft 50 mg tablet", id: "1004")
            .Replace("\"system\": \"urn:oid:2.16.840.1.113883.3.999.1\", \"value\": \"1004\"", (system.Length == 0 ? "" : $"\"system\": \"{system}\", ") + $"\"value\": \"{value}\"", StringComparison.Ordinal);
        var keys = new[] { With("urn:a", "b|c"), With("urn:a|b", "c"), With("", "urn:a|b|c"), With("urn:a", "b") }
            .Select(json => Assert.Single(Map(json).Changes).ItemKey).ToList();

        Assert.Equal(["urn:a|b|c", "urn:a%7Cb|c", "|urn:a|b|c", "urn:a|b"], keys);
        Assert.Equal(4, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_same_resource_id_and_version_for_two_patients_are_two_events()
    {
        // two servers' MedicationDispense/1 version 1 (no business identifier) for two patients: until the derived
        // event id carried the patient, the second was refused as "already applied with other content"
        string Bare(string patient, string text) => Dispense(patient, text, id: "1", versionId: "1")
            .Replace("\"identifier\": [{\"system\": \"urn:oid:2.16.840.1.113883.3.999.1\", \"value\": \"1\"}],", "", StringComparison.Ordinal);

        var a = Assert.Single(Map(Bare("PT-a", "Zoloft 50 mg tablet")).Changes);
        var b = Assert.Single(Map(Bare("PT-b", "phenelzine 15 mg tablet")).Changes);

        Assert.Equal("MedicationDispense/md-1", a.ItemKey);
        Assert.NotEqual(a.EventId, b.EventId);
        Assert.Equal(a.EventId, Assert.Single(Map(Bare("PT-a", "Zoloft 50 mg tablet")).Changes).EventId); // a redelivery is still one event
    }

    [Fact]
    public void A_dispense_maps_every_field_the_native_contract_carries()
    {
        var change = Assert.Single(Map(Dispense("PT-f", "Zoloft 50 mg tablet", rxnorm: "312941", daysSupply: 90)).Changes);

        Assert.Equal("PT-f", change.PatientRef);
        Assert.Equal("urn:oid:2.16.840.1.113883.3.999.1|RX-1", change.ItemKey); // the identifier as FHIR names it: system|value
        Assert.Equal("312941", change.Rxnorm);
        Assert.Equal("Zoloft 50 mg tablet", change.ProductText);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 14, 30, 0, TimeSpan.Zero), change.StartedAt);
        Assert.Equal(90, change.DaysSupply);
        Assert.Contains("\"prescriptionId\":\"MedicationRequest/rx-42\"", change.DetailsJson, StringComparison.Ordinal);
        Assert.Contains("\"pharmacyId\":\"Organization/pharmacy-7\"", change.DetailsJson, StringComparison.Ordinal);
        Assert.Contains("\"dosageText\":\"1 tablet daily\"", change.DetailsJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"subject\": {\"reference\": \"Patient/PT-v\"},", "", "MedicationDispense.subject is required")]
    [InlineData("\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\",", "", "MedicationDispense.whenHandedOver is required when status is completed")]
    [InlineData("\"value\": 30, \"unit\": \"days\"", "\"value\": 0, \"unit\": \"days\"", "MedicationDispense.daysSupply must be a whole number of days from 1 to 400")]
    [InlineData("\"code\": \"d\"", "\"code\": \"mg\"", "MedicationDispense.daysSupply.code must be a time unit: UCUM d, wk, mo, a or h")]
    // a code of another system is not UCUM's (found by an edge probe: read as 30 days until 2026-12-05)
    [InlineData("\"system\": \"http://unitsofmeasure.org\", \"code\": \"d\"", "\"system\": \"http://example.org/Secret\", \"code\": \"d\"", "MedicationDispense.daysSupply.system must be UCUM (http://unitsofmeasure.org) or SNOMED CT (http://snomed.info/sct), or left out with the unit as text; its value is not logged")]
    [InlineData("\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\"", "\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\", \"whenPrepared\": \"2026-11-02\"", "MedicationDispense.whenHandedOver must not be before whenPrepared (mdd-1)")]
    [InlineData("\"status\": \"completed\"", "\"status\": \"done\"", "MedicationDispense.status is not a code of its required value set")]
    [InlineData("\"status\": \"completed\"", "\"status\": \"completed\", \"colour\": \"blue\"", "MedicationDispense has an element that is not part of FHIR R4 (PVAL128); its name is not logged")]
    [InlineData("\"Patient/PT-v\"", "\"Group/PT-v\"", "MedicationDispense.subject must reference a Patient")]
    [InlineData("\"text\": \"Secret product\"", "\"coding\": [{\"system\": \"http://snomed.info/sct\", \"code\": \"1\"}]", "MedicationDispense.medication needs a text, a coding with a display, or an RxNorm or NDC coding")]
    [InlineData("\"text\": \"Secret product\"", "\"text\": \"\"", "MedicationDispense.medication.text")]
    public void An_invalid_dispense_fails_naming_the_fhirpath_and_no_value(string from, string to, string expected)
    {
        var json = Dispense("PT-v", "Secret product").Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Dispense("PT-v", "Secret product"), json);

        var message = Failure(json);

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-v", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", message, StringComparison.Ordinal);
        Assert.DoesNotContain("blue", message, StringComparison.Ordinal);
        Assert.DoesNotContain("done", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"daysSupply\": {\"unit\": \"days\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"d\"},")]
    [InlineData("\"daysSupply\": {\"unit\": \"days\"},")]
    [InlineData("")]
    public void A_days_supply_without_a_value_is_absent_and_the_default_applies(string daysSupply)
    {
        // R4 allows a Quantity of a unit alone: no number of days, as a dispense without daysSupply (Regimen:DefaultDaysSupply)
        var json = Dispense("PT-q", "Zoloft 50 mg tablet").Replace("\"daysSupply\": {\"value\": 30, \"unit\": \"days\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"d\"},", daysSupply, StringComparison.Ordinal);
        Assert.DoesNotContain("\"value\": 30, \"unit\": \"days\"", json, StringComparison.Ordinal);

        var change = Assert.Single(Map(json).Changes);

        Assert.Equal(30, change.DaysSupply);
        Assert.True(change.DaysSupplyAssumed);
    }

    [Theory]
    [InlineData("\"daysSupply\": {\"value\": 30, ", "\"daysSupply\": {\"value\": 30, \"comparator\": \"<\", ", "MedicationDispense.daysSupply must not have a comparator (SimpleQuantity, sqty-1)")]
    [InlineData("\"quantity\": {\"value\": 30, ", "\"quantity\": {\"value\": 30, \"comparator\": \">=\", ", "MedicationDispense.quantity must not have a comparator (SimpleQuantity, sqty-1)")]
    public void A_days_supply_or_quantity_with_a_comparator_is_refused_not_read_as_exact(string element, string compared, string expected)
    {
        // SimpleQuantity (sqty-1) has no comparator: "<30" days applied as exactly 30 would claim a supply the pharmacy did not
        var json = Dispense("PT-c", "Secret product").Replace(element, compared, StringComparison.Ordinal);
        Assert.Contains("comparator", json, StringComparison.Ordinal);

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal(expected, Assert.Single(refused.Failures));
        Assert.DoesNotContain("PT-c", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("30", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resources_own_time_ahead_of_the_clock_is_refused_as_the_native_contract_refuses_it()
    {
        // five minutes of skew by default, Regimen:MaxFutureSkew; ReceivedAt is 2026-12-01T12:00Z
        Assert.Contains("MedicationDispense.whenHandedOver must not be in the future (at most 00:05:00 ahead",
            Failure(Dispense("PT-f", "Zoloft 50 mg tablet", handedOver: "2030-01-01T00:00:00Z")), StringComparison.Ordinal);
        Assert.Contains("MedicationStatement.dateAsserted must not be in the future",
            Failure(Statement("PT-f", "St. John's Wort 300 mg", asserted: "2026-12-01T12:06:00Z")), StringComparison.Ordinal);
        Assert.Contains("Bundle.entry[1].resource.whenHandedOver must not be in the future",
            Failure(Bundle("collection", Dispense("PT-f", "Zoloft 50 mg tablet"), Dispense("PT-f", "Zoloft 50 mg tablet", id: "RX-2", handedOver: "2027-01-01T00:00:00Z"))),
            StringComparison.Ordinal);

        // within the skew, and with a skew of its own
        Assert.Single(Map(Dispense("PT-f", "Zoloft 50 mg tablet", handedOver: "2026-12-01T12:04:00Z")).Changes);
        Assert.Single(FhirEventMapper.Map(Dispense("PT-f", "Zoloft 50 mg tablet", handedOver: "2026-12-02T11:00:00Z"), ReceivedAt, 30, TimeSpan.FromDays(1)).Changes);
    }

    [Theory]
    [InlineData("2026", "whenHandedOver")]
    [InlineData("2026-11", "whenHandedOver")]
    [InlineData("2026-11", "whenPrepared")]
    public void A_dispense_time_of_only_a_year_or_month_is_refused_naming_the_element(string value, string element)
    {
        var json = element == "whenHandedOver"
            ? Dispense("PT-p", "Zoloft 50 mg tablet", handedOver: value)
            : Dispense("PT-p", "Zoloft 50 mg tablet").Replace("\"whenHandedOver\":", "\"whenPrepared\": \"" + value + "\", \"whenHandedOver\":", StringComparison.Ordinal);

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal($"MedicationDispense.{element} must be at least a full date (YYYY-MM-DD, e.g. 2026-03-01; a year or year and month alone is not accepted)",
            Assert.Single(refused.Failures));
        // a date without time is still midnight UTC (docs/fhir.md)
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            Assert.Single(Map(Dispense("PT-p", "Zoloft 50 mg tablet", handedOver: "2026-11-01")).Changes).StartedAt);
    }

    [Theory]
    [InlineData("\"dateAsserted\": \"2026-11-01T12:00:00Z\"", "\"dateAsserted\": \"2026-11\"", "dateAsserted")]
    [InlineData("\"effectivePeriod\": {\"start\": \"2026-10-15\"}", "\"effectivePeriod\": {\"start\": \"2026-10-15\", \"end\": \"2026-11\"}", "effectivePeriod.end")]
    public void A_statement_time_of_only_a_year_or_month_is_refused_naming_the_element(string from, string to, string element)
    {
        var json = Statement("PT-p", "St. John's Wort 300 mg").Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Statement("PT-p", "St. John's Wort 300 mg"), json);

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal($"MedicationStatement.{element} must be at least a full date (YYYY-MM-DD, e.g. 2026-03-01; a year or year and month alone is not accepted)",
            Assert.Single(refused.Failures));
    }

    [Theory]
    [InlineData("\"effectivePeriod\": {\"start\": \"2019\"}", 2019, 1)]
    [InlineData("\"effectivePeriod\": {\"start\": \"2026-10\"}", 2026, 10)]
    [InlineData("\"effectiveDateTime\": \"2026-10\"", 2026, 10)]
    public void A_statement_start_of_only_a_year_or_month_is_read_from_its_first_day(string effective, int year, int month)
    {
        // patients report "taking it since 2019": refusing that would lose the product
        var json = Statement("PT-p", "St. John's Wort 300 mg").Replace("\"effectivePeriod\": {\"start\": \"2026-10-15\"}", effective, StringComparison.Ordinal);
        Assert.Contains(effective, json, StringComparison.Ordinal);

        Assert.Equal(new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero), Assert.Single(Map(json).Changes).StartedAt);
    }

    [Fact]
    public void A_statement_with_only_a_planned_start_is_dated_when_it_arrived()
    {
        // no dateAsserted: a start still to come would make the report look newer than any later one
        var planned = Statement("PT-p", "St. John's Wort 300 mg", start: "2026-12-15").Replace("\"dateAsserted\": \"2026-11-01T12:00:00Z\",", "", StringComparison.Ordinal);
        Assert.DoesNotContain("dateAsserted", planned, StringComparison.Ordinal);

        Assert.Equal(ReceivedAt, Assert.Single(Map(planned).Changes).EffectiveAt);
        var started = planned.Replace("2026-12-15", "2026-11-20", StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), Assert.Single(Map(started).Changes).EffectiveAt);
    }

    [Fact]
    public void A_resource_without_resource_type_or_status_is_named_by_its_type()
    {
        var dispense = Dispense("PT-t", "Zoloft 50 mg tablet");
        var untyped = Failure(dispense.Replace("\"resourceType\": \"MedicationDispense\",", "", StringComparison.Ordinal));
        Assert.Contains("resourceType is required (MedicationDispense, MedicationStatement or Bundle)", untyped, StringComparison.Ordinal);
        Assert.DoesNotContain("UnnamedResource", untyped, StringComparison.Ordinal);
        Assert.DoesNotContain("native event", untyped, StringComparison.Ordinal);
        // a native event sent to a FHIR exchange is told where it belongs (a newcomer probe)
        var native = Failure("""{"eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-t","dispensedAt":"2026-11-01T09:30:00Z","medication":{"text":"Zoloft 50 mg tablet"},"daysSupply":30}""");
        Assert.EndsWith("resourceType is required (MedicationDispense, MedicationStatement or Bundle); this looks like a native event (eventId, patientId): "
            + "publish it to pharmacy.medication-dispensed or care.supplement-reported", native, StringComparison.Ordinal);
        var noStatus = Failure(dispense.Replace("\"status\": \"completed\",", "", StringComparison.Ordinal));
        Assert.Contains("MedicationDispense.status is required", noStatus, StringComparison.Ordinal);
        Assert.DoesNotContain("$this", noStatus, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]", "body is not a FHIR resource")]
    [InlineData("\"hello\"", "body is not a FHIR resource")]
    [InlineData("{\"resourceType\": \"MedicationDispense\", ", "body is not valid JSON")]
    [InlineData("{\"resourceType\": \"MedicationDispense\",\n \"quantity\": {\"value\": NaN}}", "body is not valid JSON (line 2, position 23; expected one JSON object); NaN, Infinity and -Infinity are not JSON numbers: leave the element out (FHIR JSON has no null)")]
    public void A_body_that_is_not_one_json_object_is_refused_before_the_reader(string body, string expected)
    {
        var thrown = Assert.Throws<InvalidEventException>(() => FhirBodyDeserializer.Check(System.Text.Encoding.UTF8.GetBytes(body)));
        Assert.Contains(expected, thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    // the FHIR reader reads 1e-400 as 0 and rounds a long fraction without a word (found by an edge probe: a quantity
    // of 1e-400 was stored as 0); the native contract refuses both, so the FHIR endpoints do too, naming the element
    [InlineData("1e-400", "quantity.value")]
    [InlineData("-1E-30", "quantity.value")]
    [InlineData("1.00000000000000000000000000000001", "quantity.value")]
    [InlineData("30", null)]
    [InlineData("3e1", null)]
    [InlineData("0.0000001", null)]
    [InlineData("1.5E+2", null)]
    [InlineData("0e-400", null)]
    public void A_number_a_decimal_would_read_as_another_is_refused_naming_its_element(string literal, string? element)
    {
        var dispense = Dispense("PT-n", "Zoloft 50 mg tablet").Replace("\"quantity\": {\"value\": 30,", "\"quantity\": {\"value\": " + literal + ",", StringComparison.Ordinal);
        Assert.Contains(literal, dispense, StringComparison.Ordinal);

        foreach (var (body, path) in new[] { (dispense, element), (Bundle("collection", Statement("PT-n", "St. John's Wort"), dispense), "entry[1].resource." + element) })
        {
            var thrown = Record.Exception(() => FhirBodyDeserializer.Check(System.Text.Encoding.UTF8.GetBytes(body)));
            if (element is null)
            {
                Assert.Null(thrown);
                continue;
            }

            Assert.Equal($"Invalid event: {path} must be a number a decimal holds exactly (at most 28 significant digits and 28 decimal places): "
                + "a non-zero value as small as 1e-29 would be read as 0, more digits would be rounded", Assert.IsType<InvalidEventException>(thrown).Message);
        }
    }

    [Fact]
    public void The_path_of_a_refused_number_counts_array_elements_and_reads_escaped_names()
    {
        const string body = "{\"resourceType\": \"MedicationDispense\", \"dosageInstruction\": [{\"text\": \"x\"}, "
            + "{\"doseAndRate\": [1, true, null, \"s\", {\"dose\\u0051uantity\": {\"value\": 2e-300}}]}]}";

        var thrown = Assert.Throws<InvalidEventException>(() => FhirBodyDeserializer.Check(System.Text.Encoding.UTF8.GetBytes(body)));

        Assert.StartsWith("Invalid event: dosageInstruction[1].doseAndRate[4].doseQuantity.value must be a number a decimal holds exactly", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"resourceType\": \"MedicationDispense\", \"status\": \"completed\", \"resourceType\": \"Patient\"}", false)]
    [InlineData("{\"resourceType\": \"Bundle\", \"entry\": [{\"resource\": {\"resourceType\": \"MedicationDispense\", \"resourceType\": \"MedicationStatement\"}}]}", false)]
    [InlineData("{\"resourceType\": \"Bundle\", \"entry\": [{\"resource\": {\"resourceType\": \"MedicationDispense\"}}, {\"resource\": {\"resourceType\": \"MedicationStatement\"}}]}", true)]
    [InlineData("{\"resourceType\": \"MedicationDispense\", \"contained\": [{\"resourceType\": \"Medication\"}]}", true)]
    public void A_resource_type_given_twice_in_one_object_is_refused(string body, bool accepted)
    {
        var thrown = Record.Exception(() => FhirBodyDeserializer.Check(System.Text.Encoding.UTF8.GetBytes(body)));
        if (accepted)
        {
            Assert.Null(thrown);
        }
        else
        {
            Assert.Equal("Invalid event: resourceType appears more than once in one resource (expected each element once)", Assert.IsType<InvalidEventException>(thrown).Message);
        }
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("application/fhir+json; charset=utf-8", true)]
    [InlineData("application/json+fhir", true)]
    [InlineData("Application/JSON", true)]
    [InlineData("text/plain", false)]
    [InlineData("application/xml", false)]
    [InlineData("application/fhir+json; fhirVersion=4.0", true)]
    [InlineData("application/fhir+json; charset=utf-8; fhirVersion=4.0.1", true)]
    [InlineData("application/fhir+json; fhirVersion=5.0", false)]
    [InlineData("application/fhir+json; FHIRVERSION=\"3.0\"", false)]
    [InlineData("application/fhir+json; fhirVersion=4.01", false)]
    [InlineData("application/fhir+json; charset=UTF-8", true)]
    [InlineData("application/fhir+json; charset=latin1", false)]
    [InlineData("application/json; charset=iso-8859-1", false)]
    [InlineData("application/json+fhir; charset=windows-1252; fhirVersion=4.0", false)]
    public void The_content_types_of_the_docs_are_accepted_and_no_other(string? contentType, bool accepted)
    {
        var refused = Record.Exception(() => FhirBodyDeserializer.CheckContentType(contentType));
        Assert.Equal(accepted, refused is null);
        if (contentType?.Contains("charset", StringComparison.Ordinal) == true && !accepted)
        {
            Assert.Matches("^Invalid event: content_type charset [a-z0-9-]+ is not supported; send UTF-8", refused!.Message);
        }
    }

    [Theory]
    [InlineData("PT-ALICE")]
    [InlineData("PT-BOB")]
    public void A_subject_referencing_a_contained_patient_is_invalid_never_the_contained_id(string mrn)
    {
        // "#p1" names the Patient inside this resource: every publisher's #p1 would be one patient
        var contained = Dispense("x", "Zoloft 50 mg tablet").Replace("\"subject\": {\"reference\": \"Patient/x\"},",
            "\"contained\": [{\"resourceType\": \"Patient\", \"id\": \"p1\", \"identifier\": [{\"system\": \"urn:mrn\", \"value\": \"" + mrn + "\"}]}], \"subject\": {\"reference\": \"#p1\"},", StringComparison.Ordinal);
        Assert.Contains("#p1", contained, StringComparison.Ordinal);

        var message = Failure(contained);

        Assert.Contains("MedicationDispense.subject must not be a local reference (#id)", message, StringComparison.Ordinal);
        Assert.DoesNotContain(mrn, message, StringComparison.Ordinal);
        Assert.Contains("Bundle.entry[0].resource.subject must not be a local reference", Failure(Bundle("collection", contained)), StringComparison.Ordinal);
        // with an identifier beside it too: the reference is what the publisher chose
        Assert.Contains("subject must not be a local reference", Failure(contained.Replace("\"reference\": \"#p1\"", "\"reference\": \"#p1\", \"identifier\": {\"value\": \"" + mrn + "\"}", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"reference\": \"urn:uuid:00000000-0000-4000-8000-000000000009\", \"identifier\": {\"value\": \"PT-u\"}}", "MedicationDispense.subject must reference a Patient (Patient/id) or a Patient entry of the same Bundle")]
    [InlineData("{\"reference\": \"Group/g1\"}", "MedicationDispense.subject must reference a Patient")]
    [InlineData("{\"reference\": \"patients-of-ward-3\"}", "MedicationDispense.subject must reference a Patient (Patient/id)")]
    [InlineData("{\"display\": \"Donald Duck\"}", "MedicationDispense.subject must reference a Patient (Patient/id) or carry an identifier")]
    public void A_subject_that_is_no_supported_patient_target_is_invalid(string subject, string expected)
    {
        var json = Dispense("PT-u", "Zoloft 50 mg tablet").Replace("{\"reference\": \"Patient/PT-u\"}", subject, StringComparison.Ordinal);
        Assert.Contains(subject, json, StringComparison.Ordinal);

        Assert.Contains(expected, Failure(json), StringComparison.Ordinal);
    }

    [Fact]
    public void A_subject_resolving_to_another_bundle_entry_than_a_patient_is_invalid()
    {
        const string group = """{"resourceType": "Group", "id": "g1", "type": "person", "actual": true}""";
        var dispense = Dispense("x", "Zoloft 50 mg tablet").Replace("\"Patient/x\"", "\"urn:uuid:00000000-0000-4000-8000-000000000000\"", StringComparison.Ordinal);

        Assert.Contains("Bundle.entry[1].resource.subject must reference a Patient", Failure(Bundle("collection", group, dispense)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"reference\": \"Patient/ PT-1\"}", "MedicationDispense.subject.reference must be Patient/<id> with a FHIR id")]
    [InlineData("{\"reference\": \"Patient/PT-1 \"}", "MedicationDispense.subject.reference must be Patient/<id> with a FHIR id")]
    [InlineData("{\"reference\": \"Patient/PT-1\\u200b\"}", "MedicationDispense.subject.reference must be Patient/<id> with a FHIR id")]
    [InlineData("{\"reference\": \"Patient/PT-1\\udb40\\udc41\"}", "MedicationDispense.subject.reference must be Patient/<id> with a FHIR id")]
    [InlineData("{\"reference\": \"Patient/PT_1\"}", "MedicationDispense.subject.reference must be Patient/<id> with a FHIR id")]
    [InlineData("{\"reference\": \"Patient/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}", "MedicationDispense.subject.reference must be Patient/<id> with a FHIR id")]
    [InlineData("{\"identifier\": {\"value\": \" PT-1\"}}", "MedicationDispense.subject must not start or end with whitespace")]
    [InlineData("{\"identifier\": {\"value\": \"PT-1\\u200b\"}}", "MedicationDispense.subject must not contain invisible format characters")]
    [InlineData("{\"identifier\": {\"value\": \"PT-1\\udb40\\udc41\"}}", "MedicationDispense.subject must not contain invisible format characters")]
    [InlineData("{\"identifier\": {\"value\": \"PT-1\\u0000\"}}", "MedicationDispense.subject must not contain control characters")]
    [InlineData("{\"identifier\": {\"value\": \"PT\\u00a01\"}}", "MedicationDispense.subject must not contain spaces other than the ASCII space (U+00A0 at character 3; patient ids are compared exactly)")]
    [InlineData("{\"identifier\": {\"value\": \"PT-1\\u034fX\"}}", "MedicationDispense.subject must not contain invisible or blank characters (U+034F at character 5: ")]
    [InlineData("{\"identifier\": {\"value\": \"PT-1\\u3164X\"}}", "MedicationDispense.subject must not contain invisible or blank characters (U+3164 at character 5: ")]
    [InlineData("{\"identifier\": {\"value\": \"PT-1\\u2800X\"}}", "MedicationDispense.subject must not contain invisible or blank characters (U+2800 at character 5: ")]
    [InlineData("{\"identifier\": {\"value\": \"PT-e\\u0301\"}}", "MedicationDispense.subject must be in Unicode normalization form C")]
    [InlineData("{\"identifier\": {\"value\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}}", "MedicationDispense.subject must be 1-64 characters")]
    public void A_subject_id_meets_the_patient_id_rules_of_native_events(string subject, string expected)
    {
        var json = Dispense("PT-1", "Zoloft 50 mg tablet").Replace("{\"reference\": \"Patient/PT-1\"}", subject, StringComparison.Ordinal);
        Assert.Contains(subject, json, StringComparison.Ordinal);

        Assert.Contains(expected, Failure(json), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" D1")]
    [InlineData("D1 ")]
    [InlineData("D\u200b1")]
    public void An_identifier_value_an_item_id_would_refuse_is_refused_with_a_system_as_without_one(string value)
    {
        // found by an independent edge probe: with a system, " D1" was keyed urn:x| D1, another dispense than D1's
        const string Official = "\"identifier\": [{\"system\": \"urn:oid:2.16.840.1.113883.3.999.1\", \"value\": \"RX-1\"}]";
        var dispense = Dispense("PT-1", "Zoloft 50 mg tablet");
        Assert.Contains(Official, dispense, StringComparison.Ordinal);
        var withSystem = dispense.Replace(Official, "\"identifier\": [{\"system\": \"urn:x\", \"value\": \"" + value + "\"}]", StringComparison.Ordinal);
        var without = dispense.Replace(Official, "\"identifier\": [{\"value\": \"" + value + "\"}]", StringComparison.Ordinal);
        var statement = Statement("PT-1", "St John's wort").Replace("\"identifier\": [{\"value\": \"MS-1\"}]", "\"identifier\": [{\"system\": \"urn:x\", \"value\": \"" + value + "\"}]", StringComparison.Ordinal);

        var refused = OnlyFailure(without);

        Assert.StartsWith("MedicationDispense.identifier must not ", refused, StringComparison.Ordinal);
        Assert.EndsWith("item ids are compared exactly)", refused, StringComparison.Ordinal);
        Assert.Equal(refused, OnlyFailure(withSystem));
        Assert.Equal(refused.Replace("MedicationDispense", "MedicationStatement", StringComparison.Ordinal), OnlyFailure(statement));
        Assert.Equal("urn:x|D1", Assert.Single(Map(withSystem.Replace(value, "D1", StringComparison.Ordinal)).Changes).ItemKey);
    }

    [Theory]
    [InlineData("{\"reference\": \"Patient/PT-1.a-B9\"}", "PT-1.a-B9")]
    [InlineData("{\"identifier\": {\"system\": \"urn:mrn\", \"value\": \"MRN 0042/7\"}}", "urn:mrn|MRN 0042/7")]
    [InlineData("{\"identifier\": {\"value\": \"MRN 0042/7\"}}", "MRN 0042/7")] // no system: the value, as before
    [InlineData("{\"identifier\": {\"value\": \"urn:mrn|1001\"}}", "|urn:mrn|1001")] // not (urn:mrn, 1001)'s id
    [InlineData("{\"identifier\": {\"system\": \"urn:a|b\", \"value\": \"7\"}}", "urn:a%7Cb|7")]
    // a system too long to fit beside the value: shortened to its hash
    [InlineData("{\"identifier\": {\"system\": \"https://hospital-b.example.org/fhir/NamingSystem/medical-record-number\", \"value\": \"1001\"}}", "sha256:f35a1ea1bd048ef4|1001")]
    public void A_valid_fhir_id_or_identifier_is_the_patient_id(string subject, string expected)
    {
        var json = Dispense("PT-1", "Zoloft 50 mg tablet").Replace("{\"reference\": \"Patient/PT-1\"}", subject, StringComparison.Ordinal);

        Assert.Equal(expected, Assert.Single(Map(json).Changes).PatientRef);
    }

    [Fact]
    public void Two_systems_identifiers_with_one_value_are_two_patients()
    {
        // found by an independent edge probe: both were patient 1001, and a major alert combined two people's dispenses
        static string Subject(string system) => Dispense("PT-1", "Zoloft 50 mg tablet")
            .Replace("{\"reference\": \"Patient/PT-1\"}", "{\"identifier\": {\"system\": \"" + system + "\", \"value\": \"1001\"}}", StringComparison.Ordinal);

        var first = Assert.Single(Map(Subject("urn:oid:2.16.840.1.113883.4.1")).Changes).PatientRef;
        var second = Assert.Single(Map(Subject("http://hospital-b.example.org/mrn")).Changes).PatientRef;

        Assert.NotEqual(first, second);
        Assert.Equal(["http://hospital-b.example.org/mrn|1001", "urn:oid:2.16.840.1.113883.4.1|1001"], new[] { first, second }.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("\" 1001\"", "MedicationDispense.subject.identifier.value must not start or end with whitespace")]
    [InlineData("\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"", "MedicationDispense.subject.identifier.value must be at most 40 characters beside a system (was 41)")]
    [InlineData("\"1001\\u115f\"", "MedicationDispense.subject.identifier.value must not contain invisible or blank characters (U+115F at character 5: ")]
    public void An_identifier_value_beside_a_system_meets_the_patient_id_rules(string value, string expected)
    {
        var json = Dispense("PT-1", "Zoloft 50 mg tablet").Replace("{\"reference\": \"Patient/PT-1\"}",
            "{\"identifier\": {\"system\": \"https://hospital-b.example.org/fhir/NamingSystem/medical-record-number\", \"value\": " + value + "}}", StringComparison.Ordinal);

        Assert.Contains(expected, Failure(json), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"text\": \"Zoloft 50 mg tablet\"", "\"text\": \"Zoloft\\u0000\"", "MedicationDispense.medication.text must not contain control characters (U+0000 at character 7)")]
    [InlineData("\"text\": \"Zoloft 50 mg tablet\"", "\"text\": \"Zol\\u0001oft\\u0007\"", "MedicationDispense.medication.text must not contain control characters (U+0001 at character 4)")]
    [InlineData("\"text\": \"1 tablet daily\"", "\"text\": \"1 tablet\\u0000 daily\"", "MedicationDispense.dosageInstruction.text must not contain control characters (U+0000")]
    [InlineData("\"text\": \"1 tablet daily\"", "\"text\": \"\\u0007\"", "MedicationDispense.dosageInstruction.text must not contain control characters (U+0007")]
    [InlineData("\"value\": \"RX-1\"", "\"value\": \"RX-1\\u001b\"", "MedicationDispense.identifier must not contain control characters (U+001B")]
    [InlineData("\"value\": \"RX-1\"", "\"value\": \"RX\\u00a01\"", "MedicationDispense.identifier must not contain spaces other than the ASCII space (U+00A0 at character")]
    [InlineData("\"value\": \"RX-1\"", "\"value\": \"RX-1\\ufe0f\"", "MedicationDispense.identifier must not contain invisible or blank characters (U+FE0F at character")]
    [InlineData("\"value\": \"RX-1\"", "\"value\": \"RX-A\\u030a\"", "MedicationDispense.identifier must be in Unicode normalization form C")]
    [InlineData("\"Organization/pharmacy-7\"", "\"Organization/pharmacy-7\\u0000\"", "MedicationDispense.performer.actor must not contain control characters")]
    [InlineData("\"code\": \"312941\"", "\"code\": \"3129\\u000041\"", "medication.coding.where(system='http://www.nlm.nih.gov/research/umls/rxnorm').code must not contain control characters")]
    public void A_control_character_in_any_text_kept_is_refused_naming_the_element(string from, string to, string expected)
    {
        var valid = Dispense("PT-c", "Zoloft 50 mg tablet", rxnorm: "312941");
        var json = valid.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(valid, json);

        var message = Failure(json);

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zol", message, StringComparison.Ordinal);
        Assert.DoesNotContain("tablet", message, StringComparison.Ordinal);
    }

    [Theory]
    // a coded route without a display: the SNOMED CT route's name
    [InlineData("\"text\": \"Instill 1 drop\", \"route\": {\"coding\": [{\"system\": \"http://snomed.info/sct\", \"code\": \"10547007\"}]}", "Instill 1 drop (route: Otic route)")]
    // the coding's display, or the route's own text, as sent
    [InlineData("\"route\": {\"coding\": [{\"system\": \"http://snomed.info/sct\", \"code\": \"54485002\", \"display\": \"Ophthalmic use\"}]}", "(route: Ophthalmic use)")]
    [InlineData("\"text\": \"1 tablet daily\", \"route\": {\"text\": \"By mouth\"}", "1 tablet daily (route: By mouth)")]
    // an unknown code without a display adds nothing
    [InlineData("\"text\": \"1 tablet daily\", \"route\": {\"coding\": [{\"system\": \"http://snomed.info/sct\", \"code\": \"999999\"}]}", "1 tablet daily")]
    // routes that disagree are all kept, in either order, so a by-mouth one is never dropped for the first (found by an
    // independent edge probe: Oral then Ophthalmic codings were read as Oral alone, and the other way round as Ophthalmic)
    [InlineData("\"route\": {\"coding\": [{\"system\": \"http://snomed.info/sct\", \"code\": \"26643006\", \"display\": \"Oral\"}, {\"system\": \"http://snomed.info/sct\", \"code\": \"54485002\", \"display\": \"Ophthalmic\"}]}", "(route: Oral / Ophthalmic)")]
    [InlineData("\"route\": {\"coding\": [{\"system\": \"http://snomed.info/sct\", \"code\": \"54485002\", \"display\": \"Ophthalmic\"}, {\"system\": \"http://snomed.info/sct\", \"code\": \"26643006\"}]}", "(route: Ophthalmic / Oral route)")]
    [InlineData("\"route\": {\"text\": \"Ophthalmic\", \"coding\": [{\"system\": \"http://snomed.info/sct\", \"code\": \"26643006\", \"display\": \"Oral route\"}]}", "(route: Ophthalmic / Oral route)")]
    // the userSelected coding first
    [InlineData("\"route\": {\"coding\": [{\"system\": \"http://snomed.info/sct\", \"code\": \"54485002\"}, {\"system\": \"http://snomed.info/sct\", \"code\": \"26643006\", \"userSelected\": true}]}", "(route: Oral route / Ophthalmic route)")]
    // one route in other words (a local code beside SNOMED CT's, as Epic sends it) is read as before
    [InlineData("\"route\": {\"text\": \"Oral\", \"coding\": [{\"system\": \"urn:oid:1.2.840.114350.1.13.0.1.7.4.698288.330\", \"code\": \"15\", \"display\": \"Oral\"}, {\"system\": \"http://snomed.info/sct\", \"code\": \"26643006\", \"display\": \"Oral route\"}]}", "(route: Oral)")]
    public void A_dosage_route_reaches_the_directions_the_normaliser_reads(string dosage, string expected)
    {
        var json = Dispense("PT-r", "OFLOXACIN 0.3% SOLN").Replace("\"text\": \"1 tablet daily\"", dosage, StringComparison.Ordinal);

        var change = Assert.Single(Map(json).Changes);

        Assert.Contains($"\"dosageText\":\"{expected}\"", change.DetailsJson, StringComparison.Ordinal);
        if (expected.Contains("Oral", StringComparison.Ordinal))
        {
            // a route by mouth among others keeps the product by mouth, as without directions
            var normaliser = new RegimenMonitor.Rules.ProductNormaliser(RegimenMonitor.Rules.KnowledgeBase.LoadEmbedded());
            Assert.Equal(normaliser.Normalise("OFLOXACIN 0.3% SOLN").Ingredients, normaliser.Normalise("OFLOXACIN 0.3% SOLN", directions: expected).Ingredients);
            Assert.NotEqual(normaliser.Normalise("OFLOXACIN 0.3% SOLN").Ingredients, normaliser.Normalise("OFLOXACIN 0.3% SOLN", directions: "(route: Ophthalmic route)").Ingredients);
        }
    }

    private const string Rx = "http://www.nlm.nih.gov/research/umls/rxnorm";

    [Fact]
    public void Each_change_knows_its_entry_so_a_refusal_by_stored_data_names_it()
    {
        // found by an independent edge probe: a refusal against stored data (a stop before an earlier version's start, a
        // reused meta.versionId) did not say which entry of the Bundle it was
        var mapping = Map(Bundle("transaction", Dispense("PT-p", "Zoloft 50 mg tablet"), Statement("PT-p", "St. John's Wort")));
        var statement = Assert.Single(mapping.Changes, c => c.Kind == RegimenMonitor.Rules.RegimenItemKind.Supplement);
        var dispense = Assert.Single(mapping.Changes, c => c.Kind == RegimenMonitor.Rules.RegimenItemKind.Medication);

        Assert.Equal("Bundle.entry[1].resource", mapping.PathOf(statement));
        Assert.Equal("Bundle.entry[0].resource", mapping.PathOf(dispense));
        Assert.Equal("Bundle.entry[1].resource: stoppedOn: x", mapping.Named(statement, "stoppedOn: x"));
        Assert.Equal("Bundle.entry[1].resource.status: x", mapping.Named(statement, "Bundle.entry[1].resource.status: x"));
        var alone = Map(Statement("PT-p", "St. John's Wort"));
        Assert.Equal("MedicationStatement: stoppedOn: x", alone.Named(Assert.Single(alone.Changes), "stoppedOn: x"));
        Assert.Equal("MedicationStatement.effectivePeriod.end: x", alone.Named(alone.Changes[0], "MedicationStatement.effectivePeriod.end: x"));
    }

    private static string OnlyFailure(string json) => Assert.Single(Assert.Throws<InvalidEventException>(() => Map(json)).Failures);

    private static string Coded(string concept, string text = "unused") =>
        Dispense("PT-cc", text).Replace($"\"text\": \"{text}\"", concept, StringComparison.Ordinal);

    private static string Coding(string code, string display, string system = Rx, bool userSelected = false) =>
        $"{{\"system\": \"{system}\", \"code\": \"{code}\", \"display\": \"{display}\"{(userSelected ? ", \"userSelected\": true" : "")}}}";

    [Theory]
    // found by an independent edge probe: only the first RxNorm coding was read, so [acetaminophen, tramadol] raised no
    // alert and [tramadol, acetaminophen] a major one; the userSelected flag was not read either. Codings of one
    // CodeableConcept are one concept (R4): naming two products they are refused, whatever their order
    [InlineData(false, 1, 0)]
    [InlineData(true, 1, 0)]
    public void Codings_that_name_different_products_are_refused_in_either_order(bool tramadolFirst, int other, int readFrom)
    {
        var acetaminophen = Coding("313782", "acetaminophen 325 MG Oral Tablet");
        var tramadol = Coding("836465", "tramadol hydrochloride 50 MG Oral Tablet");
        var codings = tramadolFirst ? $"{tramadol}, {acetaminophen}" : $"{acetaminophen}, {tramadol}";

        var refused = Assert.Throws<InvalidEventException>(() => Map(Coded($"\"coding\": [{codings}]")));

        Assert.Equal($"MedicationDispense.medicationCodeableConcept.coding[{other}]: names another product than coding[{readFrom}] (it maps to an ingredient the product read from coding[{readFrom}] does not hold; R4: the codings of one CodeableConcept are alternative codes for the same product): send each product in its own resource",
            Assert.Single(refused.Failures));
        Assert.DoesNotContain("tramadol", refused.Message, StringComparison.OrdinalIgnoreCase);

        // the user's choice is read first, and the other product is still refused
        var selected = $"{acetaminophen}, {Coding("836465", "tramadol hydrochloride 50 MG Oral Tablet", userSelected: true)}";
        Assert.StartsWith("MedicationDispense.medicationCodeableConcept.coding[0]: names another product than coding[1] ",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(Coded($"\"coding\": [{selected}]"))).Failures), StringComparison.Ordinal);

        // a text naming one product and a coding another, a statement's, and a contained Medication's code
        Assert.StartsWith("MedicationDispense.medicationCodeableConcept.coding[0]: names another product than text ",
            OnlyFailure(Coded($"\"coding\": [{tramadol}], \"text\": \"Tylenol 325 mg tablet\"")), StringComparison.Ordinal);
        var statement = Statement("PT-cc", "unused").Replace("{\"text\": \"unused\"}", $"{{\"coding\": [{codings}]}}", StringComparison.Ordinal);
        Assert.StartsWith($"MedicationStatement.medicationCodeableConcept.coding[{other}]: names another product than coding[{readFrom}] ", OnlyFailure(statement), StringComparison.Ordinal);
        var contained = System.Text.RegularExpressions.Regex.Replace(Dispense("PT-cc", "unused"), "\"medicationCodeableConcept\": \\{[^}]*\\},",
            $"\"contained\": [{{\"resourceType\": \"Medication\", \"id\": \"med1\", \"code\": {{\"coding\": [{codings}]}}}}], \"medicationReference\": {{\"reference\": \"#med1\"}},");
        Assert.StartsWith($"MedicationDispense.contained[0].code.coding[{other}]: names another product than coding[{readFrom}] ", OnlyFailure(contained), StringComparison.Ordinal);
    }

    [Theory]
    // Epic sends one medicine at several RxNorm term types (SCD, SBD, GPCK, the ingredient), NDC beside RxNorm: read as
    // before, from the first RxNorm coding with a display
    [InlineData("sertraline 50 MG Oral Tablet", "312940", "0049-4900-66",
        "\"312940\", \"sertraline 50 MG Oral Tablet\"|\"208161\", \"Zoloft 50 MG Oral Tablet\"|\"36437\", \"sertraline\"|\"1000001\", \"{30 (sertraline 50 MG Oral Tablet) } Pack\"|\"0049-4900-66\", \"ZOLOFT 50MG TAB\", \"http://hl7.org/fhir/sid/ndc\"")]
    // a combination and its ingredients: each ingredient is one of the product's
    [InlineData("acetaminophen 325 MG / tramadol hydrochloride 37.5 MG Oral Tablet", "836395", null,
        "\"836395\", \"acetaminophen 325 MG / tramadol hydrochloride 37.5 MG Oral Tablet\"|\"161\", \"acetaminophen\"|\"10689\", \"tramadol\"")]
    // the ingredient first: its code names the product's one ingredient, and the product is read as it
    [InlineData("sertraline", "36437", null, "\"36437\", \"sertraline\"|\"312940\", \"sertraline 50 MG Oral Tablet\"|\"208161\", \"Zoloft 50 MG Oral Tablet\"")]
    public void Codings_of_one_medicine_at_several_term_types_are_read_as_before(string text, string rxnorm, string? ndc, string codings)
    {
        var list = string.Join(", ", codings.Split('|').Select(c => c.Split(", ") is var p && p.Length == 3
            ? Coding(p[0].Trim('"'), p[1].Trim('"'), p[2].Trim('"'))
            : Coding(p[0].Trim('"'), p[1].Trim('"'))));

        var change = Assert.Single(Map(Coded($"\"coding\": [{list}]")).Changes);

        Assert.Equal(text, change.ProductText);
        Assert.Equal(rxnorm, change.Rxnorm);
        Assert.Equal(ndc, change.Ndc);
    }

    [Fact]
    public void The_user_selected_coding_of_one_medicine_is_read_first()
    {
        var codings = $"{Coding("312940", "sertraline 50 MG Oral Tablet")}, {Coding("208161", "Zoloft 50 MG Oral Tablet", userSelected: true)}";

        var change = Assert.Single(Map(Coded($"\"coding\": [{codings}]")).Changes);

        Assert.Equal("Zoloft 50 MG Oral Tablet", change.ProductText);
        Assert.Equal("208161", change.Rxnorm);
    }

    [Fact]
    public void Line_breaks_and_tabs_in_a_product_or_dosage_text_become_spaces()
    {
        // FHIR strings may hold them; refusing the dispense for its layout would lose the medication
        var json = Dispense("PT-lb", "Zoloft 50 mg tablet", rxnorm: "312941")
            .Replace("\"text\": \"Zoloft 50 mg tablet\"", "\"text\": \"Zoloft\\r\\n50 mg\\ttablet\\n\"", StringComparison.Ordinal)
            .Replace("\"text\": \"1 tablet daily\"", "\"text\": \"1 tablet daily\\nwith food\"", StringComparison.Ordinal);

        var change = Assert.Single(Map(json).Changes);

        Assert.Equal("Zoloft 50 mg tablet", change.ProductText);
        Assert.Contains("\"dosageText\":\"1 tablet daily with food\"", change.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public void A_control_character_in_a_statements_text_or_codes_is_refused_naming_the_element()
    {
        var statement = Statement("PT-c", "5-HTP\\u0000 100 mg");
        Assert.Contains("MedicationStatement.medication.text must not contain control characters (U+0000 at character 6)", Failure(statement), StringComparison.Ordinal);
        var coded = Statement("PT-c", "5-HTP 100 mg").Replace("\"medicationCodeableConcept\": {", "\"medicationCodeableConcept\": {\"coding\": [{\"system\": \"http://hl7.org/fhir/sid/ndc\", \"code\": \"0000\\u0000\"}], ", StringComparison.Ordinal);
        Assert.Contains("MedicationStatement.medication.coding.where(system='http://hl7.org/fhir/sid/ndc').code must not contain control characters", Failure(coded), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"text\": \"Zoloft 50 mg tablet\"", "\"text\": \"Zoloft \\ud800 tablet\"", "MedicationDispense.medicationCodeableConcept.text must be valid Unicode text (no unpaired surrogates)")]
    [InlineData("\"text\": \"Zoloft 50 mg tablet\"", "\"text\": \"Zoloft \\udc00\"", "MedicationDispense.medicationCodeableConcept.text must be valid Unicode text (no unpaired surrogates)")]
    [InlineData("\"Patient/PT-s\"", "\"Patient/X\\ud800\"", "MedicationDispense.subject.reference must be valid Unicode text (no unpaired surrogates)")]
    [InlineData("\"text\": \"1 tablet daily\"", "\"text\": \"1 tablet\\ud800\"", "MedicationDispense.dosageInstruction[0].text must be valid Unicode text (no unpaired surrogates)")]
    [InlineData("\"status\": \"completed\",", "\"status\": \"completed\", \"PT-secret-9\": \"\\ud800\",", "MedicationDispense has an element whose text is not valid Unicode (no unpaired surrogates); its name is not logged")]
    [InlineData("\"text\": \"1 tablet daily\"", "\"text\": \"1 tablet daily\", \"\\ud800\": 1", "property names must be valid Unicode (no unpaired surrogate escapes)")]
    public void An_unpaired_surrogate_is_refused_naming_the_element_never_the_reader_crash(string from, string to, string expected)
    {
        var json = Dispense("PT-s", "Zoloft 50 mg tablet").Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Dispense("PT-s", "Zoloft 50 mg tablet"), json);

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal(expected, Assert.Single(refused.Failures));
        Assert.DoesNotContain("PT-", refused.Message, StringComparison.Ordinal);
        // in a Bundle, by the entry's path
        var inBundle = expected.StartsWith("MedicationDispense", StringComparison.Ordinal) ? "Bundle.entry[0].resource" + expected["MedicationDispense".Length..] : expected;
        Assert.Equal(inBundle, Assert.Single(Assert.Throws<InvalidEventException>(() => Map(Bundle("collection", json))).Failures));
    }

    [Theory]
    [InlineData("{\"\\ud800\": 1, \"resourceType\": \"MedicationDispense\"}")]
    [InlineData("{\"resourceType\": \"MedicationDispense\", \"subject\": {\"x\\udc00y\": 1}}")]
    public void A_property_name_with_an_unpaired_surrogate_is_refused_before_the_reader(string body)
    {
        var thrown = Assert.Throws<InvalidEventException>(() => FhirBodyDeserializer.Check(System.Text.Encoding.UTF8.GetBytes(body)));

        Assert.Equal("Invalid event: property names must be valid Unicode (no unpaired surrogate escapes)", thrown.Message);
    }

    [Theory]
    [InlineData("\\udb40\\udc01")]
    [InlineData("\\udb40\\udc41\\udb40\\udc42")]
    [InlineData("\\ufffe\\uffff")]
    public void A_product_text_of_only_invisible_characters_beyond_the_bmp_or_noncharacters_is_refused(string text)
    {
        Assert.Contains("MedicationStatement.medication.text must contain visible text", Failure(Statement("PT-c", text)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"status\": \"completed\"", "\"status\": \"completed\", \"badElemPHIPATIENTXYZ\": \"x\"", "MedicationDispense has an element that is not part of FHIR R4 (PVAL128); its name is not logged")]
    [InlineData("\"text\": \"1 tablet daily\"", "\"text\": \"1 tablet daily\", \"PT-secret-9\": {\"a\": 1}", "MedicationDispense.dosageInstruction[0] has an element that is not part of FHIR R4 (PVAL128); its name is not logged")]
    public void An_unknown_element_is_refused_where_it_is_without_its_name(string from, string to, string expected)
    {
        var json = Dispense("PT-e", "Zoloft 50 mg tablet").Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Dispense("PT-e", "Zoloft 50 mg tablet"), json);

        var message = Failure(json);

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("PHIPATIENT", message, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-secret-9", message, StringComparison.Ordinal);
    }

    // found by an independent edge probe: "MedicationDispense is invalid (JSON133)" named no element; one unknown
    // underscore element gave four reasons (one per check it failed); a bad text in the second dosage was named as the
    // first dosage's
    [Theory]
    [InlineData("\"status\": \"completed\"", "\"status\": \"completed\", \"_identifier\": [{\"extension\": [{\"url\": \"http://x\", \"valueString\": \"y\"}]}]",
        "MedicationDispense._identifier is not allowed: identifier is not a FHIR primitive, so its extensions go inside it (JSON133)")]
    [InlineData("\"status\": \"completed\"", "\"status\": \"completed\", \"_PTsecret9\": {\"extension\": []}",
        "MedicationDispense has an element that is not part of FHIR R4 (JSON121, PVAL129, PVAL123, PVAL128); its name is not logged")]
    [InlineData("\"dosageInstruction\": [{\"text\": \"1 tablet daily\"}]", "\"dosageInstruction\": [{\"sequence\": 1}, {\"text\": \"take PTsecret9\\u0000\"}]",
        "MedicationDispense.dosageInstruction[1].text must not contain control characters (U+0000 at character 15)")]
    public void A_refused_element_is_named_once_and_where_it_is(string from, string to, string expected)
    {
        var json = Dispense("PT-e", "Zoloft 50 mg tablet").Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Dispense("PT-e", "Zoloft 50 mg tablet"), json);

        var message = Failure(json);

        Assert.Equal("Invalid event: " + expected, message);
        Assert.DoesNotContain("PTsecret9", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Patient PATIENTMARKER123 takes PRODUCTMARKER456", "resourceType is not a FHIR R4 resource type (its value is not logged; type names are case-sensitive)")]
    [InlineData("X\\r\\nfail: FORGED LOG LINE PATIENTMARKER123", "resourceType is not a FHIR R4 resource type (its value is not logged; type names are case-sensitive)")]
    [InlineData("MedicationDispenz", "resourceType is not a FHIR R4 resource type (its value is not logged; type names are case-sensitive)")]
    [InlineData("Patient", "Patient is not accepted")]
    [InlineData("medicationdispense", "resourceType is not a FHIR R4 resource type (its value is not logged; type names are case-sensitive)")] // a type's name in other case is the publisher's text
    [InlineData("MEDICATIONSTATEMENT", "resourceType is not a FHIR R4 resource type (its value is not logged; type names are case-sensitive)")]
    public void An_unknown_resource_type_is_refused_once_without_its_value(string resourceType, string expected)
    {
        var json = Dispense("PT-t", "Zoloft 50 mg tablet").Replace("\"resourceType\": \"MedicationDispense\"", $"\"resourceType\": \"{resourceType}\"", StringComparison.Ordinal);
        Assert.NotEqual(Dispense("PT-t", "Zoloft 50 mg tablet"), json);

        var message = Failure(json);

        Assert.Equal($"Invalid event: {expected}: send a MedicationDispense, a MedicationStatement or a Bundle of them", message);
    }

    [Theory]
    [InlineData("\"status\": \"completed\",", "\"status\": \"completed\", \"status\": \"completed\",", "MedicationDispense.status appears more than once")]
    [InlineData("\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\",", "\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\", \"whenHandedOver\": \"2026-11-01T09:30:00-05:00\",", "MedicationDispense.whenHandedOver appears more than once")]
    [InlineData("\"medicationCodeableConcept\": {", "\"medicationCodeableConcept\": {\"text\": \"x\"}, \"medicationCodeableConcept\": {", "MedicationDispense.medicationCodeableConcept appears more than once")]
    public void A_duplicate_element_is_refused_naming_it(string from, string to, string expected)
    {
        var json = Dispense("PT-d", "Zoloft 50 mg tablet").Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Dispense("PT-d", "Zoloft 50 mg tablet"), json);

        Assert.Contains(expected, Failure(json), StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_padded_rxnorm_coding_is_read_without_its_zeros()
    {
        // as the native contract reads it (found by a review: refusing it lost every event of a fixed-width feed)
        var concept = new R4.CodeableConcept { Text = "Zoloft 50 mg tablet", Coding = [new R4.Coding(FhirEventMapper.RxNormSystem, "0312938")] };

        Assert.Equal("312938", FhirEventMapper.Product(concept, null).RxNorm);
    }

    [Theory]
    [InlineData("http://www.nlm.nih.gov/research/umls/rxnorm", "abc", "medication.coding.where(system='http://www.nlm.nih.gov/research/umls/rxnorm').code must be an RxNorm concept id")]
    [InlineData("http://www.nlm.nih.gov/research/umls/rxnorm", "0000000", "medication.coding.where(system='http://www.nlm.nih.gov/research/umls/rxnorm').code must be an RxNorm concept id: up to 10 digits (leading zeros aside), not zero")]
    [InlineData("http://hl7.org/fhir/sid/ndc", "12", "medication.coding.where(system='http://hl7.org/fhir/sid/ndc').code must be an NDC")]
    [InlineData("http://www.whocc.no/atc", "N6AB06", "must be an ATC code of any level")]
    public void A_code_that_cannot_be_one_of_its_system_is_refused_naming_the_coding(string system, string code, string expected)
    {
        var statement = Statement("PT-d", "St. John's Wort 300 mg").Replace("\"medicationCodeableConcept\": {\"text\": \"St. John's Wort 300 mg\"}",
            $"\"medicationCodeableConcept\": {{\"coding\": [{{\"system\": \"{system}\", \"code\": \"{code}\"}}], \"text\": \"St. John's Wort 300 mg\"}}", StringComparison.Ordinal);
        Assert.NotEqual(Statement("PT-d", "St. John's Wort 300 mg"), statement);

        var failure = Assert.Single(Assert.Throws<InvalidEventException>(() => Map(statement)).Failures);
        Assert.StartsWith("MedicationStatement.", failure, StringComparison.Ordinal);
        Assert.Contains(expected, failure, StringComparison.Ordinal);

        // the same coding on a dispense
        var dispense = Dispense("PT-d", "Zoloft 50 mg tablet").Replace("\"text\": \"Zoloft 50 mg tablet\"", $"\"coding\": [{{\"system\": \"{system}\", \"code\": \"{code}\"}}], \"text\": \"Zoloft 50 mg tablet\"", StringComparison.Ordinal);
        Assert.NotEqual(Dispense("PT-d", "Zoloft 50 mg tablet"), dispense);
        Assert.Contains(expected[expected.IndexOf("must", StringComparison.Ordinal)..], Failure(dispense), StringComparison.Ordinal);
    }

    [Theory]
    // a coding with a code of a supported system and no text or display, as the native medication.rxnorm or .ndc alone
    // (found by an edge probe: refused as "needs a text or a coding with a display" until 2026-12-05)
    [InlineData("http://www.nlm.nih.gov/research/umls/rxnorm", "312941", "RxNorm 312941", "312941", null)]
    [InlineData("http://hl7.org/fhir/sid/ndc", "0069-4190-30", "NDC 0069-4190-30", null, "0069-4190-30")]
    public void A_medication_given_by_an_rxnorm_or_ndc_code_alone_is_read_as_the_native_code_only_product(
        string system, string code, string text, string? rxnorm, string? ndc)
    {
        var concept = $"\"medicationCodeableConcept\": {{\"coding\": [{{\"system\": \"{system}\", \"code\": \"{code}\"}}]}}";
        var dispense = System.Text.RegularExpressions.Regex.Replace(Dispense("PT-k", "unused"), "\"medicationCodeableConcept\": \\{[^}]*\\}", concept);
        Assert.DoesNotContain("unused", dispense, StringComparison.Ordinal);
        var statement = Statement("PT-k", "unused").Replace("\"medicationCodeableConcept\": {\"text\": \"unused\"}", concept, StringComparison.Ordinal);
        Assert.DoesNotContain("unused", statement, StringComparison.Ordinal);

        var fromFhir = Assert.Single(Map(dispense).Changes);
        var native = EventMapper.Map(new MedicationDispensed
        {
            EventId = Guid.NewGuid(), PatientId = "PT-k", DispensedAt = ReceivedAt.AddDays(-1),
            Medication = new MedicationProduct { Rxnorm = rxnorm, Ndc = ndc },
        }, 30);
        Assert.Equal(native.ProductText, fromFhir.ProductText);
        Assert.Equal((text, rxnorm, ndc), (fromFhir.ProductText, fromFhir.Rxnorm, fromFhir.Ndc));

        var reported = Assert.Single(Map(statement).Changes);
        Assert.Equal((text, rxnorm, ndc), (reported.ProductText, reported.Rxnorm, reported.Ndc));

        // a contained Medication with the code alone, referenced without a display, is read the same way
        var contained = System.Text.RegularExpressions.Regex.Replace(Dispense("PT-k", "unused"), "\"medicationCodeableConcept\": \\{[^}]*\\},",
            $"\"contained\": [{{\"resourceType\": \"Medication\", \"id\": \"med1\", \"code\": {{\"coding\": [{{\"system\": \"{system}\", \"code\": \"{code}\"}}]}}}}], \"medicationReference\": {{\"reference\": \"#med1\"}},");
        Assert.DoesNotContain("unused", contained, StringComparison.Ordinal);
        Assert.Equal((text, rxnorm, ndc), Assert.Single(Map(contained).Changes) is var c ? (c.ProductText, c.Rxnorm, c.Ndc) : default);
    }

    [Theory]
    [InlineData("\"coding\": [{\"system\": \"http://www.whocc.no/atc\", \"code\": \"N06AB06\"}]")] // ATC alone names no product (native: text required)
    [InlineData("\"coding\": [{\"system\": \"http://snomed.info/sct\", \"code\": \"1\"}]")]
    [InlineData("\"coding\": [{\"system\": \"http://hl7.org/fhir/sid/ndc\"}]")] // the system without a code
    public void A_medication_with_nothing_usable_is_refused_naming_the_field(string concept)
    {
        var dispense = Dispense("PT-k", "Secret product").Replace("\"text\": \"Secret product\"", concept, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", dispense, StringComparison.Ordinal);

        var refused = Assert.Throws<InvalidEventException>(() => Map(dispense));

        Assert.Equal("MedicationDispense.medication needs a text, a coding with a display, or an RxNorm or NDC coding with a code (http://www.nlm.nih.gov/research/umls/rxnorm, http://hl7.org/fhir/sid/ndc)",
            Assert.Single(refused.Failures));
        Assert.DoesNotContain("N06AB06", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"text\": \"Timoptic 5mg/ml solution\"")]
    public void A_malformed_ndc_is_named_with_a_text_or_without(string text)
    {
        // medicationdispense0308's nine-digit NDC: the form error, not "needs a text", when the coding stands alone
        var coding = "\"coding\": [{\"system\": \"http://hl7.org/fhir/sid/ndc\", \"code\": \"2501-813-16\"}]" + (text.Length == 0 ? "" : ", " + text);
        var dispense = Dispense("PT-k", "unused").Replace("\"text\": \"unused\"", coding, StringComparison.Ordinal);
        var statement = Statement("PT-k", "unused").Replace("{\"text\": \"unused\"}", "{" + coding + "}", StringComparison.Ordinal);

        Assert.StartsWith("MedicationDispense.medication.coding.where(system='http://hl7.org/fhir/sid/ndc').code must be an NDC",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(dispense)).Failures), StringComparison.Ordinal);
        Assert.StartsWith("MedicationStatement.medication.coding.where(system='http://hl7.org/fhir/sid/ndc').code must be an NDC",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(statement)).Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("active")]
    [InlineData("unknown")]
    public void An_active_statements_period_ending_before_its_assertion_is_read_as_stopped_then(string status)
    {
        // as a native statement's stoppedOn: the period is what a washout counts from, whatever the status says
        var statement = Statement("PT-a", "St. John's Wort 300 mg", status: status).Replace("{\"start\": \"2026-10-15\"}", "{\"start\": \"2026-10-15\", \"end\": \"2026-10-20\"}", StringComparison.Ordinal);
        Assert.Contains("2026-10-20", statement, StringComparison.Ordinal);

        var change = Assert.Single(Map(statement).Changes);

        Assert.Equal(new DateTimeOffset(2026, 10, 21, 0, 0, 0, TimeSpan.Zero), change.StoppedAt);
    }

    [Fact]
    public void A_choice_element_given_with_two_types_is_refused_naming_the_choice_and_both()
    {
        var statement = Statement("PT-d", "St. John's Wort 300 mg").Replace("\"effectivePeriod\":", "\"effectiveDateTime\": \"2026-10-15\", \"effectivePeriod\":", StringComparison.Ordinal);
        Assert.NotEqual(Statement("PT-d", "St. John's Wort 300 mg"), statement);

        Assert.Equal("MedicationStatement.effective[x] is given more than once (effectiveDateTime and effectivePeriod; a choice element takes one of its types) (JSON129)",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(statement)).Failures));
        Assert.Contains("Bundle.entry[1].resource.effective[x] is given more than once (effectiveDateTime and effectivePeriod;",
            Failure(Bundle("collection", Statement("PT-d", "St. John's Wort 300 mg"), statement.Replace("MS-1", "MS-2", StringComparison.Ordinal))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_unknown_name_is_refused_without_the_name()
    {
        var json = Dispense("PT-d", "Zoloft 50 mg tablet").Replace("\"status\": \"completed\",", "\"status\": \"completed\", \"PT-secret-9\": 1, \"PT-secret-9\": 2,", StringComparison.Ordinal);

        var message = Failure(json);

        Assert.Contains("JSON129", message, StringComparison.Ordinal);
        Assert.Contains("its name is not logged", message, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-secret-9", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resource_nested_deeper_than_the_readers_take_is_refused_before_them()
    {
        var deep = Dispense("PT-n", "Zoloft 50 mg tablet").Replace("\"status\": \"completed\",",
            "\"status\": \"completed\", \"extension\": " + string.Concat(Enumerable.Repeat("[{\"extension\": ", 40)) + "[]" + string.Concat(Enumerable.Repeat("}]", 40)) + ",", StringComparison.Ordinal);

        var thrown = Assert.Throws<InvalidEventException>(() => FhirBodyDeserializer.Check(System.Text.Encoding.UTF8.GetBytes(deep)));

        Assert.Equal("Invalid event: body is nested too deeply (at most 64 levels of objects and arrays)", thrown.Message);
    }

    [Fact]
    public void Another_fhir_version_is_refused_naming_the_header()
    {
        var refused = Assert.Throws<InvalidEventException>(() => FhirBodyDeserializer.CheckContentType("application/fhir+json; fhirVersion=5.0"));
        Assert.Equal("Invalid event: content_type fhirVersion must be 4.0 (FHIR R4, 4.0.1 too) or absent: the body is read as FHIR R4 (was 5.0)", refused.Message);
    }

    [Fact]
    public void A_masstransit_envelope_is_refused_by_content_type()
    {
        var refused = Assert.Throws<InvalidEventException>(() => FhirBodyDeserializer.CheckContentType("application/vnd.masstransit+json"));
        Assert.Equal("Invalid event: content_type must be application/fhir+json, application/json or absent (was application/vnd.masstransit+json)", refused.Message);
    }

    [Fact]
    public void A_bundle_with_one_invalid_entry_is_rejected_whole_naming_the_entry()
    {
        var bad = Dispense("PT-b", "Zoloft 50 mg tablet", id: "RX-2").Replace("\"subject\": {\"reference\": \"Patient/PT-b\"},", "", StringComparison.Ordinal);

        var message = Failure(Bundle("collection", Dispense("PT-b", "Zoloft 50 mg tablet"), bad));

        Assert.Contains("Bundle.entry[1].resource.subject is required", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"MedicationDispense\"")]
    [InlineData("{}")]
    [InlineData("{\"resourceType\": 7}")]
    [InlineData("{\"resourceType\": \"MedicationDispense\"}")]
    [InlineData("{\"resourceType\": \"MedicationDispense\", \"status\": \"completed\", \"status\": \"completed\"}")]
    public void A_body_that_is_not_a_resource_is_invalid_not_retried(string body)
    {
        Assert.Throws<InvalidEventException>(() => Map(body));
    }

    [Theory]
    [InlineData("collection")]
    [InlineData("transaction")]
    [InlineData("history")]
    public void A_bundle_with_an_empty_entry_array_is_refused_as_having_no_entries(string type)
    {
        // found by an edge probe: "Bundle.entry[0] is invalid (JSON121)", an element that is not there
        var refused = Assert.Throws<InvalidEventException>(() => Map($$"""{"resourceType": "Bundle", "type": "{{type}}", "entry": []}"""));
        Assert.Equal("Bundle.entry is an empty array: the Bundle has no entries, nothing to read (JSON121; FHIR JSON leaves out an element without values)",
            Assert.Single(refused.Failures));
    }

    [Fact]
    public void An_empty_array_in_a_resource_is_named_as_the_array()
    {
        var json = Dispense("PT-ea", "Zoloft 50 mg tablet").Replace("\"resourceType\": \"MedicationDispense\",", "\"resourceType\": \"MedicationDispense\", \"note\": [],", StringComparison.Ordinal);
        Assert.Contains("\"note\": []", json, StringComparison.Ordinal);
        Assert.Equal("MedicationDispense.note is an empty array (JSON121; FHIR JSON leaves out an element without values)",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(json)).Failures));
    }

    private static string Message(params string[] resources)
    {
        const string header = """
            {"resourceType": "MessageHeader", "id": "mh-1",
             "eventCoding": {"system": "https://fhir.nhs.uk/CodeSystem/message-event", "code": "dispense-notification"},
             "source": {"endpoint": "https://pharmacy.example.org/fhir"},
             "focus": [{"reference": "urn:uuid:00000000-0000-4000-8000-000000000001"}]}
            """;
        var entries = new[] { header }.Concat(resources)
            .Select((r, i) => "{\"fullUrl\": \"urn:uuid:00000000-0000-4000-8000-00000000000" + i + "\", \"resource\": " + r + "}");
        return "{\"resourceType\": \"Bundle\", \"type\": \"message\", \"timestamp\": \"2026-11-01T15:00:00Z\", \"entry\": [" + string.Join(",", entries) + "]}";
    }

    [Theory]
    [InlineData("batch", true)]
    [InlineData("transaction", false)]
    [InlineData("collection", false)]
    public void Only_a_batch_applies_its_valid_entries_beside_an_invalid_one(string type, bool independent)
    {
        var invalid = Dispense("PT-b1", "Zoloft 50 mg tablet", id: "RX-b1").Replace("\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\",", "", StringComparison.Ordinal);
        var extension = Dispense("PT-b3", "Zoloft 50 mg tablet", id: "RX-b3").Replace("\"status\": \"completed\",", "\"status\": \"completed\", \"modifierExtension\": [{\"url\": \"http://example.org/not-really\", \"valueBoolean\": true}],", StringComparison.Ordinal);
        var bundle = Bundle(type, invalid, Dispense("PT-b2", "Nardil 15 mg tablet", id: "RX-b2"), extension);

        if (!independent)
        {
            Assert.Equal(2, Assert.Throws<InvalidEventException>(() => { _ = Map(bundle); }).Failures.Count);
            return;
        }

        var mapping = Map(bundle);
        Assert.Equal("PT-b2", Assert.Single(mapping.Changes).PatientRef); // the entry with a modifier extension applies nothing either
        Assert.Equal(2, mapping.Refused.Count);
        Assert.StartsWith("Bundle.entry[0].resource.whenHandedOver is required", mapping.Refused[0], StringComparison.Ordinal);
        Assert.StartsWith("Bundle.entry[2].resource.modifierExtension", mapping.Refused[1], StringComparison.Ordinal);
    }

    // an entry the strict reader refuses (found by an edge probe: until 2026-12-05 it held back the batch's valid entries)
    public static TheoryData<string, string> UnreadableEntries => new()
    {
        { "\"status\": \"bogus\"", "resource.status is not a code of its required value set: R4 allows preparation, in-progress, cancelled, on-hold, completed, entered-in-error, stopped, declined or unknown, case-sensitive (PVAL116)" },
        { "\"status\": \"completed\", \"notAnElement\": 1", "resource has an element that is not part of FHIR R4 (PVAL128)" },
        { "\"status\": \"completed\", \"note\": []", "resource.note is an empty array (JSON121" },
        { "\"status\": \"completed\", \"medicationReference\": {\"reference\": \"Medication/m1\"}", "resource.medication[x] is given more than once" },
        { "\"status\": \"completed\", \"whenPrepared\": 5", "resource.whenPrepared has a value of the wrong type or format" },
    };

    [Theory]
    // found by a newcomer probe: R3's "taking" got "not a code of its required value set (PVAL116)" and no codes to send
    [InlineData("taking")]
    [InlineData("Active")]
    [InlineData("Secret status text")]
    public void A_statement_status_outside_its_value_set_names_the_codes_R4_allows_and_not_the_value(string status)
    {
        var message = Failure(Statement("PT-st", "St. John's Wort 300 mg", status: status));

        Assert.Equal("Invalid event: MedicationStatement.status is not a code of its required value set: R4 allows active, completed, entered-in-error, intended, stopped, on-hold, unknown or not-taken, case-sensitive (PVAL116)", message);
        Assert.DoesNotContain(status, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_status_outside_its_value_set_is_named_by_the_resource_it_is_in()
    {
        var statement = Statement("PT-st2", "St. John's Wort 300 mg", id: "MS-2", status: "taking");
        var failures = Assert.Throws<InvalidEventException>(() => Map(Bundle("transaction", Dispense("PT-st1", "Zoloft 50 mg tablet").Replace("\"status\": \"completed\"", "\"status\": \"dispensed\"", StringComparison.Ordinal), statement))).Failures;

        Assert.Contains("Bundle.entry[0].resource.status is not a code of its required value set: R4 allows preparation, in-progress, cancelled, on-hold, completed, entered-in-error, stopped, declined or unknown, case-sensitive (PVAL116)", failures);
        Assert.Contains("Bundle.entry[1].resource.status is not a code of its required value set: R4 allows active, completed, entered-in-error, intended, stopped, on-hold, unknown or not-taken, case-sensitive (PVAL116)", failures);

        // a contained Medication's status has its own value set
        var contained = Dispense("PT-st3", "Zoloft 50 mg tablet").Replace("\"status\": \"completed\",", "\"status\": \"completed\", \"contained\": [{\"resourceType\": \"Medication\", \"id\": \"m1\", \"status\": \"retired\"}],", StringComparison.Ordinal);
        Assert.Contains("MedicationDispense.contained[0].status is not a code of its required value set: R4 allows active, inactive or entered-in-error, case-sensitive (PVAL116)", Failure(contained), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"resourceType\": \"Observation\", \"id\": \"o1\", \"status\": \"final\"}", "MedicationDispense.contained[0].code is required (PVAL105)")]
    // a contained resource that contains resources is itself named too (dom-2)
    [InlineData("{\"resourceType\": \"Medication\", \"id\": \"m1\", \"contained\": [{\"resourceType\": \"Observation\", \"id\": \"o1\", \"status\": \"final\"}]}", "MedicationDispense.contained[0].contained[0].code is required (PVAL105)",
        "MedicationDispense.contained[0].contained is not allowed: a contained resource cannot contain other resources (dom-2)")]
    public void A_contained_resources_error_is_named_without_a_generic_reason_for_its_container(string contained, params string[] expected)
    {
        // the reader adds "MedicationDispense is invalid (PVAL118)", which says nothing new (found by an edge probe)
        var json = Dispense("PT-c", "Zoloft 50 mg tablet").Replace("\"status\": \"completed\",", "\"status\": \"completed\", \"contained\": [" + contained + "],", StringComparison.Ordinal);

        Assert.Equal(expected, Assert.Throws<InvalidEventException>(() => Map(json)).Failures);
    }

    [Theory]
    // FHIR's format refuses both; the reason now says why, as the native contract's does (found by an edge probe)
    [InlineData("2016-12-31T23:59:60Z", "MedicationDispense.whenHandedOver must not be a leap second (second 60 is not supported; use :59) (PVAL124)")]
    [InlineData("2026-11-01T09:30:00-14:01", "MedicationDispense.whenHandedOver must have a UTC offset from -14:00 to +14:00 (the range real time zones use), e.g. 2026-03-01T09:30:00+01:00 (PVAL124)")]
    // found by a newcomer walk-through: a local time, the commonest mistake of an integrator, got the generic reason
    [InlineData("2026-11-01T09:30:00", "MedicationDispense.whenHandedOver must have a UTC offset (Z or +hh:mm/-hh:mm): a time without one names no instant, e.g. 2026-03-01T09:30:00Z or 2026-03-01T09:30:00-05:00 (PVAL124)")]
    [InlineData("2026-11-01T09:30:00.250", "MedicationDispense.whenHandedOver must have a UTC offset (Z or +hh:mm/-hh:mm): a time without one names no instant, e.g. 2026-03-01T09:30:00Z or 2026-03-01T09:30:00-05:00 (PVAL124)")]
    [InlineData("2026-11-01 09:30", "MedicationDispense.whenHandedOver has a value of the wrong type or format (PVAL124)")]
    // found by an independent edge probe: a day the month does not have got the generic reason
    [InlineData("2026-02-29T10:00:00Z", "MedicationDispense.whenHandedOver names a day the calendar does not have (no such month, or the month has fewer days): check the date (PVAL124)")]
    public void A_leap_second_or_offset_beyond_14_hours_has_the_native_reason(string handedOver, string expected)
    {
        var json = Dispense("PT-l", "Zoloft 50 mg tablet", handedOver: handedOver);

        Assert.Equal(expected, Assert.Single(Assert.Throws<InvalidEventException>(() => Map(json)).Failures));
    }

    [Theory]
    [MemberData(nameof(UnreadableEntries))]
    public void A_batch_entry_the_strict_reader_refuses_is_refused_alone(string replacement, string reason)
    {
        var bad = Dispense("PT-u1", "Zoloft 50 mg tablet", id: "RX-u1").Replace("\"status\": \"completed\"", replacement, StringComparison.Ordinal);

        var good = Dispense("PT-u2", "Nardil 15 mg tablet", id: "RX-u2");
        foreach (var (entries, badAt) in new[] { (new[] { good, bad }, 1), (new[] { bad, good }, 0), (new[] { good, bad, Statement("PT-u3", "St. John's Wort 300 mg") }, 1) })
        {
            var mapping = Map(Bundle("batch", entries));

            Assert.Equal(entries.Length == 3 ? ["PT-u2", "PT-u3"] : ["PT-u2"], mapping.Changes.Select(c => c.PatientRef).Order(StringComparer.Ordinal));
            var refused = Assert.Single(mapping.Refused);
            Assert.StartsWith($"Bundle.entry[{badAt}].{reason}", refused, StringComparison.Ordinal);

            // every other Bundle type still refuses the whole message for it, naming the same entry
            foreach (var type in new[] { "transaction", "collection" })
            {
                var whole = Assert.Throws<InvalidEventException>(() => Map(Bundle(type, entries)));
                Assert.Contains(whole.Failures, f => f.StartsWith($"Bundle.entry[{badAt}].{reason}", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void A_batch_with_only_unreadable_entries_applies_nothing_and_names_each()
    {
        var bad = Dispense("PT-u1", "Zoloft 50 mg tablet", id: "RX-u1").Replace("\"status\": \"completed\"", "\"status\": \"bogus\"", StringComparison.Ordinal);

        var mapping = Map(Bundle("batch", bad, bad.Replace("RX-u1", "RX-u2", StringComparison.Ordinal)));

        Assert.Empty(mapping.Changes);
        Assert.Equal(["Bundle.entry[0].resource.status is not a code of its required value set: R4 allows preparation, in-progress, cancelled, on-hold, completed, entered-in-error, stopped, declined or unknown, case-sensitive (PVAL116)", "Bundle.entry[1].resource.status is not a code of its required value set: R4 allows preparation, in-progress, cancelled, on-hold, completed, entered-in-error, stopped, declined or unknown, case-sensitive (PVAL116)"], mapping.Refused);
    }

    [Fact]
    public void A_batch_refused_by_the_strict_reader_for_the_bundle_itself_is_refused_whole()
    {
        var bad = Dispense("PT-u1", "Zoloft 50 mg tablet", id: "RX-u1").Replace("\"status\": \"completed\"", "\"status\": \"bogus\"", StringComparison.Ordinal);
        var bundle = Bundle("batch", Dispense("PT-u2", "Nardil 15 mg tablet", id: "RX-u2"), bad)
            .Replace("\"type\": \"batch\",", "\"type\": \"batch\", \"timestamp\": 5,", StringComparison.Ordinal);

        var failures = Assert.Throws<InvalidEventException>(() => Map(bundle)).Failures;

        Assert.Contains("Bundle.timestamp has a value of the wrong type or format (PVAL123)", failures);
        Assert.Contains("Bundle.entry[1].resource.status is not a code of its required value set: R4 allows preparation, in-progress, cancelled, on-hold, completed, entered-in-error, stopped, declined or unknown, case-sensitive (PVAL116)", failures);
    }

    [Theory]
    [InlineData("[V, null]", "Bundle.entry[1] is null")]
    [InlineData("[null, V]", "Bundle.entry[0] is null")]
    [InlineData("[null]", "Bundle.entry[0] is null")]
    [InlineData("[null, V, null]", "Bundle.entry[0], Bundle.entry[2] are null")]
    public void A_null_entry_is_named_at_its_own_index(string entries, string reason)
    {
        // the reader names a null item by the array's length, a position the Bundle does not have (found by an edge probe)
        var json = "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": "
            + entries.Replace("V", "{\"resource\": " + Dispense("PT-n1", "Zoloft 50 mg tablet") + "}", StringComparison.Ordinal) + "}";

        var failure = Assert.Single(Assert.Throws<InvalidEventException>(() => Map(json)).Failures);

        Assert.StartsWith(reason + " (FHIR JSON has no null in an array", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_batch_entry_is_refused_alone_at_its_own_index()
    {
        var json = "{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": [{\"request\": {\"method\": \"POST\", \"url\": \"MedicationDispense\"}, \"resource\": "
            + Dispense("PT-n1", "Zoloft 50 mg tablet") + "}, null]}";

        var mapping = Map(json);

        Assert.Equal("PT-n1", Assert.Single(mapping.Changes).PatientRef);
        Assert.StartsWith("Bundle.entry[1] is null", Assert.Single(mapping.Refused), StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_bundle_applies_its_dispenses_and_reads_its_header_for_nothing()
    {
        // an NHS EPS style dispense notification: MessageHeader first (bdl-12), then the dispense (refused until 2026-12-05)
        var mapping = Map(Message(Dispense("PT-msg", "Sertraline 50mg tablets", id: "2001")));

        var change = Assert.Single(mapping.Changes);
        Assert.Equal("PT-msg", change.PatientRef);
        Assert.Equal("Sertraline 50mg tablets", change.ProductText);
    }

    [Fact]
    public void A_message_bundle_without_its_header_first_or_without_a_dispense_is_refused()
    {
        var noHeader = "{\"resourceType\": \"Bundle\", \"type\": \"message\", \"entry\": [{\"fullUrl\": \"urn:uuid:00000000-0000-4000-8000-000000000009\", \"resource\": "
            + Dispense("PT-msg", "Sertraline 50mg tablets") + "}]}";
        Assert.Equal("Bundle.entry[0].resource must be a MessageHeader in a message Bundle (bdl-12)", Assert.Single(Assert.Throws<InvalidEventException>(() => Map(noHeader)).Failures));
        Assert.Equal("Bundle.entry holds no MedicationDispense or MedicationStatement", Assert.Single(Assert.Throws<InvalidEventException>(() => Map(Message())).Failures));
    }

    [Fact]
    public void Not_json_and_other_resources_are_rejected()
    {
        Assert.Contains("not JSON", Failure("{not json"), StringComparison.Ordinal);
        Assert.Contains("Patient is not accepted", Failure("""{"resourceType": "Patient", "id": "p1"}"""), StringComparison.Ordinal);
        Assert.Contains("Bundle.type must be", Failure("""{"resourceType": "Bundle", "type": "document"}"""), StringComparison.Ordinal);
    }

    [Fact]
    public void An_element_with_an_empty_name_is_a_named_rejection_not_a_reader_crash()
    {
        var nested = Dispense("PT-9", "Zoloft 50 mg tablet").Replace("\"daysSupply\": {", "\"daysSupply\": {\"\": \"Day\", ", StringComparison.Ordinal);
        Assert.Contains("\"\": \"Day\"", nested, StringComparison.Ordinal);
        Assert.Contains("cannot be read as FHIR R4 JSON", Failure(nested), StringComparison.Ordinal);
        Assert.StartsWith("(resource)", Assert.Throws<InvalidEventException>(() => Map(nested)).Failures.Single(), StringComparison.Ordinal);
    }

    [Theory]
    // found by an independent edge probe: the reader's own check of contained threw instead of reporting it, so such a
    // message was retried ten times and went to _error with the SDK's words ("Expected property to be a collection of
    // Resource, but found a single Medication.")
    [InlineData("dispense", "{\"resourceType\": \"Medication\", \"id\": \"m1\"}", "MedicationDispense.contained")]
    [InlineData("dispense", "\"PT-secret-9\"", "MedicationDispense.contained")]
    [InlineData("dispense", "5", "MedicationDispense.contained")]
    [InlineData("statement", "true", "MedicationStatement.contained")]
    [InlineData("bundle", "{\"resourceType\": \"Medication\", \"id\": \"m1\"}", "Bundle.entry[1].resource.contained")]
    public void Contained_given_as_one_value_is_a_named_rejection_not_a_reader_crash(string kind, string contained, string path)
    {
        var dispense = Dispense("PT-9", "Zoloft 50 mg tablet");
        var statement = Statement("PT-9", "St. John's Wort 300 mg capsule");
        string WithContained(string resource) =>
            resource.Replace("\"status\":", $"\"contained\": {contained}, \"status\":", StringComparison.Ordinal);
        var json = kind switch
        {
            "dispense" => WithContained(dispense),
            "statement" => WithContained(statement),
            _ => Bundle("collection", statement, WithContained(dispense)),
        };
        Assert.Contains("\"contained\": " + contained, json, StringComparison.Ordinal);

        var failure = OnlyFailure(json);

        Assert.Equal($"{path} must be an array of resources (FHIR JSON writes a repeating element as an array, even of one item)", failure);
        Assert.Equal("resourceType is required (MedicationDispense, MedicationStatement or Bundle)",
            OnlyFailure(WithContained(dispense).Replace("\"resourceType\": \"MedicationDispense\",", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_nested_resource_without_resource_type_is_named_by_its_path()
    {
        // found by an independent edge probe: "has an element that is not part of FHIR R4 (JSON103/PVAL128)", though every
        // element was R4 and only the type was missing
        var entry = Bundle("collection", Statement("PT-u", "St. John's Wort 300 mg"), Dispense("PT-u", "Zoloft 50 mg tablet").Replace("\"resourceType\": \"MedicationDispense\",", "", StringComparison.Ordinal));
        Assert.Equal("Bundle.entry[1].resource.resourceType is required: every resource, in a Bundle's entry or contained, names its type", OnlyFailure(entry));

        var contained = Dispense("PT-u", "Zoloft 50 mg tablet").Replace("\"status\":",
            "\"contained\": [{\"id\": \"m1\", \"code\": {\"text\": \"Nardil 15 mg tablet\"}}], \"status\":", StringComparison.Ordinal);
        Assert.Equal("MedicationDispense.contained[0].resourceType is required: every resource, in a Bundle's entry or contained, names its type", OnlyFailure(contained));
    }

    [Fact]
    public void A_contained_resource_that_contains_resources_is_named_by_its_path()
    {
        // found by an independent edge probe: the reason was "MedicationDispense is invalid (PVAL118)", naming no element
        var json = Dispense("PT-9", "Zoloft 50 mg tablet").Replace("\"status\":",
            "\"contained\": [{\"resourceType\": \"Medication\", \"id\": \"m1\", \"code\": {\"text\": \"Nardil 15 mg tablet\"}, \"contained\": [{\"resourceType\": \"Substance\", \"id\": \"s1\", \"code\": {\"text\": \"x\"}}]}], \"status\":",
            StringComparison.Ordinal);

        Assert.Equal("MedicationDispense.contained[0].contained is not allowed: a contained resource cannot contain other resources (dom-2)", OnlyFailure(json));
    }

    [Fact]
    public void A_medication_named_by_more_ingredients_than_a_product_text_holds_is_named_by_its_ingredients()
    {
        // found by an independent edge probe: the names joined were refused as "medication.text must be at most 500
        // characters", an element the resource never had
        var ingredients = string.Join(", ", Enumerable.Range(1, 30).Select(i => $$$"""{"itemCodeableConcept": {"text": "herbal ingredient number {{{i:00}}} extract"}}"""));
        var json = System.Text.RegularExpressions.Regex.Replace(Dispense("PT-9", "Zoloft 50 mg tablet"), "\"medicationCodeableConcept\": \\{[^}]*\\},",
            $$"""
            "contained": [{"resourceType": "Medication", "id": "m1", "ingredient": [{{ingredients}}]}], "medicationReference": {"reference": "#m1"},
            """);

        Assert.Equal("MedicationDispense.contained[0].ingredient: the ingredients' names, joined as the product's name, make 1137 characters, more than the 500 a product text holds; give the Medication a code with a text naming the product",
            OnlyFailure(json));
    }

    [Fact]
    public void A_transaction_bundle_resolves_urn_references_to_its_patient_and_medication()
    {
        const string patient = """{"resourceType": "Patient", "id": "PT-tx", "identifier": [{"value": "MRN-1"}]}""";
        const string medication = """{"resourceType": "Medication", "code": {"coding": [{"system": "http://www.whocc.no/atc", "code": "N06AB06", "display": "sertraline"}], "text": "Sertraline 50 mg tablet"}}""";
        var dispense = Dispense("x", "unused").Replace("\"subject\": {\"reference\": \"Patient/x\"}", "\"subject\": {\"reference\": \"urn:uuid:00000000-0000-4000-8000-000000000000\"}", StringComparison.Ordinal)
            .Replace("\"medicationCodeableConcept\": {\n    \n    \"text\": \"unused\"\n  }", "\"medicationReference\": {\"reference\": \"urn:uuid:00000000-0000-4000-8000-000000000001\"}", StringComparison.Ordinal);
        Assert.Contains("medicationReference", dispense, StringComparison.Ordinal);

        var change = Assert.Single(Map(Bundle("transaction", patient, medication, dispense)).Changes);

        Assert.Equal("PT-tx", change.PatientRef);
        Assert.Equal("Sertraline 50 mg tablet", change.ProductText);
        Assert.Equal("N06AB06", change.Atc);
    }

    [Theory]
    [InlineData("collection")]
    [InlineData("transaction")]
    [InlineData("history")]
    public void A_bundle_repeating_a_full_url_is_refused_naming_the_entries_never_the_url(string type)
    {
        // two Patients under one fullUrl (bdl-7): the dispense's subject could mean either, so neither is taken
        const string url = "urn:uuid:66666666-6666-4666-8666-666666666666";
        const string first = """{"resourceType": "Patient", "id": "PT-first"}""";
        const string second = """{"resourceType": "Patient", "id": "PT-second"}""";
        var dispense = Dispense("x", "Zoloft 50 mg tablet").Replace("\"Patient/x\"", "\"" + url + "\"", StringComparison.Ordinal);
        var bundle = Bundle(type, first, second, dispense)
            .Replace("urn:uuid:00000000-0000-4000-8000-000000000000", url, StringComparison.Ordinal)
            .Replace("urn:uuid:00000000-0000-4000-8000-000000000001", url, StringComparison.Ordinal);
        Assert.Equal(3, bundle.Split(url).Length - 1);

        var refused = Assert.Throws<InvalidEventException>(() => Map(bundle));

        Assert.Equal("Bundle.entry[1].fullUrl repeats entry[0]'s for another resource (bdl-7: entries sharing a fullUrl must be versions of one resource)", Assert.Single(refused.Failures));
        Assert.DoesNotContain("6666", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    // found by an independent edge probe: both were applied, keyed by resource.id
    [InlineData("transaction", "PUT", "MedicationDispense/OTHER-ID", "request.url disagrees with resource.id (R4: the id in an entry's request.url SHALL match the resource's id)")]
    [InlineData("transaction", "PUT", "MedicationDispense", "request.url disagrees with resource.id (R4: the id in an entry's request.url SHALL match the resource's id)")]
    [InlineData("transaction", "POST", "Patient", "request.url names another resource type than the entry's resource (R4: a POST entry's url is [type] of the resource it carries)")]
    [InlineData("transaction", "PUT", "Patient/md-RX-u", "request.url names another resource type than the entry's resource (R4: a PUT entry's url is [type]/[id] of the resource it carries)")]
    [InlineData("history", "POST", "MedicationDispense/md-OTHER", "request.url disagrees with resource.id (R4: the id in an entry's request.url SHALL match the resource's id)")]
    // a trailing slash (after a base URL and the type) read as an empty id: named as such, not as another id
    [InlineData("transaction", "POST", "https://ehr.example/fhir/MedicationDispense/", "request.url must have no empty segment (a trailing slash, a leading one, or '//'): a POST entry's url is [type], after a base URL if given")]
    [InlineData("transaction", "POST", "MedicationDispense/", "request.url must have no empty segment (a trailing slash, a leading one, or '//'): a POST entry's url is [type], after a base URL if given")]
    [InlineData("transaction", "PUT", "https://ehr.example/fhir/MedicationDispense/md-RX-u/", "request.url must have no empty segment (a trailing slash, a leading one, or '//'): a PUT entry's url is [type]/[id], after a base URL if given")]
    [InlineData("transaction", "PUT", "MedicationDispense//md-RX-u", "request.url must have no empty segment (a trailing slash, a leading one, or '//'): a PUT entry's url is [type]/[id], after a base URL if given")]
    [InlineData("transaction", "PUT", "MedicationDispense/md-RX-u", null)]
    [InlineData("transaction", "PUT", "https://ehr.example/fhir/MedicationDispense/md-RX-u", null)]
    [InlineData("transaction", "PUT", "MedicationDispense?identifier=urn:x|1", null)]
    [InlineData("history", "POST", "MedicationDispense/md-RX-u", null)]
    [InlineData("history", "PUT", "MedicationDispense/md-RX-u/_history/2", null)]
    public void An_entry_whose_request_url_names_another_type_or_id_is_refused_by_its_index(string type, string method, string url, string? expected)
    {
        var bundle = Bundle(type, Dispense("PT-u", "Zoloft 50 mg tablet", id: "RX-u"))
            .Replace("\"request\": {\"method\": \"POST\", \"url\": \"MedicationDispense\"}", $"\"request\": {{\"method\": \"{method}\", \"url\": \"{url}\"}}", StringComparison.Ordinal);
        Assert.Contains(url, bundle, StringComparison.Ordinal);
        if (expected is null)
        {
            Assert.Single(Map(bundle).Changes);
            return;
        }

        var refused = Assert.Throws<InvalidEventException>(() => Map(bundle));

        Assert.Equal("Bundle.entry[0]." + expected, Assert.Single(refused.Failures));
        Assert.DoesNotContain("OTHER", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-u", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_entry_whose_request_url_names_another_id_is_refused_alone()
    {
        // a batch's entries stand alone: the other entry is applied
        var bundle = Bundle("batch", Dispense("PT-v", "Zoloft 50 mg tablet", id: "RX-v1"), Dispense("PT-v", "Nardil 15 mg tablet", id: "RX-v2"));
        var first = bundle.IndexOf("\"url\": \"MedicationDispense\"", StringComparison.Ordinal);
        bundle = bundle[..first] + "\"url\": \"MedicationDispense/md-OTHER\"" + bundle[(first + "\"url\": \"MedicationDispense\"".Length)..];
        bundle = bundle.Replace("\"method\": \"POST\", \"url\": \"MedicationDispense/md-OTHER\"", "\"method\": \"PUT\", \"url\": \"MedicationDispense/md-OTHER\"", StringComparison.Ordinal);

        var mapping = Map(bundle);

        Assert.Equal("Nardil 15 mg tablet", Assert.Single(mapping.Changes).ProductText);
        Assert.Equal("Bundle.entry[0].request.url disagrees with resource.id (R4: the id in an entry's request.url SHALL match the resource's id)", Assert.Single(mapping.Refused));
    }

    [Theory]
    // R4's Bundle invariants (found by an independent edge probe: each was accepted)
    [InlineData("collection", "\"total\": 5, ", null, "Bundle.total is not allowed in a collection Bundle (bdl-1: only a searchset or history Bundle has a total)")]
    [InlineData("transaction", "\"total\": 1, ", null, "Bundle.total is not allowed in a transaction Bundle (bdl-1: only a searchset or history Bundle has a total)")]
    [InlineData("collection", "", ", \"response\": {\"status\": \"201\"}", "Bundle.entry[0].response is not allowed in a collection Bundle (bdl-4: only the entries of a batch-response, transaction-response or history Bundle carry a response)")]
    [InlineData("batch", "", ", \"response\": {\"status\": \"201\"}", "Bundle.entry[0].response is not allowed in a batch Bundle (bdl-4: only the entries of a batch-response, transaction-response or history Bundle carry a response)")]
    [InlineData("searchset", "", ", \"request\": {\"method\": \"POST\", \"url\": \"MedicationDispense\"}", "Bundle.entry[0].request is not allowed in a searchset Bundle (bdl-3: only the entries of a batch, transaction or history Bundle carry a request)")]
    [InlineData("searchset", "\"total\": 1, ", "", null)]
    [InlineData("history", "\"total\": 1, ", ", \"response\": {\"status\": \"201\"}", null)]
    public void A_total_request_or_response_a_bundle_of_its_type_cannot_carry_is_refused(string type, string total, string? entryTail, string? expected)
    {
        var bundle = Bundle(type, Dispense("PT-t", "Zoloft 50 mg tablet")).Replace("\"entry\": [", total + "\"entry\": [", StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(entryTail))
        {
            bundle = bundle[..^3] + entryTail + "}]}";
        }

        if (expected is null)
        {
            Assert.Single(Map(bundle).Changes);
            return;
        }

        var refused = Assert.Throws<InvalidEventException>(() => Map(bundle));
        Assert.Equal(expected, Assert.Single(refused.Failures));
    }

    [Theory]
    [InlineData("history")]
    [InlineData("transaction")]
    [InlineData("batch")]
    public void An_entry_without_a_request_in_a_history_transaction_or_batch_bundle_is_refused(string type)
    {
        // bdl-3 (found by an independent edge probe: a history entry without a request was applied)
        var bundle = Bundle(type, Dispense("PT-q", "Zoloft 50 mg tablet"));
        Assert.Single(Map(bundle).Changes);
        var without = System.Text.RegularExpressions.Regex.Replace(bundle, ", \"request\": \\{[^}]*\\}", "");
        Assert.DoesNotContain("\"request\"", without, StringComparison.Ordinal);

        var refused = Assert.Throws<InvalidEventException>(() => Map(without));

        Assert.Equal($"Bundle.entry[0].request is required in a {type} Bundle (bdl-3: each entry of a batch, transaction or history Bundle says its request)", Assert.Single(refused.Failures));
    }

    [Fact]
    public void A_history_bundle_with_two_versions_of_one_resource_under_one_full_url_is_taken()
    {
        // bdl-7 allows it (a subscription notification may carry a resource's versions): no reference is ambiguous
        const string url = "urn:uuid:66666666-6666-4666-8666-666666666666";
        const string first = """{"resourceType": "Patient", "id": "PT-same", "meta": {"versionId": "1"}}""";
        const string second = """{"resourceType": "Patient", "id": "PT-same", "meta": {"versionId": "2"}}""";
        var dispense = Dispense("x", "Zoloft 50 mg tablet").Replace("\"Patient/x\"", "\"" + url + "\"", StringComparison.Ordinal);
        var bundle = Bundle("history", first, second, dispense)
            .Replace("urn:uuid:00000000-0000-4000-8000-000000000000", url, StringComparison.Ordinal)
            .Replace("urn:uuid:00000000-0000-4000-8000-000000000001", url, StringComparison.Ordinal);

        Assert.Equal("PT-same", Assert.Single(Map(bundle).Changes).PatientRef);
    }

    // probe-fhir h1: a server's history Bundle lists the newest version first; v2 corrected tramadol to acetaminophen
    internal static string Version(string versionId, string? lastUpdated, string text, string patient = "PT-h1") =>
        Dispense(patient, text, handedOver: "2026-11-28T10:00:00Z", id: "RX-h1").Replace("\"id\": \"md-RX-h1\",",
            "\"id\": \"md-RX-h1\", \"meta\": {" + (versionId.Length == 0 ? "" : "\"versionId\": \"" + versionId + "\"")
            + (versionId.Length > 0 && lastUpdated is not null ? ", " : "") + (lastUpdated is null ? "" : "\"lastUpdated\": \"" + lastUpdated + "\"") + "},",
            StringComparison.Ordinal);

    [Theory]
    [InlineData("2", "2026-11-28T12:00:00Z", "1", "2026-11-28T10:01:00Z")]
    [InlineData("2", null, "1", null)] // versionId alone
    [InlineData("10", null, "9", null)] // as numbers, not as text
    // lastUpdated alone: only in a history Bundle (bdl-7 wants distinct versionIds under one fullUrl in any other)
    [InlineData("", "2026-11-28T12:00:00Z", "", "2026-11-28T10:01:00Z", "history")]
    [InlineData("b", "2026-11-28T12:00:00Z", "a", "2026-11-28T10:01:00Z")] // versionIds that are no numbers: lastUpdated
    public void The_versions_of_one_resource_in_a_bundle_are_applied_newest_first(string newId, string? newAt, string oldId, string? oldAt, string type = "collection")
    {
        // listed oldest first, as a collection or batch may list them
        var bundle = Bundle(type, Version(oldId, oldAt, "Tramadol 50 mg tablet"), Statement("PT-h1", "5-HTP 100 mg"), Version(newId, newAt, "Acetaminophen 500 mg tablet"))
            .Replace("urn:uuid:00000000-0000-4000-8000-000000000002", "urn:uuid:00000000-0000-4000-8000-000000000000", StringComparison.Ordinal);

        var changes = Map(bundle).Changes;

        // the versions swap places; the statement keeps its own
        Assert.Equal(["Acetaminophen 500 mg tablet", "5-HTP 100 mg", "Tramadol 50 mg tablet"], changes.Select(c => c.ProductText));
        // found by an independent edge probe: applied oldest first, the tramadol version set the item for a moment and a
        // major alert opened and resolved within the one message; newest first, the older version changes nothing
        var (outcomes, item) = ApplyInTurn(changes[0], changes[2]);
        Assert.Equal([RegimenMonitor.Worker.Regimens.ApplyOutcome.Applied, RegimenMonitor.Worker.Regimens.ApplyOutcome.Stale], outcomes);
        Assert.Equal("Acetaminophen 500 mg tablet", item.ProductText);
    }

    [Theory]
    [InlineData("2026-11-28T12:00:00Z", "2026-11-28T12:00:00Z")] // a correction: ordered by when it was recorded
    [InlineData(null, "2026-11-28T10:00:00Z")] // without meta.lastUpdated: by whenHandedOver, as before
    [InlineData("2026-11-28T09:00:00Z", "2026-11-28T10:00:00Z")] // never before the handover
    public void A_dispense_is_ordered_among_its_versions_by_the_later_of_its_handover_and_last_update(string? lastUpdated, string orderedAt)
    {
        var change = Assert.Single(Map(Version(lastUpdated is null ? "2" : "", lastUpdated, "Acetaminophen 500 mg tablet")).Changes);

        Assert.Equal(DateTimeOffset.Parse(orderedAt, System.Globalization.CultureInfo.InvariantCulture), change.EffectiveAt);
        // the product is on hand from its handover all the same
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), change.StartedAt);
    }

    [Fact]
    public void A_dispense_last_updated_ahead_of_the_clock_is_refused_as_its_handover_would_be()
    {
        // it would order every later correction of the dispense before it
        Assert.Equal("MedicationDispense.meta.lastUpdated must not be in the future (at most 00:05:00 ahead of this service's clock; Regimen:MaxFutureSkew)",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(Version("", "2026-12-01T12:06:00Z", "Acetaminophen 500 mg tablet"))).Failures));
        Assert.Single(Map(Version("", "2026-12-01T12:04:00Z", "Acetaminophen 500 mg tablet")).Changes);
    }

    // the changes applied in turn to one item, as the decision applies them: the outcome of each and the item
    private static (List<RegimenMonitor.Worker.Regimens.ApplyOutcome> Outcomes, RegimenMonitor.Worker.Infrastructure.Database.RegimenItemRecord Item) ApplyInTurn(
        params RegimenMonitor.Worker.Regimens.RegimenChange[] changes)
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var items = new List<RegimenMonitor.Worker.Infrastructure.Database.RegimenItemRecord>();
        var outcomes = changes.Select(c => RegimenMonitor.Worker.Regimens.RegimenItemUpdate.Apply(items, items.FirstOrDefault(), c, now, out _)).ToList();
        return (outcomes, Assert.Single(items));
    }

    [Theory]
    // found by an independent edge probe: version 1 (tramadol) sent after version 2 (acetaminophen) in another message,
    // both with the same handover and no meta.lastUpdated, or only version 1 with it, replaced the correction
    [InlineData(null, null)]
    [InlineData("2026-11-28T10:01:00Z", null)] // only one with meta.lastUpdated: the times are not comparable
    [InlineData("2026-11-28T12:00:00Z", "2026-11-28T12:00:00Z")] // the same server time: the versions decide the tie
    public void Versions_of_one_resource_in_separate_messages_are_ordered_by_their_version_ids(string? oldAt, string? newAt)
    {
        var v2 = Assert.Single(Map(Version("2", newAt, "Acetaminophen 500 mg tablet")).Changes);
        var v1 = Assert.Single(Map(Version("1", oldAt, "Tramadol 50 mg tablet")).Changes);

        // out of order: the older version is stale and the correction stays
        var (outOfOrder, item) = ApplyInTurn(v2, v1);
        Assert.Equal([RegimenMonitor.Worker.Regimens.ApplyOutcome.Applied, RegimenMonitor.Worker.Regimens.ApplyOutcome.Stale], outOfOrder);
        Assert.Equal("Acetaminophen 500 mg tablet", item.ProductText);

        // in order: the correction replaces the first version
        var (inOrder, ordered) = ApplyInTurn(v1, v2);
        Assert.Equal(RegimenMonitor.Worker.Regimens.ApplyOutcome.Applied, inOrder[1]);
        Assert.Equal("Acetaminophen 500 mg tablet", ordered.ProductText);
    }

    [Fact]
    public void Versions_whose_server_times_disagree_are_ordered_by_the_times_as_after_a_version_reset()
    {
        // a server migrated with its ids kept and its versions restarted: version 1, updated later, is the newer
        var before = Assert.Single(Map(Version("7", "2026-11-28T10:01:00Z", "Tramadol 50 mg tablet")).Changes);
        var after = Assert.Single(Map(Version("1", "2026-11-28T12:00:00Z", "Acetaminophen 500 mg tablet")).Changes);

        var (outcomes, item) = ApplyInTurn(before, after);

        Assert.Equal(RegimenMonitor.Worker.Regimens.ApplyOutcome.Applied, outcomes[1]);
        Assert.Equal("Acetaminophen 500 mg tablet", item.ProductText);
    }

    [Fact]
    public void A_withdrawn_version_stays_withdrawn_when_an_earlier_version_arrives_late()
    {
        var v2 = Assert.Single(Map(Version("2", null, "Tramadol 50 mg tablet")).Changes);
        var v3 = Assert.Single(Map(Version("3", null, "Tramadol 50 mg tablet").Replace("\"status\": \"completed\"", "\"status\": \"entered-in-error\"", StringComparison.Ordinal)).Changes);

        // the withdrawal carried its version: version 2, sent again under another message id, is older
        var (outcomes, item) = ApplyInTurn(v2, v3, v2 with { EventId = Guid.NewGuid() });

        Assert.Equal([RegimenMonitor.Worker.Regimens.ApplyOutcome.Applied, RegimenMonitor.Worker.Regimens.ApplyOutcome.Applied, RegimenMonitor.Worker.Regimens.ApplyOutcome.Stale], outcomes);
        Assert.True(item.Withdrawn);
    }

    [Fact]
    public void An_earlier_statement_version_does_not_give_back_the_start_its_correction_changed()
    {
        // found by a review: without dateAsserted or meta.lastUpdated a statement's time is its start, so version 2, which
        // moved the start earlier, looked older than version 1, and version 1 arriving late put its start back
        string StatementVersion(string versionId, string start) => Statement("PT-sv", "St. John's Wort 300 mg", start: start)
            .Replace("\"id\": \"ms-MS-1\",", "\"id\": \"ms-MS-1\", \"meta\": {\"versionId\": \"" + versionId + "\"},", StringComparison.Ordinal)
            .Replace("\"dateAsserted\": \"2026-11-01T12:00:00Z\",", "", StringComparison.Ordinal);
        var v1 = Assert.Single(Map(StatementVersion("1", "2026-11-01")).Changes);
        var v2 = Assert.Single(Map(StatementVersion("2", "2026-10-15")).Changes);
        Assert.True(v2.EffectiveAt < v1.EffectiveAt);

        foreach (var (_, item) in new[] { ApplyInTurn(v1, v2), ApplyInTurn(v2, v1) })
        {
            Assert.Equal(new DateTimeOffset(2026, 10, 15, 0, 0, 0, TimeSpan.Zero), item.StartedAt);
            Assert.Equal(v2.EventId, item.SourceEventId);
        }
    }

    [Fact]
    public void Without_whole_number_versions_the_times_order_the_versions_as_before()
    {
        var newer = Assert.Single(Map(Version("b", "2026-11-28T12:00:00Z", "Acetaminophen 500 mg tablet")).Changes);
        var older = Assert.Single(Map(Version("a", "2026-11-28T10:01:00Z", "Tramadol 50 mg tablet")).Changes);

        var (outcomes, item) = ApplyInTurn(newer, older);

        Assert.Equal(RegimenMonitor.Worker.Regimens.ApplyOutcome.Stale, outcomes[1]);
        Assert.DoesNotContain("fhirVersion", item.DetailsJson ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Versions_that_cannot_be_compared_are_refused_and_different_resources_keep_the_bundle_order()
    {
        // one version without a versionId or lastUpdated: nothing to order by, so the order would decide which holds
        // (until 2026-12-07 they were applied in the Bundle's order, under two fullUrls; probe-edge15 H1)
        var bundle = Bundle("collection", Version("2", null, "Acetaminophen 500 mg tablet"), Dispense("PT-h1", "Tramadol 50 mg tablet", handedOver: "2026-11-28T10:00:00Z", id: "RX-h1"));
        Assert.Contains("Bundle.entry[1].resource repeats entry[0]'s (the same type and id) under another fullUrl with other content, and neither is the newer",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(bundle)).Failures), StringComparison.Ordinal);

        // two dispenses (another id and identifier; with one identifier they are refused, as the same dispense twice)
        var other = Version("1", null, "Tramadol 50 mg tablet").Replace("md-RX-h1", "md-other", StringComparison.Ordinal);
        var two = Bundle("collection", Version("2", null, "Acetaminophen 500 mg tablet"), other.Replace("\"value\": \"RX-h1\"", "\"value\": \"RX-other\"", StringComparison.Ordinal));
        Assert.Equal(["Acetaminophen 500 mg tablet", "Tramadol 50 mg tablet"], Map(two).Changes.Select(c => c.ProductText));
        Assert.Contains("for the same dispense as entry[0]'s (the same identifier)",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(Bundle("collection", Version("2", null, "Acetaminophen 500 mg tablet"), other))).Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void A_searchset_resolves_a_medication_by_the_tail_of_its_full_url_and_an_absolute_patient_url()
    {
        const string bundle = """
            {"resourceType": "Bundle", "type": "searchset", "entry": [
              {"fullUrl": "https://ehr.example.org/fhir/MedicationDispense/9", "resource": {"resourceType": "MedicationDispense", "id": "9",
                "status": "completed", "medicationReference": {"reference": "Medication/m1"},
                "subject": {"reference": "https://ehr.example.org/fhir/Patient/PT-abs/_history/3"}, "whenHandedOver": "2026-11-01"}},
              {"fullUrl": "https://ehr.example.org/fhir/Medication/m1", "resource": {"resourceType": "Medication", "id": "m1",
                "code": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "312941", "display": "sertraline 50 MG Oral Tablet"}]}}}]}
            """;

        var change = Assert.Single(Map(bundle).Changes);

        Assert.Equal("PT-abs", change.PatientRef);
        Assert.Equal("MedicationDispense/9", change.ItemKey);
        Assert.Equal("sertraline 50 MG Oral Tablet", change.ProductText);
        Assert.Equal("312941", change.Rxnorm);
        Assert.True(change.DaysSupplyAssumed);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), change.StartedAt);
    }

    [Theory]
    // found by an independent edge probe: the Patient entry's id decided the patient, and without the entry the
    // subject's URL did, so whether the publisher sent the Patient chose the regimen the dispense joined
    [InlineData("http://srv/fhir/Patient/PT-url", "\"resourceType\": \"Patient\", \"id\": \"PT-real\"",
        "Bundle.entry[0].fullUrl disagrees with resource.id (R4: fullUrl SHALL NOT disagree with the id in the resource): a reference to either id would find this entry")]
    [InlineData("http://srv/fhir/Patient/PT-url/_history/2", "\"resourceType\": \"Patient\", \"id\": \"PT-real\"",
        "Bundle.entry[0].fullUrl disagrees with resource.id (R4: fullUrl SHALL NOT disagree with the id in the resource): a reference to either id would find this entry")]
    [InlineData("http://srv/fhir/Practitioner/PT-url", "\"resourceType\": \"Patient\", \"id\": \"PT-url\"",
        "Bundle.entry[0].fullUrl names another resource type than the entry's resource (R4: fullUrl SHALL NOT disagree with the resource)")]
    [InlineData("http://srv/fhir/Patient/PT-url", "\"resourceType\": \"Patient\", \"id\": \"PT-url\"", null)]
    [InlineData("urn:uuid:48484848-4848-4848-8848-484848484848", "\"resourceType\": \"Patient\", \"id\": \"PT-url\"", null)]
    // an absolute URL whose tail names no resource type is no RESTful URL: nothing to disagree with
    [InlineData("http://srv/Docs/PT-url", "\"resourceType\": \"Patient\", \"id\": \"PT-url\"", null)]
    public void A_full_url_that_disagrees_with_its_resource_is_refused_naming_the_entry_never_the_url(string fullUrl, string patient, string? expected)
    {
        var dispense = Dispense("x", "Zoloft 50 mg tablet").Replace("\"Patient/x\"", "\"http://srv/fhir/Patient/PT-url\"", StringComparison.Ordinal);
        var bundle = Bundle("collection", "{" + patient + "}", dispense).Replace("urn:uuid:00000000-0000-4000-8000-000000000000", fullUrl, StringComparison.Ordinal);

        if (expected is null)
        {
            Assert.Equal("PT-url", Assert.Single(Map(bundle).Changes).PatientRef);
            return;
        }

        var refused = Assert.Throws<InvalidEventException>(() => Map(bundle));
        Assert.Equal(expected, Assert.Single(refused.Failures));
        Assert.DoesNotContain("PT-", refused.Message, StringComparison.Ordinal);
    }

    // probe-edge9 H1: two servers' Medication/m1 (or two versions of one) in one Bundle; the first was read whatever
    // the reference named, so the Zoloft it named became Tylenol and a major interaction was missed
    private static string TwoMedications(string firstUrl, string firstMeta, string secondUrl, string secondMeta, string dispenseUrl, string reference) => $$$$"""
        {"resourceType": "Bundle", "type": "collection", "entry": [
          {"fullUrl": "{{{{firstUrl}}}}", "resource": {"resourceType": "Medication", "id": "m1", {{{{firstMeta}}}} "code": {"text": "Tylenol 500 mg tablet"}}},
          {"fullUrl": "{{{{secondUrl}}}}", "resource": {"resourceType": "Medication", "id": "m1", {{{{secondMeta}}}} "code": {"text": "Zoloft 50 mg tablet"}}},
          {"fullUrl": "{{{{dispenseUrl}}}}", "resource": {"resourceType": "MedicationDispense", "id": "d2", "status": "completed",
            "subject": {"reference": "Patient/PT-h1r"}, "whenHandedOver": "2026-11-01",
            "medicationReference": {"reference": "{{{{reference}}}}"}}}]}
        """;

    [Theory]
    // an absolute reference: the entry under its own base, wherever the other server's stands
    [InlineData("https://b.example/fhir/Medication/m1")]
    // a relative one from an entry under b's RESTful fullUrl: against that base (R4 bundle.html#references)
    [InlineData("Medication/m1")]
    public void A_reference_resolves_to_the_entry_of_its_own_server_not_the_first_with_its_type_and_id(string reference)
    {
        var bundle = TwoMedications("https://a.example/fhir/Medication/m1", "", "https://b.example/fhir/Medication/m1", "",
            "https://b.example/fhir/MedicationDispense/d2", reference);

        Assert.Equal("Zoloft 50 mg tablet", Assert.Single(Map(bundle).Changes).ProductText);
        // the other order too: not the first entry, the one named
        var swapped = TwoMedications("https://b.example/fhir/Medication/m1", "", "https://a.example/fhir/Medication/m1", "",
            "https://b.example/fhir/MedicationDispense/d2", reference);
        Assert.Equal("Tylenol 500 mg tablet", Assert.Single(Map(swapped).Changes).ProductText);
    }

    /// <summary>
    /// Senders mix the two forms: a dispense under a RESTful fullUrl, its Medication under a urn:uuid with the id it
    /// names. That entry has no server of its own, so it is taken (another server's never is), as before the references
    /// were resolved against the referring entry's base.
    /// </summary>
    [Fact]
    public void A_relative_reference_from_a_restful_entry_takes_an_entry_without_a_server_of_the_same_type_and_id()
    {
        var bundle = TwoMedications("urn:uuid:00000000-0000-4000-8000-0000000000a1", "", "https://c.example/fhir/Medication/m1", "",
            "https://b.example/fhir/MedicationDispense/d2", "Medication/m1");

        Assert.Equal("Tylenol 500 mg tablet", Assert.Single(Map(bundle).Changes).ProductText);
    }

    [Theory]
    [InlineData("Medication/m1/_history/2")]
    [InlineData("https://b.example/fhir/Medication/m1/_history/2")]
    public void A_versioned_reference_resolves_to_the_entry_with_that_version_id(string reference)
    {
        var bundle = TwoMedications("https://b.example/fhir/Medication/m1", "\"meta\": {\"versionId\": \"1\"},", "https://b.example/fhir/Medication/m1", "\"meta\": {\"versionId\": \"2\"},",
            "https://b.example/fhir/MedicationDispense/d2", reference);

        Assert.Equal("Zoloft 50 mg tablet", Assert.Single(Map(bundle).Changes).ProductText);
    }

    [Theory]
    // two servers, and the reference (relative, from an entry under a urn:uuid) names neither base
    [InlineData("https://a.example/fhir/Medication/m1", "", "https://b.example/fhir/Medication/m1", "", "urn:uuid:00000000-0000-4000-8000-0000000000d2", "Medication/m1")]
    // two versions under one fullUrl, and the reference names no version (relative or absolute)
    [InlineData("https://b.example/fhir/Medication/m1", "\"meta\": {\"versionId\": \"1\"},", "https://b.example/fhir/Medication/m1", "\"meta\": {\"versionId\": \"2\"},", "https://b.example/fhir/MedicationDispense/d2", "Medication/m1")]
    [InlineData("https://b.example/fhir/Medication/m1", "\"meta\": {\"versionId\": \"1\"},", "https://b.example/fhir/Medication/m1", "\"meta\": {\"versionId\": \"2\"},", "https://b.example/fhir/MedicationDispense/d2", "https://b.example/fhir/Medication/m1")]
    [InlineData("https://a.example/fhir/Medication/m1", "", "https://b.example/fhir/Medication/m1", "", "urn:uuid:00000000-0000-4000-8000-0000000000d2", "Medication/m1/_history/")]
    public void A_reference_matching_several_entries_is_refused_as_ambiguous_naming_its_path(string firstUrl, string firstMeta, string secondUrl, string secondMeta, string dispenseUrl, string reference)
    {
        if (reference.EndsWith('/'))
        {
            // several versions named by none: without meta.versionId neither is version 3
            var unnamed = TwoMedications(firstUrl, firstMeta, secondUrl, secondMeta, dispenseUrl, reference + "3");
            Assert.Contains("Bundle.entry[2].resource.medication", Failure(unnamed), StringComparison.Ordinal);
            return;
        }

        var refused = Assert.Throws<InvalidEventException>(() => Map(TwoMedications(firstUrl, firstMeta, secondUrl, secondMeta, dispenseUrl, reference)));

        Assert.Equal("Bundle.entry[2].resource.medication.reference matches more than one Bundle entry (entries 0, 1: another server's resource of the same type and id, or versions of one resource, and the reference names neither base nor version): none is taken",
            refused.Failures[0]);
        Assert.DoesNotContain("example", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Tylenol", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zoloft", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    // probe-edge9 M1: a Patient entry without an id under …/Patient/PE9R01 made its identifier the patient, and the same
    // dispense sent alone was patient PE9R01: one patient's products split over two regimens
    [InlineData("Patient/PT-m1")]
    [InlineData("https://ehr.example/fhir/Patient/PT-m1")]
    public void A_literal_patient_reference_names_its_id_whatever_the_patient_entry_carries(string reference)
    {
        const string patient = """{"resourceType": "Patient", "identifier": [{"system": "urn:mrn", "value": "MRN01"}]}""";
        var dispense = Dispense("PT-m1", "Zoloft 50 mg tablet").Replace("\"Patient/PT-m1\"", "\"" + reference + "\"", StringComparison.Ordinal);
        var bundle = Bundle("collection", patient, dispense)
            .Replace("urn:uuid:00000000-0000-4000-8000-000000000000", "https://ehr.example/fhir/Patient/PT-m1", StringComparison.Ordinal)
            .Replace("urn:uuid:00000000-0000-4000-8000-000000000001", "https://ehr.example/fhir/MedicationDispense/md-RX-1", StringComparison.Ordinal);

        Assert.Equal("PT-m1", Assert.Single(Map(bundle).Changes).PatientRef);
        Assert.Equal("PT-m1", Assert.Single(Map(dispense).Changes).PatientRef); // as the dispense sent alone

        // a urn: reference names the entry, not an id: its identifier is the patient, as before
        var byUrn = Bundle("collection", patient, Dispense("x", "Zoloft 50 mg tablet").Replace("\"Patient/x\"", "\"urn:uuid:00000000-0000-4000-8000-000000000000\"", StringComparison.Ordinal));
        Assert.Equal("urn:mrn|MRN01", Assert.Single(Map(byUrn).Changes).PatientRef);
    }

    [Theory]
    // probe-edge9 M4: the same dispense twice, Tylenol and Zoloft, without versions: the order decided the product and the alert
    [InlineData("collection", "https://ehr.example/fhir/MedicationDispense/md-RX-1", "Bundle.entry[1].fullUrl repeats entry[0]'s for the same resource without a distinct meta.versionId (bdl-7: entries sharing a fullUrl must have different meta.versionId): which one holds would be decided by their order")]
    [InlineData("collection", "urn:uuid:00000000-0000-4000-8000-0000000000aa", "Bundle.entry[1].fullUrl repeats entry[0]'s for the same resource without a distinct meta.versionId (bdl-7: entries sharing a fullUrl must have different meta.versionId): which one holds would be decided by their order")]
    [InlineData("transaction", null, "Bundle.entry[1].fullUrl is absent and its resource repeats entry[0]'s (the same type and id) without a distinct meta.versionId (bdl-7: the same resource twice must have different meta.versionId): which one holds would be decided by their order")]
    public void The_same_resource_twice_without_distinct_versions_is_refused_in_either_order(string type, string? fullUrl, string expected)
    {
        string Twice(string first, string second)
        {
            var bundle = Bundle(type, Dispense("PT-m4", first), Dispense("PT-m4", second), Statement("PT-m4", "St. John's Wort 300 mg"));
            return fullUrl is null
                ? bundle.Replace("\"fullUrl\": \"urn:uuid:00000000-0000-4000-8000-000000000000\", ", "", StringComparison.Ordinal)
                    .Replace("\"fullUrl\": \"urn:uuid:00000000-0000-4000-8000-000000000001\", ", "", StringComparison.Ordinal)
                    .Replace("{\"method\": \"POST\", \"url\": \"MedicationDispense\"}", "{\"method\": \"PUT\", \"url\": \"MedicationDispense/md-RX-1\"}", StringComparison.Ordinal)
                : bundle.Replace("urn:uuid:00000000-0000-4000-8000-000000000000", fullUrl, StringComparison.Ordinal)
                    .Replace("urn:uuid:00000000-0000-4000-8000-000000000001", fullUrl, StringComparison.Ordinal);
        }

        foreach (var bundle in new[] { Twice("Tylenol 500 mg tablet", "Zoloft 50 mg tablet"), Twice("Zoloft 50 mg tablet", "Tylenol 500 mg tablet") })
        {
            var refused = Assert.Throws<InvalidEventException>(() => Map(bundle));
            Assert.Equal(expected, Assert.Single(refused.Failures));
            Assert.DoesNotContain("PT-", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("RX-1", refused.Message, StringComparison.Ordinal);
        }

        // told apart by their versions, both are taken (the newest applied first)
        var versioned = Twice("Tylenol 500 mg tablet", "Zoloft 50 mg tablet")
            .Replace("\"id\": \"md-RX-1\",", "\"id\": \"md-RX-1\", \"meta\": {\"versionId\": \"V\"},", StringComparison.Ordinal);
        var at = versioned.IndexOf("\"versionId\": \"V\"", StringComparison.Ordinal);
        versioned = versioned[..at] + "\"versionId\": \"1\"" + versioned[(at + 16)..].Replace("\"versionId\": \"V\"", "\"versionId\": \"2\"", StringComparison.Ordinal);
        Assert.Equal("Zoloft 50 mg tablet", Map(versioned).Changes[0].ProductText);
    }

    [Theory]
    // probe-edge15 H1: the same dispense under two urn:uuid fullUrls, or two dispenses with one identifier, were applied in
    // order, the last one winning: Zoloft then Tylenol opened and resolved a major alert in one message
    [InlineData("RX-1", "Bundle.entry[1].resource repeats entry[0]'s (the same type and id) under another fullUrl with other content, and neither is the newer (the same time, no whole-number meta.versionIds to order them): which one holds would be decided by their order")]
    [InlineData("RX-2", "Bundle.entry[1].resource is another MedicationDispense for the same dispense as entry[0]'s (the same identifier) with other content: which one holds would be decided by their order; send one resource per dispense, its versions with distinct meta.versionId")]
    public void One_dispense_twice_under_other_fullUrls_is_refused_in_either_order_and_alone_in_a_batch(string secondId, string expected)
    {
        string Twice(string type, string first, string second)
        {
            var other = Dispense("PT-h1", second, id: secondId);
            if (secondId != "RX-1")
            {
                // another resource id, the same business identifier
                other = other.Replace("\"value\": \"RX-2\"", "\"value\": \"RX-1\"", StringComparison.Ordinal);
            }

            return Bundle(type, Dispense("PT-h1", first), other, Statement("PT-h1", "St. John's Wort 300 mg"));
        }

        foreach (var (first, second) in new[] { ("Zoloft 50 mg tablet", "Tylenol 500 mg tablet"), ("Tylenol 500 mg tablet", "Zoloft 50 mg tablet") })
        {
            foreach (var type in new[] { "collection", "transaction" })
            {
                var refused = Assert.Throws<InvalidEventException>(() => Map(Twice(type, first, second)));
                Assert.Equal(expected, Assert.Single(refused.Failures));
                Assert.DoesNotContain("PT-", refused.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("RX-", refused.Message, StringComparison.Ordinal);
            }

            // a batch's entries stand alone: both copies are refused, the statement applied
            var batch = Map(Twice("batch", first, second));
            Assert.Equal(["supplement-reported"], batch.Changes.Select(c => c.EventType));
            Assert.Equal([expected], batch.Refused);
        }

        // the same content twice holds whichever comes first; versions told apart by meta.versionId are taken, newest first
        Assert.Equal(2, Map(Twice("collection", "Zoloft 50 mg tablet", "Zoloft 50 mg tablet")).Changes.Count(c => c.EventType == "medication-dispensed"));
        // at other times the later one holds in either order (the item's order of corrections): taken (a review)
        var later = Twice("collection", "Zoloft 50 mg tablet", "Tylenol 500 mg tablet");
        var at = later.LastIndexOf("2026-11-01T09:30:00-05:00", StringComparison.Ordinal);
        Assert.Equal(2, Map(later[..at] + "2026-11-02T09:30:00-05:00" + later[(at + 25)..]).Changes.Count(c => c.EventType == "medication-dispensed"));
        if (secondId == "RX-1")
        {
            var versions = Bundle("collection", Dispense("PT-h1", "Tylenol 500 mg tablet", versionId: "1"), Dispense("PT-h1", "Zoloft 50 mg tablet", versionId: "2"));
            Assert.Equal("Zoloft 50 mg tablet", Map(versions).Changes[0].ProductText);
            // versions whose ids are no numbers, at the same time, have no order but the Bundle's: refused (a review)
            var opaque = Bundle("collection", Dispense("PT-h1", "Tylenol 500 mg tablet", versionId: "a"), Dispense("PT-h1", "Zoloft 50 mg tablet", versionId: "b"));
            Assert.Equal(expected, Assert.Single(Assert.Throws<InvalidEventException>(() => Map(opaque)).Failures));
        }
    }

    [Fact]
    public void An_unresolvable_medication_reference_uses_its_display_or_fails_naming_it()
    {
        var withDisplay = Dispense("PT-r", "x").Replace("\"medicationCodeableConcept\": {\n    \n    \"text\": \"x\"\n  }", "\"medicationReference\": {\"reference\": \"Medication/elsewhere\", \"display\": \"Zoloft 50 mg tablet\"}", StringComparison.Ordinal);
        Assert.Contains("medicationReference", withDisplay, StringComparison.Ordinal);

        Assert.Equal("Zoloft 50 mg tablet", Assert.Single(Map(withDisplay).Changes).ProductText);
        Assert.Contains("MedicationDispense.medication.reference must resolve", Failure(withDisplay.Replace(", \"display\": \"Zoloft 50 mg tablet\"", "", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_subscription_notification_carries_full_resources_after_its_status()
    {
        const string status = """
            {"resourceType": "Parameters", "meta": {"profile": ["http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4"]},
             "parameter": [{"name": "subscription", "valueReference": {"reference": "Subscription/s1"}}, {"name": "status", "valueCode": "active"},
                           {"name": "type", "valueCode": "event-notification"}]}
            """;

        var mapping = Map(Bundle("history", status, Dispense("PT-n", "Zoloft 50 mg tablet"), Statement("PT-n", "5-HTP 100 mg")));

        Assert.Equal(["medication-dispensed", "supplement-reported"], mapping.Changes.Select(c => c.EventType));
        Assert.Empty(Map(Bundle("history", status)).Changes);
    }

    private const string ModifierExtension = "\"modifierExtension\": [{\"url\": \"http://secret.example/negated\", \"valueBoolean\": true}], ";

    [Theory]
    [InlineData("\"status\": \"completed\",", "MedicationDispense.modifierExtension")]
    [InlineData("\"dosageInstruction\": [{", "MedicationDispense.dosageInstruction[0].modifierExtension")]
    [InlineData("\"performer\": [{", "MedicationDispense.performer[0].modifierExtension")]
    [InlineData("\"contained\": [{", "MedicationDispense.contained[0].modifierExtension")]
    [InlineData("\"ingredient\": [{", "MedicationDispense.contained[0].ingredient[0].modifierExtension")]
    public void A_modifier_extension_anywhere_in_a_dispense_is_refused_by_the_element_that_carries_it(string before, string expected)
    {
        // FHIR: a modifier extension not understood must not be ignored (it may negate what the resource says)
        var json = System.Text.RegularExpressions.Regex.Replace(Dispense("PT-m", "unused"), "\"medicationCodeableConcept\": \\{[^}]*\\},",
            "\"contained\": [{\"resourceType\": \"Medication\", \"id\": \"med1\", \"ingredient\": [{\"itemCodeableConcept\": {\"text\": \"Secret product\"}}]}], \"medicationReference\": {\"reference\": \"#med1\"},");
        json = before.StartsWith("\"status\"", StringComparison.Ordinal) ? json.Replace(before, ModifierExtension + before, StringComparison.Ordinal) : json.Replace(before, before + ModifierExtension, StringComparison.Ordinal);
        Assert.Contains("modifierExtension", json, StringComparison.Ordinal);
        Assert.Single(Map(json.Replace(ModifierExtension, "", StringComparison.Ordinal)).Changes);

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal($"{expected} is not understood here (a modifier extension can change what the resource means); its url is not logged", Assert.Single(refused.Failures));
        Assert.DoesNotContain("secret", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("PT-m", refused.Message, StringComparison.Ordinal);

        // in a Bundle, by the entry's path
        var inBundle = "Bundle.entry[0].resource" + expected["MedicationDispense".Length..];
        Assert.StartsWith(inBundle + " is not understood here", Assert.Single(Assert.Throws<InvalidEventException>(() => Map(Bundle("collection", json))).Failures), StringComparison.Ordinal);
    }

    private const string BadUrlExtension = "\"extension\": [{\"url\": \"http://secret.example/a bad url\", \"valueString\": \"v\"}], ";

    [Theory]
    // R4's uri is \S*: the strict reader checks the model's uri elements, but the SDK keeps an extension's url as a
    // plain string (found by an independent edge probe: "PIDMARK123 bad url" was accepted)
    [InlineData("\"status\": \"completed\",", "MedicationDispense.extension[0].url")]
    [InlineData("\"dosageInstruction\": [{", "MedicationDispense.dosageInstruction[0].extension[0].url")]
    [InlineData("\"performer\": [{", "MedicationDispense.performer[0].extension[0].url")]
    public void An_extension_url_with_whitespace_is_refused_by_its_path_never_its_value(string before, string expected)
    {
        var dispense = Dispense("PT-u", "Zoloft 50 mg tablet");
        var json = before.StartsWith("\"status\"", StringComparison.Ordinal)
            ? dispense.Replace(before, BadUrlExtension + before, StringComparison.Ordinal)
            : dispense.Replace(before, before + BadUrlExtension, StringComparison.Ordinal);
        Assert.Single(Map(json.Replace(" bad url", "-good-url", StringComparison.Ordinal)).Changes);

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal($"{expected} must be a uri without whitespace (R4 uri: \\S*); its value is not logged", Assert.Single(refused.Failures));
        Assert.DoesNotContain("secret", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Bundle.entry[0].resource" + expected["MedicationDispense".Length..] + " must be a uri without whitespace (R4 uri: \\S*); its value is not logged",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(Bundle("collection", json))).Failures));
    }

    [Fact]
    public void An_extension_url_with_whitespace_elsewhere_in_a_bundle_or_a_coding_system_with_one_is_refused()
    {
        var patient = "{\"resourceType\": \"Patient\", " + BadUrlExtension + "\"id\": \"PT-u\"}";
        Assert.Equal("Bundle.entry[0].resource.extension[0].url must be a uri without whitespace (R4 uri: \\S*); its value is not logged",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(Bundle("collection", patient, Dispense("PT-u", "Zoloft 50 mg tablet")))).Failures));

        var entry = Bundle("collection", Dispense("PT-u", "Zoloft 50 mg tablet")).Replace("{\"fullUrl\":", "{" + BadUrlExtension + "\"fullUrl\":", StringComparison.Ordinal);
        Assert.Equal("Bundle.entry[0].extension[0].url must be a uri without whitespace (R4 uri: \\S*); its value is not logged",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(entry)).Failures));

        // a coding's system is a uri of the model: the strict reader refuses it by its path
        var system = Dispense("PT-u", "Zoloft 50 mg tablet", rxnorm: "312941").Replace("umls/rxnorm", "umls/rx norm", StringComparison.Ordinal);
        Assert.Contains("MedicationDispense.medication", Failure(system), StringComparison.Ordinal);
    }

    [Fact]
    public void A_modifier_extension_on_a_statement_or_a_bundle_entry_is_refused()
    {
        var statement = Statement("PT-m", "Secret product").Replace("\"status\":", ModifierExtension + "\"status\":", StringComparison.Ordinal);
        Assert.Equal("MedicationStatement.modifierExtension is not understood here (a modifier extension can change what the resource means); its url is not logged",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(statement)).Failures));

        var entry = Bundle("collection", Statement("PT-m", "Secret product")).Replace("{\"fullUrl\":", "{" + ModifierExtension + "\"fullUrl\":", StringComparison.Ordinal);
        Assert.Contains("modifierExtension", entry, StringComparison.Ordinal);
        Assert.Equal("Bundle.entry[0].modifierExtension is not understood here (a modifier extension can change what the entry means); its url is not logged",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(entry)).Failures));
    }

    [Theory]
    // found by an independent edge probe: a Practitioner entry's modifier was not read, the stop counted as the care
    // team's, ended the patient's dispense of the product and resolved a major alert
    [InlineData("Practitioner", "modifierExtension")]
    [InlineData("Organization", "modifierExtension")]
    [InlineData("Practitioner", "implicitRules")]
    public void An_informant_entry_with_a_modifier_is_refused_and_its_stop_is_not_the_care_teams(string type, string modifier)
    {
        var informant = $$"""{"resourceType": "{{type}}", "id": "pr1", {{(modifier == "implicitRules" ? ImplicitRules : ModifierExtension)}}"active": true}""";
        var statement = Statement("PT-i", "St. John's Wort 300 mg", status: "stopped")
            .Replace("\"informationSource\": {\"reference\": \"Patient/PT-i\"}", "\"informationSource\": {\"reference\": \"urn:uuid:00000000-0000-4000-8000-000000000000\"}", StringComparison.Ordinal);
        Assert.Contains("urn:uuid:00000000-0000-4000-8000-000000000000\"}", statement, StringComparison.Ordinal);
        var understood = Bundle("collection", informant.Replace(modifier == "implicitRules" ? ImplicitRules : ModifierExtension, "", StringComparison.Ordinal), statement);
        Assert.Contains("\"source\":\"care-team\"", Assert.Single(Map(understood).Changes).DetailsJson, StringComparison.Ordinal);

        var refused = Assert.Throws<InvalidEventException>(() => Map(Bundle("collection", informant, statement)));

        Assert.Equal($"Bundle.entry[0].resource.{modifier} is not understood here ({(modifier == "implicitRules" ? "implicit rules" : "a modifier extension")} can change what the resource means); its {(modifier == "implicitRules" ? "value" : "url")} is not logged",
            Assert.Single(refused.Failures));
        Assert.DoesNotContain("secret", refused.Message, StringComparison.OrdinalIgnoreCase);

        // a withdrawal is refused over no informant check: it withdraws, read with no informant
        var withdrawal = statement.Replace("\"status\": \"stopped\"", "\"status\": \"entered-in-error\"", StringComparison.Ordinal);
        Assert.Contains("entered-in-error", withdrawal, StringComparison.Ordinal);
        Assert.True(Assert.Single(Map(Bundle("collection", informant, withdrawal)).Changes).Withdraws);
    }

    [Theory]
    // found by an independent edge probe: accepted and ignored, where a modifier on the entry itself was refused
    [InlineData("transaction", "request")]
    [InlineData("searchset", "search")]
    public void A_modifier_extension_on_an_entrys_request_or_search_is_refused(string type, string part)
    {
        var bundle = Bundle(type, Statement("PT-q", "St. John's Wort 300 mg"));
        if (part == "search")
        {
            bundle = bundle.Replace("\"resource\":", "\"search\": {\"mode\": \"match\"}, \"resource\":", StringComparison.Ordinal);
        }

        Assert.Single(Map(bundle).Changes);
        bundle = bundle.Replace($"\"{part}\": {{", $"\"{part}\": {{" + ModifierExtension, StringComparison.Ordinal);
        Assert.Contains("modifierExtension", bundle, StringComparison.Ordinal);

        var refused = Assert.Throws<InvalidEventException>(() => Map(bundle));

        Assert.Equal($"Bundle.entry[0].{part}.modifierExtension is not understood here (a modifier extension can change what the entry means); its url is not logged",
            Assert.Single(refused.Failures));
    }

    [Fact]
    public void Implicit_rules_on_the_bundle_itself_are_refused()
    {
        var bundle = Bundle("collection", Statement("PT-b", "St. John's Wort 300 mg"));
        Assert.Single(Map(bundle).Changes);

        var refused = Assert.Throws<InvalidEventException>(() => Map(bundle.Replace("\"type\": \"collection\"", ImplicitRules + "\"type\": \"collection\"", StringComparison.Ordinal)));

        Assert.Equal("Bundle.implicitRules is not understood here (implicit rules can change what the resource means); its value is not logged", Assert.Single(refused.Failures));
        Assert.DoesNotContain("secret", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    private const string ImplicitRules = "\"implicitRules\": \"http://secret.example/rules\", ";

    [Theory]
    // R4 marks implicitRules a modifier, as it marks modifierExtension (found by an independent edge probe: both were
    // accepted and applied as if the rules did not exist)
    [InlineData("dispense", "MedicationDispense.implicitRules")]
    [InlineData("statement", "MedicationStatement.implicitRules")]
    [InlineData("contained", "MedicationDispense.contained[0].implicitRules")]
    public void Implicit_rules_on_a_dispense_a_statement_or_a_contained_resource_are_refused_by_their_path(string where, string expected)
    {
        var json = where switch
        {
            "statement" => Statement("PT-r", "St. John's Wort 300 mg"),
            "contained" => System.Text.RegularExpressions.Regex.Replace(Dispense("PT-r", "unused"), "\"medicationCodeableConcept\": \\{[^}]*\\},",
                "\"contained\": [{\"resourceType\": \"Medication\", \"id\": \"med1\", \"code\": {\"text\": \"Zoloft 50 mg tablet\"}}], \"medicationReference\": {\"reference\": \"#med1\"},"),
            _ => Dispense("PT-r", "Zoloft 50 mg tablet"),
        };
        Assert.Single(Map(json).Changes);
        json = where == "contained"
            ? json.Replace("\"id\": \"med1\",", "\"id\": \"med1\", " + ImplicitRules, StringComparison.Ordinal)
            : json.Replace("\"status\":", ImplicitRules + "\"status\":", StringComparison.Ordinal);
        Assert.Contains("implicitRules", json, StringComparison.Ordinal);

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal($"{expected} is not understood here (implicit rules can change what the resource means); its value is not logged", Assert.Single(refused.Failures));
        Assert.DoesNotContain("secret", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("PT-r", refused.Message, StringComparison.Ordinal);
        Assert.StartsWith("Bundle.entry[0].resource" + expected[expected.IndexOf('.', StringComparison.Ordinal)..] + " is not understood here",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(Bundle("collection", json))).Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModifierExtension, "Bundle.entry[0].resource.modifierExtension is not understood here (a modifier extension can change what the resource means); its url is not logged")]
    [InlineData(ImplicitRules, "Bundle.entry[0].resource.implicitRules is not understood here (implicit rules can change what the resource means); its value is not logged")]
    public void A_patient_entry_with_a_modifier_is_refused_when_it_names_the_subject(string modifier, string expected)
    {
        // found by an independent edge probe: a Patient entry with a modifierExtension resolved the subject unchecked
        var dispense = Dispense("PT-unused", "Zoloft 50 mg tablet").Replace("\"Patient/PT-unused\"", "\"urn:uuid:00000000-0000-4000-8000-000000000000\"", StringComparison.Ordinal);
        const string patient = "{\"resourceType\": \"Patient\", \"id\": \"PT-p\"}";
        Assert.Equal("PT-p", Assert.Single(Map(Bundle("collection", patient, dispense)).Changes).PatientRef);

        var refused = Assert.Throws<InvalidEventException>(() => Map(Bundle("collection", patient.Replace("\"id\":", modifier + "\"id\":", StringComparison.Ordinal), dispense)));

        Assert.Equal(expected, Assert.Single(refused.Failures));
        Assert.DoesNotContain("secret", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("PT-p", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    // found by an independent edge probe: a Patient entry with active false (an R4 modifier) was used unchecked. Decided:
    // read. active and deceased[x] are modifiers the mapping understands: they say whether the record is in current use
    // or the person alive, not that the dispense was not handed to this patient; refused, a product handed over would go
    // unchecked, and sent without the entry (Patient/<id> alone) the same dispense is that patient's anyway
    [InlineData("\"active\": false, ")]
    [InlineData("\"active\": false, \"deceasedBoolean\": true, ")]
    [InlineData("\"deceasedDateTime\": \"2026-11-20\", ")]
    public void A_patient_entry_marked_inactive_or_deceased_is_still_the_subject(string modifiers)
    {
        const string patient = "{\"resourceType\": \"Patient\", \"id\": \"PT-p\"}";
        var inactive = patient.Replace("\"id\":", modifiers + "\"id\":", StringComparison.Ordinal);
        Assert.NotEqual(patient, inactive);
        var byUrn = Dispense("PT-unused", "Zoloft 50 mg tablet").Replace("\"Patient/PT-unused\"", "\"urn:uuid:00000000-0000-4000-8000-000000000000\"", StringComparison.Ordinal);

        Assert.Equal("PT-p", Assert.Single(Map(Bundle("collection", inactive, byUrn)).Changes).PatientRef);
        Assert.Equal("PT-p", Assert.Single(Map(Bundle("collection", inactive, Dispense("PT-p", "Zoloft 50 mg tablet"))).Changes).PatientRef);
        Assert.Equal("PT-p", Assert.Single(Map(Bundle("collection", inactive, Statement("PT-p", "St. John's Wort 300 mg"))).Changes).PatientRef);
    }

    [Fact]
    public void A_patient_entry_replaced_by_another_record_is_refused_unless_withdrawing()
    {
        // Patient.link is an R4 modifier: replaced-by says this record is no longer the patient; read, the products went
        // under a record apart from the patient's others
        const string patient = "{\"resourceType\": \"Patient\", \"id\": \"PT-old\", \"link\": [{\"other\": {\"reference\": \"Patient/PT-new\"}, \"type\": \"seealso\"}, {\"other\": {\"reference\": \"Patient/PT-new\"}, \"type\": \"replaced-by\"}]}";
        var dispense = Dispense("PT-old", "Zoloft 50 mg tablet");

        var refused = Assert.Throws<InvalidEventException>(() => Map(Bundle("collection", patient, dispense)));

        Assert.Equal("Bundle.entry[0].resource.link[1] says another Patient record replaces this one (type replaced-by, an R4 modifier): send the resource for the Patient that replaces it", Assert.Single(refused.Failures));
        Assert.DoesNotContain("PT-", refused.Message, StringComparison.Ordinal);
        Assert.Single(Map(Bundle("collection", patient.Replace("\"replaced-by\"", "\"replaces\"", StringComparison.Ordinal), dispense)).Changes);
        Assert.True(Assert.Single(Map(Bundle("collection", patient, Dispense("PT-old", "Zoloft 50 mg tablet", status: "entered-in-error"))).Changes).Withdraws);
        Assert.True(Assert.Single(Map(Bundle("collection", patient, Statement("PT-old", "St. John's Wort 300 mg", status: "not-taken"))).Changes).Withdraws);
    }

    [Theory]
    // R4 marks Medication.status a modifier (found by an independent edge probe: an entered-in-error Medication was
    // counted as sertraline); a Medication no longer marketed (inactive) is still what the patient takes
    [InlineData("active", true)]
    [InlineData("inactive", true)]
    [InlineData("entered-in-error", false)]
    public void A_medication_recorded_in_error_is_refused_an_inactive_one_is_read(string status, bool read)
    {
        const string contained = "\"contained\": [{\"resourceType\": \"Medication\", \"id\": \"med1\", \"status\": \"STATUS\", \"code\": {\"text\": \"Zoloft 50 mg tablet\"}}], \"medicationReference\": {\"reference\": \"#med1\"},";
        var json = System.Text.RegularExpressions.Regex.Replace(Dispense("PT-e", "unused"), "\"medicationCodeableConcept\": \\{[^}]*\\},", contained.Replace("STATUS", status, StringComparison.Ordinal));
        var medication = "{\"resourceType\": \"Medication\", \"id\": \"m2\", \"status\": \"" + status + "\", \"code\": {\"text\": \"Zoloft 50 mg tablet\"}}";
        var bundle = Bundle("collection", medication, System.Text.RegularExpressions.Regex.Replace(Dispense("PT-e", "unused"), "\"medicationCodeableConcept\": \\{[^}]*\\},", "\"medicationReference\": {\"reference\": \"Medication/m2\"},"));
        Assert.Contains("medicationReference", json, StringComparison.Ordinal);

        if (read)
        {
            Assert.Equal("Zoloft 50 mg tablet", Assert.Single(Map(json).Changes).ProductText);
            Assert.Equal("Zoloft 50 mg tablet", Assert.Single(Map(bundle).Changes).ProductText);
            return;
        }

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));
        Assert.StartsWith("MedicationDispense.contained[0].status is entered-in-error: a Medication recorded in error names no product", Assert.Single(refused.Failures), StringComparison.Ordinal);
        Assert.DoesNotContain("Zoloft", refused.Message, StringComparison.Ordinal);
        Assert.StartsWith("Bundle.entry[0].resource.status is entered-in-error", Assert.Single(Assert.Throws<InvalidEventException>(() => Map(bundle)).Failures), StringComparison.Ordinal);
    }

    [Theory]
    // found by an independent edge probe: each was read as patient PT-x
    [InlineData("Patient/PT-x?x=1", false)]
    [InlineData("Patient/PT-x/", false)]
    [InlineData("Patient/PT-x/_history/", false)]
    [InlineData("Patient/PT-x/_history", false)]
    [InlineData("../Patient/PT-x", false)]
    [InlineData("Patient//PT-x", false)]
    [InlineData("Patient/PT-x#p", false)]
    [InlineData("https://ehr.example/fhir/Patient/PT-x?x=1", false)]
    [InlineData("Patient/PT-x", true)]
    [InlineData("Patient/PT-x/_history/2", true)]
    [InlineData("https://ehr.example/fhir/Patient/PT-x", true)]
    [InlineData("https://ehr.example/fhir/Patient/PT-x/_history/2", true)]
    public void A_subject_reference_that_is_no_literal_reference_is_refused(string reference, bool read)
    {
        var json = Dispense("PT-x", "Zoloft 50 mg tablet").Replace("\"Patient/PT-x\"", "\"" + reference + "\"", StringComparison.Ordinal);
        Assert.Contains(reference, json, StringComparison.Ordinal);
        if (read)
        {
            Assert.Equal("PT-x", Assert.Single(Map(json).Changes).PatientRef);
            return;
        }

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal("MedicationDispense.subject.reference must be a literal reference, Patient/<id> (a base URL before it and _history/<version> after it allowed): no query, fragment, trailing slash, empty segment or version, or relative path (../)",
            Assert.Single(refused.Failures));
        Assert.DoesNotContain("PT-x", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"reference\": \"Patient/PT-g\", \"type\": \"Group\"", false)]
    [InlineData("\"identifier\": {\"system\": \"urn:x\", \"value\": \"PT-g\"}, \"type\": \"Group\"", false)]
    [InlineData("\"reference\": \"Patient/PT-g\", \"type\": \"Patient\"", true)]
    public void A_subject_typed_as_anything_but_a_patient_is_refused(string subject, bool read)
    {
        // R4: the type and the reference SHALL agree (found by an independent edge probe: Group was read as patient PT-g)
        var json = Dispense("PT-g", "Zoloft 50 mg tablet").Replace("\"subject\": {\"reference\": \"Patient/PT-g\"}", "\"subject\": {" + subject + "}", StringComparison.Ordinal);
        Assert.Contains(subject, json, StringComparison.Ordinal);
        if (read)
        {
            Assert.Equal("PT-g", Assert.Single(Map(json).Changes).PatientRef);
            return;
        }

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal("MedicationDispense.subject.type must be Patient when given (R4: type and reference SHALL agree; a Group or any other subject is not read as a patient)", Assert.Single(refused.Failures));
        Assert.DoesNotContain("PT-g", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    // ext-1 (found by an independent edge probe: an extension with a url alone was accepted)
    [InlineData("\"status\": \"completed\",", "MedicationDispense.extension[0]")]
    [InlineData("\"dosageInstruction\": [{", "MedicationDispense.dosageInstruction[0].extension[0]")]
    public void An_extension_with_neither_a_value_nor_extensions_is_refused_by_its_path(string before, string expected)
    {
        const string empty = "\"extension\": [{\"url\": \"http://secret.example/x\"}], ";
        var dispense = Dispense("PT-x1", "Zoloft 50 mg tablet");
        var json = before.StartsWith("\"status\"", StringComparison.Ordinal)
            ? dispense.Replace(before, empty + before, StringComparison.Ordinal)
            : dispense.Replace(before, before + empty, StringComparison.Ordinal);
        Assert.Single(Map(json.Replace("\"url\": \"http://secret.example/x\"}", "\"url\": \"http://secret.example/x\", \"valueString\": \"v\"}", StringComparison.Ordinal)).Changes);
        Assert.Single(Map(json.Replace("\"url\": \"http://secret.example/x\"}", "\"url\": \"http://secret.example/x\", \"extension\": [{\"url\": \"a\", \"valueString\": \"v\"}]}", StringComparison.Ordinal)).Changes);

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal($"{expected} has neither a value nor nested extensions (ext-1: an extension has a value or extensions); its url is not logged", Assert.Single(refused.Failures));
        Assert.DoesNotContain("secret", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_contained_medications_ingredient_given_by_reference_is_refused_never_dropped()
    {
        // sertraline by reference beside St John's wort by text: stored as St John's wort alone, the interaction was never checked
        const string medication = """
            "contained": [
              {"resourceType": "Medication", "id": "med1", "ingredient": [
                {"itemCodeableConcept": {"text": "St John's wort"}},
                {"itemReference": {"reference": "#sub1"}}]},
              {"resourceType": "Substance", "id": "sub1", "code": {"text": "sertraline"}}],
            "medicationReference": {"reference": "#med1"},
            """;
        var json = System.Text.RegularExpressions.Regex.Replace(Dispense("PT-i", "unused"), "\"medicationCodeableConcept\": \\{[^}]*\\},", medication);
        Assert.Contains("itemReference", json, StringComparison.Ordinal);
        Assert.DoesNotContain("medicationCodeableConcept", json, StringComparison.Ordinal);

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal("MedicationDispense.contained[0].ingredient[1].item: an ingredient given by reference without a display is not read here; give it as itemCodeableConcept (a text or a coding), or give the reference a display",
            Assert.Single(refused.Failures));
        Assert.DoesNotContain("PT-i", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sertraline", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("#", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ingredient_marked_inactive_does_not_name_the_product()
    {
        // R4: isActive false is an ingredient that does not affect the therapeutic action (found by an independent edge
        // probe: it was counted, and sertraline with an inactive tramadol raised a major serotonergic alert)
        const string medication = """
            "contained": [
              {"resourceType": "Medication", "id": "med1", "ingredient": [
                {"itemCodeableConcept": {"text": "sertraline 50 mg"}, "isActive": true},
                {"itemCodeableConcept": {"text": "tramadol"}, "isActive": false},
                {"itemCodeableConcept": {"text": "St John's wort"}}]}],
            "medicationReference": {"reference": "#med1"},
            """;
        var json = System.Text.RegularExpressions.Regex.Replace(Dispense("PT-i", "unused"), "\"medicationCodeableConcept\": \\{[^}]*\\},", medication);

        var change = Assert.Single(Map(json).Changes);

        Assert.Equal("sertraline 50 mg / St John's wort", change.ProductText); // an ingredient without isActive counts
    }

    [Fact]
    public void An_ingredient_given_by_reference_with_a_display_is_named_by_it()
    {
        const string medication = """
            "contained": [
              {"resourceType": "Medication", "id": "med1", "ingredient": [
                {"itemCodeableConcept": {"text": "St John's wort"}},
                {"itemReference": {"reference": "#sub1", "display": "sertraline 50 mg"}}]},
              {"resourceType": "Substance", "id": "sub1", "code": {"text": "sertraline"}}],
            "medicationReference": {"reference": "#med1"},
            """;
        var json = System.Text.RegularExpressions.Regex.Replace(Dispense("PT-i", "unused"), "\"medicationCodeableConcept\": \\{[^}]*\\},", medication);

        var change = Assert.Single(Map(json).Changes);

        Assert.Equal("St John's wort / sertraline 50 mg", change.ProductText);
    }

    [Theory]
    // an RxNorm code alone (sertraline): joined, the name held St John's wort only and the interaction was never checked
    [InlineData("{\"coding\": [{\"system\": \"http://www.nlm.nih.gov/research/umls/rxnorm\", \"code\": \"36437\"}]}")]
    [InlineData("{\"coding\": [{\"system\": \"http://www.whocc.no/atc\", \"code\": \"N06AB06\"}], \"text\": \" \"}")]
    public void A_contained_medications_ingredient_given_by_code_alone_is_refused_never_dropped(string ingredient)
    {
        var medication = """
            "contained": [
              {"resourceType": "Medication", "id": "med1", "ingredient": [
                {"itemCodeableConcept": {"text": "St John's wort"}},
                {"itemCodeableConcept": INGREDIENT}]}],
            "medicationReference": {"reference": "#med1", "display": "Secret product"},
            """.Replace("INGREDIENT", ingredient, StringComparison.Ordinal);
        var json = System.Text.RegularExpressions.Regex.Replace(Dispense("PT-i", "unused"), "\"medicationCodeableConcept\": \\{[^}]*\\},", medication);
        Assert.Contains(ingredient, json, StringComparison.Ordinal);
        Assert.DoesNotContain("medicationCodeableConcept", json, StringComparison.Ordinal);

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal("MedicationDispense.contained[0].ingredient[1].item: an ingredient given by code alone (no text, no display) is not read here (the product carries the Medication's codes, not one per ingredient); give itemCodeableConcept a text or its coding a display",
            Assert.Single(refused.Failures));
        Assert.DoesNotContain("PT-i", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("36437", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("N06AB06", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_only_ingredient_is_refused_in_a_statements_bundle_medication_too_but_a_named_one_is_read()
    {
        const string medication = """
            {"resourceType": "Medication", "ingredient": [
              {"itemCodeableConcept": {"text": "St John's wort"}},
              {"itemCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "36437"}]}}]}
            """;
        var statement = Statement("PT-i", "unused").Replace("\"medicationCodeableConcept\": {\"text\": \"unused\"}",
            "\"medicationReference\": {\"reference\": \"urn:uuid:00000000-0000-4000-8000-000000000001\"}", StringComparison.Ordinal);
        Assert.Contains("medicationReference", statement, StringComparison.Ordinal);

        var refused = Assert.Throws<InvalidEventException>(() => Map(Bundle("collection", statement, medication)));

        Assert.StartsWith("Bundle.entry[1].resource.ingredient[1].item: an ingredient given by code alone (no text, no display) is not read here",
            Assert.Single(refused.Failures), StringComparison.Ordinal);
        // the same code with a display names the ingredient
        var displayed = medication.Replace("\"code\": \"36437\"", "\"code\": \"36437\", \"display\": \"sertraline\"", StringComparison.Ordinal);
        Assert.Equal("St John's wort / sertraline", Assert.Single(Map(Bundle("collection", statement, displayed)).Changes).ProductText);
    }

    [Fact]
    public void A_bundle_medications_ingredient_given_by_reference_is_refused_by_its_entry()
    {
        const string medication = """
            {"resourceType": "Medication", "ingredient": [
              {"itemCodeableConcept": {"text": "St John's wort"}},
              {"itemReference": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000002"}}]}
            """;
        const string substance = """{"resourceType": "Substance", "code": {"text": "sertraline"}}""";
        var statement = Statement("PT-i", "unused").Replace("\"medicationCodeableConcept\": {\"text\": \"unused\"}",
            "\"medicationReference\": {\"reference\": \"urn:uuid:00000000-0000-4000-8000-000000000001\"}", StringComparison.Ordinal);
        Assert.Contains("medicationReference", statement, StringComparison.Ordinal);

        var refused = Assert.Throws<InvalidEventException>(() => Map(Bundle("collection", statement, medication, substance)));

        Assert.Equal("Bundle.entry[1].resource.ingredient[1].item: an ingredient given by reference without a display is not read here; give it as itemCodeableConcept (a text or a coding), or give the reference a display",
            Assert.Single(refused.Failures));
        Assert.DoesNotContain("urn:uuid", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("collection")]
    [InlineData("transaction")]
    [InlineData("history")]
    public void A_bundle_inside_a_bundle_rejects_the_whole_message_never_skipped(string type)
    {
        // skipping it would apply the dispense without the statement it carries (the interaction never checked)
        var inner = Bundle("collection", Statement("PT-nb", "Secret product"));
        var bundle = Bundle(type, Dispense("PT-nb", "Zoloft 50 mg tablet"), inner);

        var refused = Assert.Throws<InvalidEventException>(() => Map(bundle));

        Assert.Equal("Bundle.entry[1].resource is a Bundle inside a Bundle, which is not read here: send its resources as entries of one Bundle", Assert.Single(refused.Failures));
        Assert.DoesNotContain("PT-nb", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", refused.Message, StringComparison.Ordinal);

        // alone too, by the same reason (in a history Bundle it is no handshake)
        Assert.Equal("Bundle.entry[0].resource is a Bundle inside a Bundle, which is not read here: send its resources as entries of one Bundle",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(Bundle(type, inner))).Failures));
    }

    // the R4 examples of the Subscriptions Backport IG (r4-notification-*): the status entry is read by GET …/$status
    internal static string NotificationStatus(string type, string? focus = null)
    {
        var focusPart = focus is null ? "" : """, {"name": "focus", "valueReference": {"reference": """ + "\"" + focus + "\"}}";
        var notificationEvent = type != "event-notification" ? ""
            : """, {"name": "notification-event", "part": [{"name": "event-number", "valueString": "2"}, {"name": "timestamp", "valueInstant": "2026-11-28T11:44:13.188-05:00"}"""
                + focusPart + "]}";
        return """
            {"fullUrl": "urn:uuid:2d5afc69-6ef2-420f-a8d1-8500c99eb96c",
             "resource": {"resourceType": "Parameters", "id": "2d5afc69-6ef2-420f-a8d1-8500c99eb96c",
               "meta": {"profile": ["http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4"]},
               "parameter": [{"name": "subscription", "valueReference": {"reference": "https://ehr.example/fhir/r4/Subscription/dispenses"}},
                             {"name": "topic", "valueCanonical": "http://example.org/topic/dispense"},
                             {"name": "status", "valueCode": "active"}, {"name": "type", "valueCode": "TYPE"},
                             {"name": "events-since-subscription-start", "valueString": "2"}EVENT]},
             "request": {"method": "GET", "url": "https://ehr.example/fhir/r4/Subscription/dispenses/$status"},
             "response": {"status": "200"}}
            """.Replace("TYPE", type, StringComparison.Ordinal).Replace("EVENT", notificationEvent, StringComparison.Ordinal);
    }

    internal static string Notification(params string[] entries) =>
        """{"resourceType": "Bundle", "type": "history", "timestamp": "2026-11-28T11:44:13.188-05:00", "entry": [""" + string.Join(",", entries) + "]}";

    [Fact]
    public void A_full_resource_notification_is_applied_and_its_status_and_included_resources_read_by_get_are_not()
    {
        // r4-notification-multi-resource: the focus by POST, its Patient included by GET
        var dispense = Dispense("x", "Zoloft 50 mg tablet").Replace("\"Patient/x\"", "\"https://ehr.example/fhir/r4/Patient/PT-sub\"", StringComparison.Ordinal);
        var bundle = Notification(
            NotificationStatus("event-notification", "https://ehr.example/fhir/r4/MedicationDispense/md-RX-1"),
            """{"fullUrl": "https://ehr.example/fhir/r4/MedicationDispense/md-RX-1", "resource": """ + dispense + """, "request": {"method": "POST", "url": "MedicationDispense"}, "response": {"status": "201"}}""",
            """{"fullUrl": "https://ehr.example/fhir/r4/Patient/PT-sub", "resource": {"resourceType": "Patient", "id": "PT-sub"}, "request": {"method": "GET", "url": "Patient/PT-sub"}, "response": {"status": "200"}}""");

        var mapping = Map(bundle);

        var change = Assert.Single(mapping.Changes);
        Assert.Equal("PT-sub", change.PatientRef);
        Assert.Equal("Zoloft 50 mg tablet", change.ProductText);
        Assert.Equal("event-notification", mapping.Notification);
    }

    [Theory]
    [InlineData("heartbeat")]
    [InlineData("handshake")]
    [InlineData("event-notification")] // empty content, or id-only (the focus named in the status)
    [InlineData("query-status")]
    public void A_notification_without_resources_is_acknowledged_and_changes_nothing(string type)
    {
        var mapping = Map(Notification(NotificationStatus(type, type == "event-notification" ? "https://ehr.example/fhir/r4/MedicationDispense/md-RX-1" : null)));

        Assert.Empty(mapping.Changes);
        Assert.Equal(0, mapping.NotOnHand);
        Assert.Equal(type, mapping.Notification);
    }

    [Fact]
    public void A_notification_whose_entries_come_without_a_request_is_read_as_before_bdl_3_aside()
    {
        // servers leave the request out of the status entry (found by a review: bdl-3 refused such heartbeats, which
        // could end the subscription), and at times out of the resource's entry
        var status = NotificationStatus("heartbeat").Replace(
            "\"request\": {\"method\": \"GET\", \"url\": \"https://ehr.example/fhir/r4/Subscription/dispenses/$status\"},", "", StringComparison.Ordinal);
        Assert.DoesNotContain("\"request\"", status, StringComparison.Ordinal);
        Assert.Equal("heartbeat", Map(Notification(status)).Notification);

        var dispense = Dispense("x", "Zoloft 50 mg tablet");
        var noted = Notification(NotificationStatus("event-notification").Replace(
            "\"request\": {\"method\": \"GET\", \"url\": \"https://ehr.example/fhir/r4/Subscription/dispenses/$status\"},", "", StringComparison.Ordinal),
            """{"fullUrl": "https://ehr.example/fhir/r4/MedicationDispense/md-RX-1", "resource": """ + dispense + "}");
        Assert.Single(Map(noted).Changes);
    }

    [Fact]
    public void An_id_only_notification_listing_its_resources_without_them_is_acknowledged_and_changes_nothing()
    {
        // the IG's earlier id-only form: the changed resource's entry without the resource; the worker never fetches it
        var mapping = Map(Notification(NotificationStatus("event-notification"),
            """{"fullUrl": "https://ehr.example/fhir/r4/MedicationDispense/md-RX-1", "request": {"method": "POST", "url": "MedicationDispense"}, "response": {"status": "201"}}"""));

        Assert.Empty(mapping.Changes);
        Assert.Equal("event-notification", mapping.Notification);
    }

    [Fact]
    public void A_heartbeat_with_resources_or_a_medication_read_by_get_in_a_notification_is_refused()
    {
        var entry = """{"fullUrl": "https://ehr.example/fhir/r4/MedicationDispense/md-RX-1", "resource": """ + Dispense("PT-hb", "Zoloft 50 mg tablet")
            + """, "request": {"method": "PUT", "url": "MedicationDispense/md-RX-1"}, "response": {"status": "200"}}""";

        Assert.Equal("Bundle.entry[0].resource is a heartbeat SubscriptionStatus, which carries no resources: a MedicationDispense or MedicationStatement is sent in an event-notification",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(Notification(NotificationStatus("heartbeat"), entry))).Failures));
        Assert.Equal("Bundle.entry[1].request.method GET is not accepted: a resource is read from POST or PUT entries (or entries without a request)",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(Notification(NotificationStatus("event-notification"), entry.Replace("PUT", "GET", StringComparison.Ordinal)))).Failures));
        // a GET entry that is no subscription status, first or not, is refused as in any other Bundle
        var notStatus = NotificationStatus("event-notification").Replace("/$status", "", StringComparison.Ordinal);
        Assert.Equal("Bundle.entry[0].request.method GET is not accepted: a resource is read from POST or PUT entries (or entries without a request)",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(Notification(notStatus, entry))).Failures));
    }

    [Fact]
    public void A_history_bundle_whose_first_entry_is_no_subscription_status_and_a_delete_are_rejected_because_nothing_can_be_read()
    {
        // a Parameters without the IG's profile or its subscription and type parameters is no SubscriptionStatus
        const string idOnly = """{"resourceType": "Bundle", "type": "history", "entry": [{"resource": {"resourceType": "Parameters", "parameter": [{"name": "status", "valueCode": "active"}]}, "request": {"method": "GET", "url": "Subscription/s1/$status"}}, {"fullUrl": "https://ehr/fhir/MedicationDispense/1", "request": {"method": "PUT", "url": "MedicationDispense/1"}}]}""";
        const string delete = """{"resourceType": "Bundle", "type": "transaction", "entry": [{"request": {"method": "DELETE", "url": "MedicationDispense/1"}}]}""";

        Assert.Contains("Bundle.entry[1].resource is missing", Failure(idOnly), StringComparison.Ordinal);
        Assert.Contains("Bundle.entry[0].request.method DELETE is not accepted", Failure(delete), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("PATCH")]
    public void A_resource_under_a_request_that_writes_no_resource_is_refused(string method)
    {
        // found by an edge probe: applied as full resources until then
        var bundle = Bundle("transaction", Dispense("PT-m", "Zoloft 50 mg tablet"))
            .Replace("\"request\": {\"method\": \"POST\"", $"\"request\": {{\"method\": \"{method}\"", StringComparison.Ordinal);
        Assert.Contains(method, bundle, StringComparison.Ordinal);

        Assert.Equal($"Bundle.entry[0].request.method {method} is not accepted: a resource is read from POST or PUT entries (or entries without a request)",
            Assert.Single(Assert.Throws<InvalidEventException>(() => Map(bundle)).Failures));
    }

    [Theory]
    [InlineData("collection", "{\"fullUrl\": \"https://ehr.example/fhir/MedicationDispense/md-z\"}")]
    [InlineData("searchset", "{\"fullUrl\": \"https://ehr.example/fhir/MedicationDispense/md-z\"}")]
    [InlineData("transaction", "{\"fullUrl\": \"urn:uuid:77777777-7777-4777-8777-777777777777\", \"request\": {\"method\": \"POST\", \"url\": \"MedicationDispense\"}}")]
    [InlineData("history", "{\"fullUrl\": \"https://ehr.example/fhir/MedicationDispense/x\", \"request\": {\"method\": \"PUT\", \"url\": \"MedicationDispense/x\"}}")]
    public void An_entry_without_its_resource_rejects_the_whole_bundle(string type, string entry)
    {
        // bdl-5: skipping it would apply the rest of the Bundle without it
        var bundle = Bundle(type, Dispense("PT-e", "Zoloft 50 mg tablet")).Replace("\"entry\": [", "\"entry\": [" + entry + ", ", StringComparison.Ordinal);
        Assert.Contains(entry, bundle, StringComparison.Ordinal);

        var failure = Assert.Single(Assert.Throws<InvalidEventException>(() => Map(bundle)).Failures);

        Assert.StartsWith("Bundle.entry[0].resource is missing: an id-only entry has nothing to read (bdl-5", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("md-z", failure, StringComparison.Ordinal);
        // alone, too: a history Bundle of an id-only entry is no handshake
        var alone = "{\"resourceType\": \"Bundle\", \"type\": \"" + type + "\", \"entry\": [" + entry + "]}";
        Assert.Contains("Bundle.entry[0].resource is missing", Failure(alone), StringComparison.Ordinal);
    }

    private const string ContainedMedication = """{"resourceType": "Medication", "id": "med1", "code": {"text": "Zoloft 50 mg tablet"}}""";

    private static string WithContained(params string[] contained) =>
        Dispense("PT-m", "x").Replace("\"medicationCodeableConcept\": {\n    \n    \"text\": \"x\"\n  }",
            "\"contained\": [" + string.Join(", ", contained) + "], \"medicationReference\": {\"reference\": \"#med1\"}", StringComparison.Ordinal);

    [Fact]
    public void Contained_resources_sharing_an_id_are_refused_the_reference_being_ambiguous()
    {
        var one = WithContained(ContainedMedication);
        Assert.Contains("#med1", one, StringComparison.Ordinal);
        Assert.Equal("Zoloft 50 mg tablet", Assert.Single(Map(one).Changes).ProductText);

        var two = WithContained(ContainedMedication, ContainedMedication.Replace("Zoloft 50 mg tablet", "Sertraline 100 mg tablet", StringComparison.Ordinal));
        var refused = Assert.Throws<InvalidEventException>(() => Map(two));

        Assert.Equal("MedicationDispense.contained[1].id repeats contained[0]'s (contained resources need distinct ids: a reference #id to them could mean either)",
            Assert.Single(refused.Failures));
        Assert.DoesNotContain("med1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_contained_resource_nothing_references_is_refused_naming_its_position()
    {
        // dom-3; one referenced from another contained resource, or referring to its container ('#'), is referenced
        const string unreferenced = """{"resourceType": "Organization", "id": "org9", "name": "x"}""";
        const string byContained = """{"resourceType": "Organization", "id": "org9", "name": "x"}""";
        const string container = """{"resourceType": "Provenance", "id": "prov", "target": [{"reference": "#"}], "recorded": "2026-11-01T00:00:00Z", "agent": [{"who": {"display": "x"}}]}""";

        var refused = Assert.Throws<InvalidEventException>(() => Map(WithContained(ContainedMedication, unreferenced)));

        Assert.Equal("MedicationDispense.contained[1] is not referenced from the resource (dom-3: a contained resource must be referenced by #id)", Assert.Single(refused.Failures));
        var manufactured = ContainedMedication.Replace("\"code\":", "\"manufacturer\": {\"reference\": \"#org9\"}, \"code\":", StringComparison.Ordinal);
        Assert.Single(Map(WithContained(manufactured, byContained)).Changes);
        Assert.Single(Map(WithContained(ContainedMedication, container)).Changes);
    }

    [Theory]
    [InlineData("Device/1", null)]
    [InlineData("Group/1", null)]
    [InlineData("Practitioner/1", "care-team")]
    [InlineData("RelatedPerson/1", "patient")]
    public void An_information_source_must_be_a_type_r4_allows(string reference, string? source)
    {
        var json = Statement("PT-i", "St. John's Wort 300 mg").Replace("\"informationSource\": {\"reference\": \"Patient/PT-i\"}", $"\"informationSource\": {{\"reference\": \"{reference}\"}}", StringComparison.Ordinal);
        Assert.Contains(reference, json, StringComparison.Ordinal);

        if (source is null)
        {
            Assert.Equal("MedicationStatement.informationSource must reference a Patient, Practitioner, PractitionerRole, RelatedPerson or Organization",
                Assert.Single(Assert.Throws<InvalidEventException>(() => Map(json)).Failures));
        }
        else
        {
            Assert.Contains($"\"source\":\"{source}\"", Assert.Single(Map(json).Changes).DetailsJson, StringComparison.Ordinal);
        }
    }

    [Theory]
    // found by an independent edge probe: "#nope" with nothing contained was read as an unknown informant, so a care
    // team's stop sent that way did not end the patient's dispenses, silently
    [InlineData("#nope")]
    [InlineData("urn:uuid:00000000-0000-4000-8000-0000000000ff")]
    public void An_information_source_that_names_nothing_is_refused_not_read_as_unknown(string reference)
    {
        var json = Statement("PT-i", "St. John's Wort 300 mg").Replace("\"informationSource\": {\"reference\": \"Patient/PT-i\"}", $"\"informationSource\": {{\"reference\": \"{reference}\"}}", StringComparison.Ordinal);
        Assert.Contains(reference, json, StringComparison.Ordinal);

        var failure = Assert.Single(Assert.Throws<InvalidEventException>(() => Map(json)).Failures);

        Assert.Equal("MedicationStatement.informationSource.reference must resolve to a contained resource (#id) or an entry of the same Bundle", failure);
        Assert.DoesNotContain(reference, failure, StringComparison.Ordinal);
        // a display alone names no resource: an informant the statement does not type, read as unknown as before
        var display = Statement("PT-i", "St. John's Wort 300 mg").Replace("\"informationSource\": {\"reference\": \"Patient/PT-i\"}", "\"informationSource\": {\"display\": \"the patient's daughter\"}", StringComparison.Ordinal);
        Assert.Single(Map(display).Changes);
    }

    private const string LiteralForm = " (a base URL before it and _history/<version> after it allowed): no query, fragment, trailing slash, empty segment or version, or relative path (../)";

    [Theory]
    // found by an independent edge probe: only subject was held to a literal reference's form and type; each of these
    // was read as the informant it seemed to name
    [InlineData("\"reference\": \"Practitioner/dr-x?active=true\"", "MedicationStatement.informationSource.reference must be a literal reference, Practitioner/<id> (or Patient, PractitionerRole, RelatedPerson, Organization)" + LiteralForm)]
    [InlineData("\"reference\": \"Practitioner/dr-x/\"", "MedicationStatement.informationSource.reference must be a literal reference, Practitioner/<id> (or Patient, PractitionerRole, RelatedPerson, Organization)" + LiteralForm)]
    [InlineData("\"reference\": \"../Practitioner/dr-x\"", "MedicationStatement.informationSource.reference must be a literal reference, Practitioner/<id> (or Patient, PractitionerRole, RelatedPerson, Organization)" + LiteralForm)]
    [InlineData("\"reference\": \"Practitioner//dr-x\"", "MedicationStatement.informationSource.reference must be a literal reference, Practitioner/<id> (or Patient, PractitionerRole, RelatedPerson, Organization)" + LiteralForm)]
    [InlineData("\"reference\": \"Patient/dr-x\", \"type\": \"Practitioner\"", "MedicationStatement.informationSource.type must agree with the resource its reference names (R4: type and reference SHALL agree)")]
    [InlineData("\"reference\": \"Practitioner/dr-x\", \"type\": \"http://hl7.org/fhir/StructureDefinition/Patient\"", "MedicationStatement.informationSource.type must agree with the resource its reference names (R4: type and reference SHALL agree)")]
    [InlineData("\"reference\": \"Practitioner/dr-x\", \"type\": \"Practitioner\"", null)]
    [InlineData("\"reference\": \"https://ehr.example/fhir/Practitioner/dr-x/_history/2\"", null)]
    public void A_malformed_or_mistyped_information_source_is_refused_naming_the_field(string source, string? expected)
    {
        var json = Statement("PT-i", "St. John's Wort 300 mg").Replace("\"informationSource\": {\"reference\": \"Patient/PT-i\"}", "\"informationSource\": {" + source + "}", StringComparison.Ordinal);
        Assert.Contains(source, json, StringComparison.Ordinal);
        if (expected is null)
        {
            Assert.Contains("\"source\":\"care-team\"", Assert.Single(Map(json).Changes).DetailsJson, StringComparison.Ordinal);
            return;
        }

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal(expected, Assert.Single(refused.Failures));
        Assert.DoesNotContain("dr-x", refused.Message, StringComparison.Ordinal);
    }

    private const string RelativeType = ": a relative reference is <type>/<id>, its type an R4 resource type as written (type names are case-sensitive)";

    [Theory]
    // found by an independent edge probe: practitioner/1 (a type in lower case) named no type, and was read as no
    // informant, the others as ids or the display's product
    [InlineData("informant", "practitioner/rx-42", "MedicationStatement.informationSource.reference must be a literal reference, Practitioner/<id> (or Patient, PractitionerRole, RelatedPerson, Organization)" + RelativeType)]
    [InlineData("informant", "rx-42", "MedicationStatement.informationSource.reference must be a literal reference, Practitioner/<id> (or Patient, PractitionerRole, RelatedPerson, Organization)" + RelativeType)]
    [InlineData("informant", "Pract/rx-42/_history/2", "MedicationStatement.informationSource.reference must be a literal reference, Practitioner/<id> (or Patient, PractitionerRole, RelatedPerson, Organization)" + RelativeType)]
    [InlineData("prescription", "medicationrequest/rx-42", "MedicationDispense.authorizingPrescription[0].reference must be a literal reference, MedicationRequest/<id>" + RelativeType)]
    [InlineData("performer", "organization/rx-42", "MedicationDispense.performer[0].actor.reference must be a literal reference, Organization/<id> (or Practitioner, PractitionerRole, Patient, Device, RelatedPerson)" + RelativeType)]
    [InlineData("medication", "medication/rx-42", "MedicationDispense.medication.reference must be a literal reference, Medication/<id>" + RelativeType)]
    public void A_relative_reference_naming_no_r4_type_is_refused_naming_the_field(string field, string reference, string expected)
    {
        var json = field switch
        {
            "informant" => Statement("PT-i", "St. John's Wort 300 mg").Replace("\"informationSource\": {\"reference\": \"Patient/PT-i\"}", $"\"informationSource\": {{\"reference\": \"{reference}\"}}", StringComparison.Ordinal),
            "prescription" => Dispense("PT-p", "Zoloft 50 mg tablet").Replace("\"reference\": \"MedicationRequest/rx-42\"", $"\"reference\": \"{reference}\"", StringComparison.Ordinal),
            "performer" => Dispense("PT-p", "Zoloft 50 mg tablet").Replace("\"reference\": \"Organization/pharmacy-7\"", $"\"reference\": \"{reference}\"", StringComparison.Ordinal),
            _ => Dispense("PT-p", "x").Replace("\"medicationCodeableConcept\": {\n    \n    \"text\": \"x\"\n  }", $"\"medicationReference\": {{\"reference\": \"{reference}\", \"display\": \"Zoloft 50 mg tablet\"}}", StringComparison.Ordinal),
        };
        Assert.Contains(reference, json, StringComparison.Ordinal);

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal(expected, Assert.Single(refused.Failures));
        Assert.DoesNotContain("rx-42", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zoloft", refused.Message, StringComparison.Ordinal);
        // a withdrawal is not refused over it: it withdraws, as before (the product read by the reference's display)
        var withdrawal = field == "informant"
            ? json.Replace("\"status\": \"active\"", "\"status\": \"entered-in-error\"", StringComparison.Ordinal)
            : json.Replace("\"status\": \"completed\"", "\"status\": \"entered-in-error\"", StringComparison.Ordinal);
        Assert.NotEqual(json, withdrawal);
        Assert.True(Assert.Single(Map(withdrawal).Changes).Withdraws);
    }

    [Theory]
    // found by an independent edge probe: each was read by its display as the product, whatever it referenced
    [InlineData("\"reference\": \"Medication/m-x?code=1\", \"display\": \"Zoloft 50 mg tablet\"", "MedicationDispense.medication.reference must be a literal reference, Medication/<id>" + LiteralForm)]
    [InlineData("\"reference\": \"Medication/m-x/\", \"display\": \"Zoloft 50 mg tablet\"", "MedicationDispense.medication.reference must be a literal reference, Medication/<id>" + LiteralForm)]
    [InlineData("\"reference\": \"Patient/m-x\", \"display\": \"Zoloft 50 mg tablet\"", "MedicationDispense.medication.reference must reference a Medication (Medication/<id>, a contained Medication or a Medication entry of the same Bundle)")]
    [InlineData("\"reference\": \"Medication/m-x\", \"type\": \"Substance\", \"display\": \"Zoloft 50 mg tablet\"", "MedicationDispense.medication.type must be Medication when given (R4: medicationReference is a Reference(Medication), and type and reference SHALL agree)")]
    [InlineData("\"type\": \"Patient\", \"display\": \"Zoloft 50 mg tablet\"", "MedicationDispense.medication.type must be Medication when given (R4: medicationReference is a Reference(Medication), and type and reference SHALL agree)")]
    [InlineData("\"reference\": \"Medication/m-x\", \"type\": \"Medication\", \"display\": \"Zoloft 50 mg tablet\"", null)]
    public void A_malformed_or_mistyped_medication_reference_is_refused_naming_the_field(string reference, string? expected)
    {
        var json = Dispense("PT-m", "x").Replace("\"medicationCodeableConcept\": {\n    \n    \"text\": \"x\"\n  }", "\"medicationReference\": {" + reference + "}", StringComparison.Ordinal);
        Assert.Contains("medicationReference", json, StringComparison.Ordinal);
        if (expected is null)
        {
            Assert.Equal("Zoloft 50 mg tablet", Assert.Single(Map(json).Changes).ProductText);
            return;
        }

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal(expected, Assert.Single(refused.Failures));
        Assert.DoesNotContain("m-x", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zoloft", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_medication_reference_resolving_to_another_resource_type_is_refused()
    {
        // a same-Bundle Patient entry, named by its fullUrl: no Medication, whatever the display says
        const string patient = """{"resourceType": "Patient", "id": "PT-b"}""";
        var dispense = Dispense("PT-b", "x").Replace("\"medicationCodeableConcept\": {\n    \n    \"text\": \"x\"\n  }",
            "\"medicationReference\": {\"reference\": \"urn:uuid:00000000-0000-4000-8000-000000000000\", \"display\": \"Zoloft 50 mg tablet\"}", StringComparison.Ordinal);
        Assert.Contains("medicationReference", dispense, StringComparison.Ordinal);

        var refused = Assert.Throws<InvalidEventException>(() => Map(Bundle("collection", patient, dispense)));

        Assert.Equal("Bundle.entry[1].resource.medication.reference must reference a Medication (it resolves to a Patient)", Assert.Single(refused.Failures));
    }

    [Theory]
    // the references read as the prescription and pharmacy ids: a literal reference, of the type R4 allows
    [InlineData("\"authorizingPrescription\": [{\"reference\": \"MedicationRequest/rx-42?x=1\"}]", "MedicationDispense.authorizingPrescription[0].reference must be a literal reference, MedicationRequest/<id>" + LiteralForm)]
    [InlineData("\"authorizingPrescription\": [{\"reference\": \"Patient/rx-42\"}]", "MedicationDispense.authorizingPrescription[0].reference must reference a MedicationRequest (R4: authorizingPrescription is a Reference(MedicationRequest))")]
    [InlineData("\"authorizingPrescription\": [{\"reference\": \"MedicationRequest/rx-42\", \"type\": \"Patient\"}]", "MedicationDispense.authorizingPrescription[0].type must agree with the resource its reference names (R4: type and reference SHALL agree)")]
    [InlineData("\"performer\": [{\"actor\": {\"reference\": \"Organization/rx-42/\"}}]", "MedicationDispense.performer[0].actor.reference must be a literal reference, Organization/<id> (or Practitioner, PractitionerRole, Patient, Device, RelatedPerson)" + LiteralForm)]
    [InlineData("\"performer\": [{\"actor\": {\"reference\": \"Organization/rx-42\", \"type\": \"Practitioner\"}}]", "MedicationDispense.performer[0].actor.type must agree with the resource its reference names (R4: type and reference SHALL agree)")]
    public void A_malformed_or_mistyped_prescription_or_performer_reference_is_refused_naming_the_field(string replacement, string expected)
    {
        var json = DispenseWith(replacement);

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal(expected, Assert.Single(refused.Failures));
        Assert.DoesNotContain("rx-42", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A dispense whose performer or authorizingPrescription array is <paramref name="replacement"/>.</summary>
    private static string DispenseWith(string replacement)
    {
        var json = Dispense("PT-p", "Zoloft 50 mg tablet");
        json = replacement.StartsWith("\"performer\"", StringComparison.Ordinal)
            ? json.Replace("\"performer\": [{\"actor\": {\"reference\": \"Organization/pharmacy-7\"}}]", replacement, StringComparison.Ordinal)
            : json.Replace("\"authorizingPrescription\": [{\"reference\": \"MedicationRequest/rx-42\"}]", replacement, StringComparison.Ordinal);
        Assert.Contains(replacement, json, StringComparison.Ordinal);
        return json;
    }

    [Theory]
    // found by an independent edge probe: a local reference that named nothing was kept as the pharmacy or prescription
    // id (#none, urn:uuid:…), or read by its display as the product, while informationSource refused the same reference
    [InlineData("\"performer\": [{\"actor\": {\"reference\": \"#none\"}}]", false, "MedicationDispense.performer[0].actor.reference must resolve to a contained resource (#id) or an entry of the same Bundle")]
    [InlineData("\"performer\": [{\"actor\": {\"reference\": \"urn:uuid:00000000-0000-4000-8000-0000000000ff\"}}]", false, "MedicationDispense.performer[0].actor.reference must resolve to a contained resource (#id) or an entry of the same Bundle")]
    [InlineData("\"performer\": [{\"actor\": {\"reference\": \"urn:oid:1.2.3.4\"}}]", true, "Bundle.entry[0].resource.performer[0].actor.reference must resolve to a contained resource (#id) or an entry of the same Bundle")]
    [InlineData("\"authorizingPrescription\": [{\"reference\": \"#none\"}]", false, "MedicationDispense.authorizingPrescription[0].reference must resolve to a contained resource (#id) or an entry of the same Bundle")]
    [InlineData("\"authorizingPrescription\": [{\"reference\": \"urn:uuid:00000000-0000-4000-8000-0000000000ff\"}]", true, "Bundle.entry[0].resource.authorizingPrescription[0].reference must resolve to a contained resource (#id) or an entry of the same Bundle")]
    [InlineData("\"medicationReference\": {\"reference\": \"#nope\", \"display\": \"Zoloft 50 mg tablet\"}", false, "MedicationDispense.medication.reference must resolve to a contained resource (#id) or an entry of the same Bundle")]
    [InlineData("\"medicationReference\": {\"reference\": \"urn:uuid:00000000-0000-4000-8000-0000000000ff\", \"display\": \"Zoloft 50 mg tablet\"}", true, "Bundle.entry[0].resource.medication.reference must resolve to a contained resource (#id) or an entry of the same Bundle")]
    public void A_local_reference_that_names_nothing_is_refused_in_every_element_read(string replacement, bool inBundle, string expected)
    {
        var json = Dispense("PT-l", "Zoloft 50 mg tablet");
        json = replacement.StartsWith("\"performer\"", StringComparison.Ordinal)
            ? json.Replace("\"performer\": [{\"actor\": {\"reference\": \"Organization/pharmacy-7\"}}]", replacement, StringComparison.Ordinal)
            : replacement.StartsWith("\"authorizingPrescription\"", StringComparison.Ordinal)
                ? json.Replace("\"authorizingPrescription\": [{\"reference\": \"MedicationRequest/rx-42\"}]", replacement, StringComparison.Ordinal)
                : json.Replace("\"medicationCodeableConcept\": {\n    \n    \"text\": \"Zoloft 50 mg tablet\"\n  }", replacement, StringComparison.Ordinal);
        Assert.Contains(replacement, json, StringComparison.Ordinal);
        var message = inBundle ? Bundle("collection", json) : json;

        var refused = Assert.Throws<InvalidEventException>(() => Map(message));

        Assert.Equal(expected, Assert.Single(refused.Failures));
        Assert.DoesNotContain("none", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("0000000000ff", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zoloft", refused.Message, StringComparison.Ordinal);
        // a withdrawal is not refused over it: it withdraws without the id, the product read by the display as before
        var withdrawal = message.Replace("\"status\": \"completed\"", "\"status\": \"entered-in-error\"", StringComparison.Ordinal);
        var change = Assert.Single(Map(withdrawal).Changes);
        Assert.True(change.Withdraws);
        Assert.DoesNotContain("#none", change.DetailsJson ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("urn:", change.DetailsJson ?? string.Empty, StringComparison.Ordinal);
    }

    [Theory]
    // found by an independent edge probe: a contained Organization was stored as pharmacyId "#o1", an id that names it
    // inside this resource only, yet travels into alerts' involves[]; its business identifier is stored, else nothing
    [InlineData(""", "identifier": [{"system": "urn:pharmacies", "value": "PH-3"}]""", "\"pharmacyId\":\"PH-3\"")]
    [InlineData(""", "identifier": [{"value": "PH-2"}, {"use": "official", "value": "PH-3"}]""", "\"pharmacyId\":\"PH-3\"")]
    [InlineData("", null)]
    public void A_contained_pharmacy_or_prescription_is_stored_by_its_business_identifier_or_not_at_all(string identifier, string? expected)
    {
        var json = Dispense("PT-c", "Zoloft 50 mg tablet")
            .Replace("\"performer\": [{\"actor\": {\"reference\": \"Organization/pharmacy-7\"}}]",
                "\"contained\": [{\"resourceType\": \"Organization\", \"id\": \"o1\"" + identifier + "}, {\"resourceType\": \"MedicationRequest\", \"id\": \"r1\", \"status\": \"active\", \"intent\": \"order\", "
                + "\"medicationCodeableConcept\": {\"text\": \"x\"}, \"subject\": {\"reference\": \"Patient/PT-c\"}" + identifier.Replace("PH-", "RX-", StringComparison.Ordinal) + "}], "
                + "\"performer\": [{\"actor\": {\"reference\": \"#o1\"}}]", StringComparison.Ordinal)
            .Replace("\"reference\": \"MedicationRequest/rx-42\"", "\"reference\": \"#r1\"", StringComparison.Ordinal);
        Assert.Contains("#r1", json, StringComparison.Ordinal);

        var details = Assert.Single(Map(json).Changes).DetailsJson ?? string.Empty;

        Assert.DoesNotContain("#o1", details, StringComparison.Ordinal);
        Assert.DoesNotContain("#r1", details, StringComparison.Ordinal);
        if (expected is null)
        {
            Assert.DoesNotContain("pharmacyId", details, StringComparison.Ordinal);
            Assert.DoesNotContain("prescriptionId", details, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(expected, details, StringComparison.Ordinal);
            Assert.Contains(expected.Replace("PH-", "RX-", StringComparison.Ordinal).Replace("pharmacyId", "prescriptionId", StringComparison.Ordinal), details, StringComparison.Ordinal);
        }

        // a urn: naming a Bundle entry is as local: the entry's identifier, else nothing
        var entry = Dispense("PT-c", "Zoloft 50 mg tablet").Replace("\"reference\": \"Organization/pharmacy-7\"", "\"reference\": \"urn:uuid:00000000-0000-4000-8000-000000000000\"", StringComparison.Ordinal);
        var bundled = Assert.Single(Map(Bundle("collection", "{\"resourceType\": \"Organization\", \"id\": \"o1\"" + identifier + "}", entry)).Changes).DetailsJson ?? string.Empty;
        Assert.DoesNotContain("urn:uuid", bundled, StringComparison.Ordinal);
        Assert.Equal(expected is not null, bundled.Contains(expected ?? "pharmacyId", StringComparison.Ordinal));
    }

    [Theory]
    // found by an independent edge probe: only authorizingPrescription[0] was looked at, so a Patient in [1] was accepted,
    // and an identifier-only prescription typed Patient too (its type was compared with a reference it did not have)
    [InlineData("\"authorizingPrescription\": [{\"reference\": \"MedicationRequest/rx-42\"}, {\"reference\": \"Patient/rx-42\"}]", "MedicationDispense.authorizingPrescription[1].reference must reference a MedicationRequest (R4: authorizingPrescription is a Reference(MedicationRequest))")]
    [InlineData("\"authorizingPrescription\": [{\"reference\": \"MedicationRequest/rx-42\"}, {\"reference\": \"#rx-42\"}]", "MedicationDispense.authorizingPrescription[1].reference must resolve to a contained resource (#id) or an entry of the same Bundle")]
    [InlineData("\"authorizingPrescription\": [{\"identifier\": {\"value\": \"rx-42\"}, \"type\": \"Patient\"}]", "MedicationDispense.authorizingPrescription[0].type must be MedicationRequest when given (R4: authorizingPrescription is a Reference(MedicationRequest), and type and reference SHALL agree)")]
    [InlineData("\"authorizingPrescription\": [{\"reference\": \"https://ehr.example/Prescriptions/rx-42\", \"type\": \"http://hl7.org/fhir/StructureDefinition/Patient\"}]", "MedicationDispense.authorizingPrescription[0].type must be MedicationRequest when given (R4: authorizingPrescription is a Reference(MedicationRequest), and type and reference SHALL agree)")]
    [InlineData("\"performer\": [{\"actor\": {\"reference\": \"Organization/pharmacy-7\"}}, {\"actor\": {\"reference\": \"#rx-42\"}}]", "MedicationDispense.performer[1].actor.reference must resolve to a contained resource (#id) or an entry of the same Bundle")]
    [InlineData("\"performer\": [{\"actor\": {\"reference\": \"Organization/pharmacy-7\"}}, {\"actor\": {\"reference\": \"Organization/rx-42\", \"type\": \"Device\"}}]", "MedicationDispense.performer[1].actor.type must agree with the resource its reference names (R4: type and reference SHALL agree)")]
    public void Every_prescription_and_performer_reference_is_checked_not_only_the_first(string replacement, string expected)
    {
        var json = DispenseWith(replacement);

        var refused = Assert.Throws<InvalidEventException>(() => Map(json));

        Assert.Equal(expected, Assert.Single(refused.Failures));
        Assert.DoesNotContain("rx-42", refused.Message, StringComparison.Ordinal);
        Assert.True(Assert.Single(Map(json.Replace("\"status\": \"completed\"", "\"status\": \"cancelled\"", StringComparison.Ordinal)).Changes).Withdraws);
    }

    [Fact]
    public void The_first_prescription_is_read_when_every_one_is_well_formed()
    {
        var json = Dispense("PT-p", "Zoloft 50 mg tablet").Replace("\"authorizingPrescription\": [{\"reference\": \"MedicationRequest/rx-42\"}]",
            "\"authorizingPrescription\": [{\"identifier\": {\"value\": \"RX-1\"}, \"type\": \"MedicationRequest\"}, {\"reference\": \"MedicationRequest/rx-43\"}]", StringComparison.Ordinal);
        Assert.Contains("rx-43", json, StringComparison.Ordinal);

        Assert.Contains("\"prescriptionId\":\"RX-1\"", Assert.Single(Map(json).Changes).DetailsJson, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by a review: a withdrawal refused over a reference it only carries (the pharmacy, the prescription, the
    /// informant), which a feed may have sent that way before these were checked, left the dispense or statement counted.
    /// </summary>
    [Theory]
    [InlineData("entered-in-error", "\"performer\": [{\"actor\": {\"reference\": \"Organization/rx-42/\"}}]")]
    [InlineData("cancelled", "\"authorizingPrescription\": [{\"reference\": \"Patient/rx-42\"}]")]
    [InlineData("declined", "\"authorizingPrescription\": [{\"reference\": \"MedicationRequest/rx-42?x=1\"}]")]
    public void A_withdrawal_is_not_refused_over_a_malformed_pharmacy_or_prescription_reference(string status, string replacement)
    {
        var json = Dispense("PT-p", "Zoloft 50 mg tablet", status: status);
        json = replacement.StartsWith("\"performer\"", StringComparison.Ordinal)
            ? json.Replace("\"performer\": [{\"actor\": {\"reference\": \"Organization/pharmacy-7\"}}]", replacement, StringComparison.Ordinal)
            : json.Replace("\"authorizingPrescription\": [{\"reference\": \"MedicationRequest/rx-42\"}]", replacement, StringComparison.Ordinal);
        Assert.Contains(replacement, json, StringComparison.Ordinal);

        var change = Assert.Single(Map(json).Changes);

        Assert.True(change.Withdraws);
        // read without the id it could not read
        Assert.DoesNotContain(replacement.StartsWith("\"performer\"", StringComparison.Ordinal) ? "pharmacyId" : "prescriptionId", change.DetailsJson ?? string.Empty, StringComparison.Ordinal);
        // the same reference in a dispense that is not withdrawn is still refused
        Assert.Throws<InvalidEventException>(() => Map(json.Replace($"\"status\": \"{status}\"", "\"status\": \"completed\"", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Practitioner/x/")]
    [InlineData("Device/1")] // no informant type (found by a second review)
    [InlineData("#nope")] // names nothing contained
    public void A_statement_entered_in_error_is_not_refused_over_a_malformed_informant(string reference)
    {
        var json = Statement("PT-i", "St. John's Wort 300 mg", status: "entered-in-error")
            .Replace("\"informationSource\": {\"reference\": \"Patient/PT-i\"}", $"\"informationSource\": {{\"reference\": \"{reference}\"}}", StringComparison.Ordinal);
        Assert.Contains(reference, json, StringComparison.Ordinal);

        Assert.True(Assert.Single(Map(json).Changes).Withdraws);
        Assert.Throws<InvalidEventException>(() => Map(json.Replace("\"status\": \"entered-in-error\"", "\"status\": \"active\"", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Found by a review: R4 allows an absolute URL that does not follow [base]/[type]/[id]; its next-to-last segment was
    /// read as a resource type and the reference refused as naming another type than the one required.
    /// </summary>
    [Fact]
    public void An_absolute_reference_that_is_no_restful_url_names_no_type()
    {
        var dispense = System.Text.RegularExpressions.Regex.Replace(Dispense("PT-u", "Zoloft 50 mg tablet"), "\"medicationCodeableConcept\": \\{[^}]*\\}",
                "\"medicationReference\": {\"reference\": \"https://formulary.example/Drugs/1\", \"display\": \"Zoloft 50 mg tablet\"}")
            .Replace("\"reference\": \"Organization/pharmacy-7\"", "\"reference\": \"https://pharmacy.example/Stores/7\"", StringComparison.Ordinal)
            .Replace("\"reference\": \"MedicationRequest/rx-42\"", "\"reference\": \"https://ehr.example/Prescriptions/42\"", StringComparison.Ordinal);
        Assert.Contains("Drugs/1", dispense, StringComparison.Ordinal);

        var change = Assert.Single(Map(dispense).Changes);

        Assert.Equal("Zoloft 50 mg tablet", change.ProductText);
        Assert.Contains("https://ehr.example/Prescriptions/42", change.DetailsJson, StringComparison.Ordinal);

        var statement = Statement("PT-u", "St. John's Wort 300 mg").Replace("\"informationSource\": {\"reference\": \"Patient/PT-u\"}",
            "\"informationSource\": {\"reference\": \"https://ehr.example/Staff/9\", \"type\": \"Practitioner\"}", StringComparison.Ordinal);
        Assert.Contains("Staff/9", statement, StringComparison.Ordinal);
        Assert.Contains("\"source\":\"care-team\"", Assert.Single(Map(statement).Changes).DetailsJson, StringComparison.Ordinal);

        // a RESTful one still names its type
        Assert.Throws<InvalidEventException>(() => Map(dispense.Replace("https://ehr.example/Prescriptions/42", "https://ehr.example/fhir/Patient/42", StringComparison.Ordinal)));
    }

    /// <summary>Found by a review: a DELETE entry (no resource) between two versions under one fullUrl threw a NullReferenceException.</summary>
    [Fact]
    public void A_history_bundle_with_a_delete_between_versions_is_read_without_a_crash()
    {
        var v1 = Statement("PT-hd", "St. John's Wort 300 mg").Replace("\"id\": \"ms-MS-1\",", "\"id\": \"ms-MS-1\", \"meta\": {\"versionId\": \"1\"},", StringComparison.Ordinal);
        var v3 = Statement("PT-hd", "St. John's Wort 300 mg").Replace("\"id\": \"ms-MS-1\",", "\"id\": \"ms-MS-1\", \"meta\": {\"versionId\": \"3\"},", StringComparison.Ordinal);
        Assert.Contains("\"versionId\": \"3\"", v3, StringComparison.Ordinal);
        const string Url = "https://ehr.example/fhir/MedicationStatement/ms-MS-1";
        var bundle = "{\"resourceType\": \"Bundle\", \"type\": \"history\", \"entry\": ["
            + "{\"fullUrl\": \"" + Url + "\", \"resource\": " + v1 + ", \"request\": {\"method\": \"PUT\", \"url\": \"MedicationStatement/ms-MS-1\"}, \"response\": {\"status\": \"200\"}},"
            + "{\"fullUrl\": \"" + Url + "\", \"request\": {\"method\": \"DELETE\", \"url\": \"MedicationStatement/ms-MS-1\"}, \"response\": {\"status\": \"204\"}},"
            + "{\"fullUrl\": \"" + Url + "\", \"resource\": " + v3 + ", \"request\": {\"method\": \"PUT\", \"url\": \"MedicationStatement/ms-MS-1\"}, \"response\": {\"status\": \"200\"}}]}";

        var exception = Record.Exception(() => Map(bundle));

        Assert.True(exception is null or InvalidEventException, exception?.ToString());
    }

    [Fact]
    public void The_derived_event_id_is_the_same_for_a_redelivery_and_new_for_a_correction()
    {
        var json = Dispense("PT-i", "Zoloft 50 mg tablet");
        var once = Assert.Single(Map(json).Changes).EventId;

        Assert.Equal(once, Assert.Single(Map(json).Changes).EventId);
        Assert.Equal(once, Assert.Single(Map(json.Replace("\n", " ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal)).Changes).EventId);
        Assert.Equal(once, Assert.Single(Map(Bundle("collection", json)).Changes).EventId);
        Assert.NotEqual(once, Assert.Single(Map(Dispense("PT-i", "Zoloft 50 mg tablet", daysSupply: 60)).Changes).EventId);
        Assert.Equal(5, (Assert.Single(Map(json).Changes).EventId.ToByteArray(bigEndian: true)[6] >> 4));
    }

    [Fact]
    public void With_a_server_version_the_event_id_is_that_version()
    {
        var v1 = Assert.Single(Map(Dispense("PT-i", "Zoloft 50 mg tablet", versionId: "1")).Changes).EventId;

        Assert.Equal(v1, Assert.Single(Map(Dispense("PT-i", "Zoloft 50 mg tablet", versionId: "1", daysSupply: 31)).Changes).EventId);
        Assert.NotEqual(v1, Assert.Single(Map(Dispense("PT-i", "Zoloft 50 mg tablet", versionId: "2")).Changes).EventId);
    }

    [Fact]
    public void Uuid_version5_matches_the_rfc_example()
    {
        // RFC 9562 appendix A.4: the DNS namespace and "www.example.com"
        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"),
            FhirEventId.Version5(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"));
    }
}
