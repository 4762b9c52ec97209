namespace RegimenMonitor.Contracts;

/// <summary>
/// A pharmacy dispensed a medication, or corrected an earlier dispense (exchange
/// <c>pharmacy.medication-dispensed</c>, fanout). Wire contract v1: JSON, camelCase. A later event with the same
/// <see cref="DispenseId"/> replaces the earlier one; a withdrawing <see cref="Status"/> removes it.
/// </summary>
public sealed record MedicationDispensed
{
    /// <summary>Exchange the event is published to.</summary>
    public const string ExchangeName = "pharmacy.medication-dispensed";

    /// <summary>Idempotency key (UUID). Required.</summary>
    public Guid EventId { get; init; }

    /// <summary>Opaque patient reference from the publisher, 1–64 characters. Required; never logged or traced.</summary>
    public string? PatientId { get; init; }

    /// <summary>The pharmacy's id for this dispense; defaults to <see cref="EventId"/>.</summary>
    public string? DispenseId { get; init; }

    /// <summary>
    /// FHIR MedicationDispense status: <c>completed</c> (default); <c>entered-in-error</c>, <c>cancelled</c> and
    /// <c>declined</c> withdraw the dispense.
    /// </summary>
    public string? Status { get; init; }

    /// <summary>When the medication was handed over (FHIR whenHandedOver); RFC 3339 with offset. Required.</summary>
    public DateTimeOffset DispensedAt { get; init; }

    /// <summary>The medication; its text is required.</summary>
    public MedicationProduct? Medication { get; init; }

    /// <summary>
    /// Whole days of supply, 1–400; when absent a configured default applies and is marked as assumed. Any JSON number
    /// with a whole value is read (<c>30</c>, <c>30.0</c>); a fraction is not.
    /// </summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(WholeDaysConverter))]
    public int? DaysSupply { get; init; }

    /// <summary>Quantity dispensed, carried for the explanation.</summary>
    public decimal? Quantity { get; init; }

    /// <summary>Dosage instructions as text, carried for the explanation.</summary>
    public string? DosageText { get; init; }

    /// <summary>The dispensing pharmacy's id.</summary>
    public string? PharmacyId { get; init; }

    /// <summary>The prescription's id.</summary>
    public string? PrescriptionId { get; init; }
}
