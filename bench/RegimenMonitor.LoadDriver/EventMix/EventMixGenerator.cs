using System.Text.Json;
using RegimenMonitor.Contracts;

namespace RegimenMonitor.LoadDriver.EventMix;

/// <summary>
/// Generates a realistic feed: each patient gets a scenario (quiet, quiet on an antidepressant, or one alerting pair)
/// and a timeline of first dispenses, refills, reversals, supplement statements and their updates over the last two
/// months; the patients' timelines are merged in time order, as a pharmacy network's feed would arrive. Deterministic
/// for a seed. Events are spread as evenly as possible: every patient gets <c>Events / Patients</c> events (±1).
/// </summary>
internal static class EventMixGenerator
{
    private static readonly TimeSpan[] Offsets = [TimeSpan.FromHours(-5), TimeSpan.FromHours(-6), TimeSpan.Zero, TimeSpan.FromHours(1)];

    public static IReadOnlyList<LoadEvent> Generate(EventMixSettings settings) => GenerateWithHistory(settings).Measured;

    /// <summary>
    /// The feed and, for the long-history mix, the older part of the same patients' timelines (<see
    /// cref="EventMixSettings.HistoryPerPatient"/> events each), to be written before the measured events; each merged in
    /// time order. Other mixes have no history.
    /// </summary>
    public static (IReadOnlyList<LoadEvent> History, IReadOnlyList<LoadEvent> Measured) GenerateWithHistory(EventMixSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Events);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Patients, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.HistoryPerPatient);
        var random = new Random(settings.Seed);
        var products = ProductSet.For(settings.Mix);
        var historyPerPatient = settings.Mix == LoadMix.LongHistory ? settings.HistoryPerPatient : 0;
        var patients = Math.Min(settings.Patients, Math.Max(settings.Events, 1));
        var all = new List<(LoadEvent Event, int Patient, int Sequence)>(settings.Events);
        var history = new List<(LoadEvent Event, int Patient, int Sequence)>(historyPerPatient * patients);
        for (var p = 0; p < patients; p++)
        {
            var count = settings.Events / patients + (p < settings.Events % patients ? 1 : 0);
            var patientId = $"{settings.PatientPrefix}-{p + 1:D6}";
            var timeline = new PatientTimeline(patientId, settings.AsOf, Offsets[p % Offsets.Length], random, products);
            if (settings.Mix == LoadMix.LongHistory)
            {
                timeline.AddTherapyHistory(LongHistoryMedications(random), historyPerPatient + count);
            }
            else
            {
                var roll = random.NextDouble();
                if (roll < settings.AlertingShare)
                {
                    timeline.AddAlertingPair(products.AlertingPairs[random.Next(products.AlertingPairs.Count)], count);
                }
                else if (roll < settings.AlertingShare + settings.SsriShare)
                {
                    timeline.AddFirstDispense(products.Ssris[random.Next(products.Ssris.Count)]);
                }

                while (timeline.Events.Count < count)
                {
                    timeline.AddFiller();
                }
            }

            var sequence = 0;
            foreach (var e in timeline.Events.OrderBy(e => e.OccurredAt))
            {
                (sequence < historyPerPatient ? history : all).Add((e, p, sequence));
                sequence++;
            }
        }

        return (Merge(history), Merge(all));
    }

    /// <summary>Eight of the chronic medications, a different choice per patient.</summary>
    public const int LongHistoryMedicationCount = 8;

    private static IReadOnlyList<LoadEvent> Merge(List<(LoadEvent Event, int Patient, int Sequence)> events) =>
        [.. events.OrderBy(x => x.Event.OccurredAt).ThenBy(x => x.Patient).ThenBy(x => x.Sequence).Select(x => x.Event)];

    private static List<string> LongHistoryMedications(Random random)
    {
        var all = Products.QuietMedications.ToArray();
        random.Shuffle(all);
        return [.. all.Take(LongHistoryMedicationCount)];
    }

    /// <summary>Counts per category, for the report.</summary>
    public static IReadOnlyDictionary<string, int> Mix(IEnumerable<LoadEvent> events) =>
        events.GroupBy(e => e.Category).OrderBy(g => g.Key).ToDictionary(g => JsonNamingPolicy.KebabCaseLower.ConvertName(g.Key.ToString()), g => g.Count());

    /// <summary>One patient's events, built forwards from a few state rules so every event is plausible.</summary>
    private sealed class PatientTimeline(string patientId, DateTimeOffset asOf, TimeSpan offset, Random random, ProductSet products)
    {
        private readonly List<Medication> _medications = [];
        private readonly List<Statement> _statements = [];
        private readonly HashSet<string> _protectedKeys = new(StringComparer.Ordinal);
        private readonly string _pharmacyId = $"PH-{random.Next(400):D4}";
        private int _keys;

        public List<LoadEvent> Events { get; } = [];

        public void AddAlertingPair(AlertingPair pair, int budget)
        {
            // on hand for 8-20 days (covered by a 30-day supply or an open statement), completed in the last 3 days
            var onHandAt = asOf - TimeSpan.FromHours(random.Next(8 * 24, 20 * 24));
            _protectedKeys.Add(Add(pair.OnHand, onHandAt, completesAlert: false));
            if (budget >= 2)
            {
                var completingAt = asOf - TimeSpan.FromMinutes(random.Next(60, 72 * 60));
                _protectedKeys.Add(Add(pair.Completing, completingAt, completesAlert: true));
            }
        }

        public void AddFirstDispense(string product)
        {
            var first = asOf - TimeSpan.FromHours(random.Next(35 * 24, 62 * 24));
            var medication = new Medication(product, 30, first);
            _medications.Add(medication);
            Events.Add(Dispense(NextKey("D"), product, first, 30, EventCategory.Dispense, completesAlert: false));
            medication.LastDispensedAt = first;
        }

        /// <summary>
        /// Years of therapy ending now: <paramref name="count"/> events, the medications refilled in turn every
        /// 30 / n days so each is dispensed monthly (30 days' supply, continuous therapy), and about 3 % of the events
        /// reversing an earlier dispense (which also leaves a gap in that medication's therapy).
        /// </summary>
        public void AddTherapyHistory(List<string> medications, int count)
        {
            var slot = TimeSpan.FromDays(30.0 / medications.Count);
            var jitterHours = (int)Math.Min(12, slot.TotalHours / 4);
            var start = asOf - (slot * count) - TimeSpan.FromDays(1);
            for (var k = 0; k < count; k++)
            {
                var at = start + (slot * k) + TimeSpan.FromHours(random.Next(-jitterHours, jitterHours + 1));
                var reversible = k > medications.Count && random.Next(100) < 3
                    ? Events.Where(e => e.Status == "completed" && !Events.Any(r => r.ItemKey == e.ItemKey && r.Status == "entered-in-error")).ToList()
                    : [];
                if (reversible.Count > 0)
                {
                    var original = reversible[random.Next(reversible.Count)];
                    Events.Add(Dispense(original.ItemKey, original.ProductText, original.EffectiveAt, original.DaysSupply, EventCategory.Reversal,
                        completesAlert: false, status: "entered-in-error", occurredAt: at));
                    continue;
                }

                var product = medications[k % medications.Count];
                Events.Add(Dispense(NextKey("D"), product, at, 30, k < medications.Count ? EventCategory.Dispense : EventCategory.Refill, completesAlert: false));
            }
        }

        public void AddFiller()
        {
            for (var attempt = 0; attempt < 8; attempt++)
            {
                var roll = random.Next(100);
                var done = roll switch
                {
                    < 30 => TryNewMedication(),
                    < 55 => TryRefill(),
                    < 72 => TryNewSupplement(),
                    < 80 => TryReversal(),
                    _ => TryUpdateStatement(),
                };
                if (done)
                {
                    return;
                }
            }

            // always possible: one more supplement statement (a product may be reported twice under two ids)
            AddStatement(products.QuietSupplements[random.Next(products.QuietSupplements.Count)]);
        }

        private string Add(AlertingProduct product, DateTimeOffset at, bool completesAlert)
        {
            if (product.IsSupplement)
            {
                var key = NextKey("S");
                _statements.Add(new Statement(key, product.Text, DateOnly.FromDateTime(at.UtcDateTime)) { LastReportedAt = at });
                Events.Add(Supplement(key, product.Text, at, "active", DateOnly.FromDateTime(at.UtcDateTime), null, EventCategory.Supplement, completesAlert));
                return key;
            }

            var dispenseKey = NextKey("D");
            Events.Add(Dispense(dispenseKey, product.Text, at, product.DaysSupply, EventCategory.Dispense, completesAlert));
            return dispenseKey;
        }

        private bool TryNewMedication()
        {
            if (_medications.Count >= 3)
            {
                return false;
            }

            var product = products.QuietMedications[random.Next(products.QuietMedications.Count)];
            if (_medications.Any(m => m.Product == product))
            {
                return false;
            }

            AddFirstDispense(product);
            return true;
        }

        private bool TryRefill()
        {
            var due = _medications.Where(m => m.LastDispensedAt + TimeSpan.FromDays(m.DaysSupply) < asOf - TimeSpan.FromHours(1)).ToList();
            if (due.Count == 0)
            {
                return false;
            }

            var medication = due[random.Next(due.Count)];
            // refilled a day or two early or late, never in the future
            var at = medication.LastDispensedAt + TimeSpan.FromDays(medication.DaysSupply) + TimeSpan.FromHours(random.Next(-36, 36));
            at = Min(at, asOf - TimeSpan.FromMinutes(30));
            medication.LastDispensedAt = at;
            Events.Add(Dispense(NextKey("D"), medication.Product, at, medication.DaysSupply, EventCategory.Refill, completesAlert: false));
            return true;
        }

        private bool TryNewSupplement()
        {
            if (_statements.Count >= 3)
            {
                return false;
            }

            var product = products.QuietSupplements[random.Next(products.QuietSupplements.Count)];
            if (_statements.Any(s => s.Product == product))
            {
                return false;
            }

            AddStatement(product);
            return true;
        }

        private void AddStatement(string product)
        {
            var at = asOf - TimeSpan.FromHours(random.Next(2 * 24, 50 * 24));
            var startedOn = DateOnly.FromDateTime(at.UtcDateTime).AddDays(-random.Next(0, 60));
            var key = NextKey("S");
            _statements.Add(new Statement(key, product, startedOn) { LastReportedAt = at });
            Events.Add(Supplement(key, product, at, "active", startedOn, null, EventCategory.Supplement, completesAlert: false));
        }

        private bool TryReversal()
        {
            var candidates = Events.Where(e => e.IsMedication && e.Status == "completed" && !_protectedKeys.Contains(e.ItemKey)
                && !Events.Any(r => r.ItemKey == e.ItemKey && r.Status == "entered-in-error")).ToList();
            if (candidates.Count == 0)
            {
                return false;
            }

            var original = candidates[random.Next(candidates.Count)];
            // the pharmacy withdraws the dispense as it was (same id and dispensedAt) some hours later
            var occurred = Min(original.OccurredAt + TimeSpan.FromHours(random.Next(1, 48)), asOf - TimeSpan.FromMinutes(5));
            Events.Add(Dispense(original.ItemKey, original.ProductText, original.EffectiveAt, original.DaysSupply, EventCategory.Reversal,
                completesAlert: false, status: "entered-in-error", occurredAt: Max(occurred, original.OccurredAt + TimeSpan.FromMinutes(1))));
            return true;
        }

        private bool TryUpdateStatement()
        {
            var open = _statements.Where(s => !s.Stopped && !_protectedKeys.Contains(s.Key)).ToList();
            if (open.Count == 0)
            {
                return false;
            }

            var statement = open[random.Next(open.Count)];
            var at = statement.LastReportedAt + TimeSpan.FromHours(random.Next(1, 240));
            at = Min(at, asOf - TimeSpan.FromMinutes(10));
            if (at <= statement.LastReportedAt)
            {
                return false;
            }

            statement.LastReportedAt = at;
            var stop = random.Next(3) == 0;
            statement.Stopped = stop;
            Events.Add(Supplement(statement.Key, statement.Product, at, stop ? "stopped" : "active", statement.StartedOn,
                stop ? DateOnly.FromDateTime(at.UtcDateTime) : null, EventCategory.SupplementUpdate, completesAlert: false));
            return true;
        }

        private string NextKey(string prefix) => $"{prefix}-{patientId}-{++_keys}";

        private LoadEvent Dispense(string dispenseId, string product, DateTimeOffset at, int? daysSupply, EventCategory category,
            bool completesAlert, string status = "completed", DateTimeOffset? occurredAt = null)
        {
            var eventId = NewGuid();
            var dispensedAt = at.ToOffset(offset);
            var body = Json(w =>
            {
                w.WriteString("eventId", eventId);
                w.WriteString("patientId", patientId);
                w.WriteString("dispenseId", dispenseId);
                w.WriteString("status", status);
                w.WriteString("dispensedAt", dispensedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteStartObject("medication");
                w.WriteString("text", product);
                w.WriteEndObject();
                if (daysSupply is { } days)
                {
                    w.WriteNumber("daysSupply", days);
                    w.WriteNumber("quantity", days);
                }

                w.WriteString("dosageText", "1 tablet by mouth daily");
                w.WriteString("pharmacyId", _pharmacyId);
                w.WriteString("prescriptionId", $"RX-{dispenseId}");
            });
            return new LoadEvent
            {
                EventId = eventId,
                PatientId = patientId,
                Exchange = MedicationDispensed.ExchangeName,
                Category = category,
                IsMedication = true,
                ItemKey = dispenseId,
                ProductText = product,
                Status = status,
                EffectiveAt = dispensedAt,
                DaysSupply = daysSupply,
                OccurredAt = occurredAt ?? at,
                CompletesAlert = completesAlert,
                Body = body,
            };
        }

        private LoadEvent Supplement(string statementId, string product, DateTimeOffset at, string status, DateOnly startedOn, DateOnly? stoppedOn,
            EventCategory category, bool completesAlert)
        {
            var eventId = NewGuid();
            var reportedAt = at.ToOffset(offset);
            var body = Json(w =>
            {
                w.WriteString("eventId", eventId);
                w.WriteString("patientId", patientId);
                w.WriteString("statementId", statementId);
                w.WriteString("status", status);
                w.WriteString("reportedAt", reportedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteStartObject("supplement");
                w.WriteString("text", product);
                w.WriteEndObject();
                w.WriteString("startedOn", startedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                if (stoppedOn is { } stopped)
                {
                    w.WriteString("stoppedOn", stopped.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                }

                w.WriteString("source", "care-team");
            });
            return new LoadEvent
            {
                EventId = eventId,
                PatientId = patientId,
                Exchange = SupplementReported.ExchangeName,
                Category = category,
                IsMedication = false,
                ItemKey = statementId,
                ProductText = product,
                Status = status,
                EffectiveAt = reportedAt,
                StartedOn = startedOn,
                StoppedOn = stoppedOn,
                OccurredAt = at,
                CompletesAlert = completesAlert,
                Body = body,
            };
        }

        private Guid NewGuid()
        {
            Span<byte> bytes = stackalloc byte[16];
            random.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (little-endian field layout of Guid(ReadOnlySpan<byte>))
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
            return new Guid(bytes);
        }

        private static byte[] Json(Action<Utf8JsonWriter> write)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                write(writer);
                writer.WriteEndObject();
            }

            return buffer.WrittenSpan.ToArray();
        }

        private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

        private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    }

    private sealed class Medication(string product, int daysSupply, DateTimeOffset firstDispensedAt)
    {
        public string Product { get; } = product;

        public int DaysSupply { get; } = daysSupply;

        public DateTimeOffset LastDispensedAt { get; set; } = firstDispensedAt;
    }

    private sealed class Statement(string key, string product, DateOnly startedOn)
    {
        public string Key { get; } = key;

        public string Product { get; } = product;

        public DateOnly StartedOn { get; } = startedOn;

        public DateTimeOffset LastReportedAt { get; set; }

        public bool Stopped { get; set; }
    }
}
