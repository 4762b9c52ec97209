using System.Text;
using BenchmarkDotNet.Attributes;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Benchmarks;

/// <summary>
/// The edge's contract check of one native event body as the broker delivers it (bytes, UTF-8 check, parse, every
/// field's shape): what each consumed message costs before MassTransit deserialises it (issue #14).
/// </summary>
[MemoryDiagnoser]
public class EdgeBenchmarks
{
    private static readonly byte[] Dispense = Encoding.UTF8.GetBytes(
        """{"type": "medication-dispensed", "eventId": "d66efdf2-3b79-5c9e-9c2f-8462b4c21a54", "patientId": "PT-20417", "dispenseId": "D-a-zoloft-0", "dispensedAt": "2026-06-02T10:15:00-05:00", "medication": {"text": "Zoloft 50 mg tablet", "rxnorm": "312940"}, "daysSupply": 30, "pharmacyId": "PH-0042", "prescriptionId": "RX-88120", "quantity": 30, "dosageText": "1 tablet daily"}""");

    private static readonly byte[] Supplement = Encoding.UTF8.GetBytes(
        """{"type": "supplement-reported", "eventId": "b0d7fd37-fc73-5a76-b60d-dd9e24f17e85", "patientId": "PT-20417", "statementId": "S-a-sjw", "reportedAt": "2026-10-20T14:15:00-05:00", "supplement": {"text": "St. John's Wort 300 mg capsule"}, "source": "patient", "startedOn": "2026-10-15"}""");

    private ContractDeserializer _dispensed = null!;
    private ContractDeserializer _supplement = null!;

    [GlobalSetup]
    public void Setup()
    {
        var contentType = new System.Net.Mime.ContentType(ContractDeserializer.JsonMediaType);
        _dispensed = new ContractDeserializer(contentType, EventContract.DispensedType, MassTransit.MessageUrn.ForTypeString<RegimenMonitor.Contracts.MedicationDispensed>(), TimeProvider.System, TimeSpan.FromDays(1));
        _supplement = new ContractDeserializer(contentType, EventContract.SupplementType, MassTransit.MessageUrn.ForTypeString<RegimenMonitor.Contracts.SupplementReported>(), TimeProvider.System, TimeSpan.FromDays(1));
    }

    [Benchmark(Baseline = true)]
    public int CheckDispense()
    {
        _dispensed.Check(Dispense, envelope: false);
        return Dispense.Length;
    }

    [Benchmark]
    public int CheckSupplement()
    {
        _supplement.Check(Supplement, envelope: false);
        return Supplement.Length;
    }
}
