using System.Globalization;
using System.Runtime.CompilerServices;

namespace RegimenMonitor.Rules;

/// <summary>
/// Evaluates a whole regimen at an instant. Pure: time is the <c>asOf</c> argument, nothing is read from a clock,
/// and the same input always gives the same output. Thread-safe: share one instance (per-call working arrays are
/// kept per thread and reused, so an evaluation that raises no finding allocates only its result).
/// </summary>
/// <remarks>
/// Time model (see docs/rules.md): a dispense covers <c>[startedAt, startedAt + daysSupply + grace)</c> with
/// grace = ceil(20 % of daysSupply) days, at most 14 days; a medication without daysSupply, and a supplement,
/// runs until <c>StoppedAt</c> (ongoing when null); an item that starts after <c>asOf</c> is not active yet.
/// Coverage periods of one ingredient that overlap or touch merge into one continuous run, whose start is the
/// therapy start used for durations and for <see cref="Finding.Since"/>. Washout windows are counted from the
/// end of the last run. All instants in the output are UTC.
/// </remarks>
public sealed class RuleEngine
{
    private const long TicksPerDay = TimeSpan.TicksPerDay;
    private const long Ongoing = long.MaxValue;
    private static readonly long MaxTicks = DateTimeOffset.MaxValue.UtcTicks;

    [ThreadStatic]
    private static Scratch? _scratch;

    private readonly KnowledgeBase _kb;

    /// <summary>Creates an engine over a loaded knowledge base.</summary>
    public RuleEngine(KnowledgeBase knowledgeBase)
    {
        ArgumentNullException.ThrowIfNull(knowledgeBase);
        _kb = knowledgeBase;
    }

    /// <summary>Refill grace in whole days for a days supply: ceil(20 %), at most 14 days.</summary>
    public static int GraceDays(int daysSupply) => daysSupply <= 0 ? 0 : Math.Min(14, (daysSupply + 4) / 5);

    /// <summary>Evaluates the regimen as of the given instant.</summary>
    public EvaluationResult Evaluate(IReadOnlyList<RegimenItem> items, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        var s = _scratch ??= new Scratch();
        s.Reset(items.Count);
        var now = asOf.UtcTicks;
        var next = Ongoing;

        CollectEntries(items, now, s, ref next);
        BuildPresent(now, s);
        var n = _kb.IngredientCount;

        // Pairwise: serotonergic (with washout) and absorption.
        for (var i = 0; i < s.PresentCount; i++)
        {
            ref var a = ref s.Present[i];
            for (var j = i + 1; j < s.PresentCount; j++)
            {
                ref var b = ref s.Present[j];
                if (!a.Active && !b.Active)
                {
                    continue;
                }

                int value = _kb.SerotonergicPairs[(a.Ing * n) + b.Ing];
                if (value != 0)
                {
                    var rule = Math.Abs(value) - 1;
                    var first = value > 0 ? i : j;
                    var second = value > 0 ? j : i;
                    if (a.Active && b.Active)
                    {
                        s.AddPair(rule, _kb.Rules[rule].Severity, first, second, Math.Max(a.RunStart, b.RunStart));
                    }
                    else if (_kb.Rules[rule].Washout)
                    {
                        var ended = a.Active ? j : i;
                        var active = a.Active ? i : j;
                        var days = _kb.WashoutDays[(s.Present[ended].Ing * n) + s.Present[active].Ing];
                        var until = days == 0 ? 0 : s.Present[ended].RunEnd + (days * TicksPerDay);
                        if (now < until)
                        {
                            ref var hit = ref s.AddPair(rule, _kb.Rules[rule].Severity, first, second, s.Present[active].RunStart);
                            hit.WashoutMember = ended;
                            hit.WashoutUntil = until;
                            hit.WashoutDays = days;
                        }
                    }
                }

                if (a.Active && b.Active)
                {
                    int absorption = _kb.AbsorptionPairs[(a.Ing * n) + b.Ing];
                    if (absorption != 0)
                    {
                        var rule = Math.Abs(absorption) - 1;
                        s.AddPair(rule, _kb.Rules[rule].Severity, absorption > 0 ? i : j, absorption > 0 ? j : i, Math.Max(a.RunStart, b.RunStart));
                    }
                }
            }
        }

        SuppressSameProductPairs(s);
        EvaluateLoad(s);
        EvaluateDepletion(now, s, ref next);
        EvaluateSets(s);
        ApplyModifierAndTimes(now, s, ref next);

        var findings = BuildFindings(items, now, s);
        return new EvaluationResult
        {
            RuleSetVersion = _kb.Version,
            Findings = findings,
            NextChangeAt = next >= MaxTicks ? null : new DateTimeOffset(next, TimeSpan.Zero),
        };
    }

    private void CollectEntries(IReadOnlyList<RegimenItem> items, long now, Scratch s, ref long next)
    {
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            if (item is null)
            {
                continue;
            }

            var start = item.StartedAt.UtcTicks;
            var end = EndOf(item, start);
            if (end <= start)
            {
                continue;
            }

            var ingredients = item.Ingredients;
            for (var k = 0; k < ingredients.Count; k++)
            {
                if (ingredients[k] is not { } name || !_kb.IngredientIds.TryGetValue(name, out var id))
                {
                    continue;
                }

                if (start > now)
                {
                    if (_kb.RuleRelevant[id])
                    {
                        next = Math.Min(next, start); // Not active yet: the result can change when it starts.
                    }

                    continue;
                }

                s.AddEntry(new Entry(id, index, start, end));
            }
        }

        s.Entries.AsSpan(0, s.EntryCount).Sort(static (x, y) =>
            x.Ing != y.Ing ? x.Ing.CompareTo(y.Ing) : x.Start != y.Start ? x.Start.CompareTo(y.Start) : x.Item.CompareTo(y.Item));
    }

    internal static long EndOf(RegimenItem item, long start)
    {
        var end = Ongoing;
        if (item.Kind == RegimenItemKind.Medication && item.DaysSupply is { } daysSupply)
        {
            var days = Math.Clamp(daysSupply, 0, 36_500);
            end = Math.Min(MaxTicks, start + ((days + GraceDays(days)) * TicksPerDay));
        }

        if (item.StoppedAt is { } stopped)
        {
            end = Math.Min(end, stopped.UtcTicks);
        }

        return end;
    }

    private void BuildPresent(long now, Scratch s)
    {
        var e = 0;
        while (e < s.EntryCount)
        {
            var ing = s.Entries[e].Ing;
            var runStart = s.Entries[e].Start;
            var runEnd = s.Entries[e].End;
            var runItem = s.Entries[e].Item;
            var f = e + 1;
            for (; f < s.EntryCount && s.Entries[f].Ing == ing; f++)
            {
                ref var entry = ref s.Entries[f];
                if (entry.Start <= runEnd)
                {
                    runEnd = Math.Max(runEnd, entry.End);
                }
                else
                {
                    runStart = entry.Start;
                    runEnd = entry.End;
                }

                runItem = entry.Item; // Newest dispense of the (last) run: the product shown in findings.
            }

            // Only the last run can contain asOf: every start is at or before asOf and runs are disjoint.
            var active = now < runEnd;
            var maxWashout = _kb.MaxWashoutDays[ing];
            if (active || (maxWashout > 0 && now < runEnd + (maxWashout * TicksPerDay)))
            {
                s.AddPresent(new Present(ing, _kb.IngredientTags[ing], active, runStart, runEnd, runItem));
            }

            e = f;
        }
    }

    /// <summary>
    /// A combination product (Adderall, Maalox) can match one rule through two of its ingredients against the
    /// same other product: the care team sees one finding per rule and pair of products, not one per ingredient.
    /// </summary>
    private static void SuppressSameProductPairs(Scratch s)
    {
        for (var h = 1; h < s.HitCount; h++)
        {
            ref var hit = ref s.Hits[h];
            var a = s.Present[s.Members[hit.MemberStart]].Item;
            var b = s.Present[s.Members[hit.MemberStart + 1]].Item;
            for (var g = 0; g < h; g++)
            {
                ref var other = ref s.Hits[g];
                if (other.Rule != hit.Rule || other.Duplicate)
                {
                    continue;
                }

                var c = s.Present[s.Members[other.MemberStart]].Item;
                var d = s.Present[s.Members[other.MemberStart + 1]].Item;
                if ((a == c && b == d) || (a == d && b == c))
                {
                    hit.Suppressed = true;
                    hit.Duplicate = true;
                    break;
                }
            }
        }
    }

    private void EvaluateLoad(Scratch s)
    {
        if (_kb.LoadRule < 0)
        {
            return;
        }

        var rule = _kb.Rules[_kb.LoadRule];
        var counted = 0;
        for (var i = 0; i < s.PresentCount; i++)
        {
            if (s.Present[i].Active && (s.Present[i].Tags & rule.CountMask) != 0)
            {
                counted++;
            }
        }

        if (counted < rule.MinCount)
        {
            return;
        }

        var highest = Severity.Info;
        var maoRuleFired = false;
        var hitCount = s.HitCount;
        var loadIndex = hitCount; // the load hit is added after this loop
        for (var h = 0; h < hitCount; h++)
        {
            ref var hit = ref s.Hits[h];
            var pairRule = _kb.Rules[hit.Rule];
            if (pairRule.Kind != RuleKind.Pair || hit.WashoutMember >= 0 || hit.Duplicate)
            {
                continue;
            }

            var m0 = s.Members[hit.MemberStart];
            var m1 = s.Members[hit.MemberStart + 1];
            if (!InLoad(s.Present[m0], rule) || !InLoad(s.Present[m1], rule))
            {
                continue;
            }

            highest = (Severity)Math.Max((int)highest, (int)hit.Severity);
            if (pairRule.Concern == Concern.SerotonergicContraindicated)
            {
                maoRuleFired = true;
            }
            else
            {
                hit.Suppressed = true; // Fully covered by the load finding.
                hit.SubsumedByLoad = true;
                hit.SuppressedBy = loadIndex;
            }
        }

        var severity = (Severity)Math.Min((int)Severity.Contraindicated, Math.Max((int)Severity.Moderate, (int)highest + 1));
        if (!maoRuleFired && severity > Severity.Major)
        {
            severity = Severity.Major;
        }

        ref var load = ref s.AddHit(_kb.LoadRule, severity);
        var since = 0L;
        for (var i = 0; i < s.PresentCount; i++)
        {
            if (s.Present[i].Active && InLoad(s.Present[i], rule))
            {
                s.AddMember(ref load, i);
                since = Math.Max(since, s.Present[i].RunStart);
            }
        }

        load.Since = since;
        SortMembersByName(s, load.MemberStart, load.MemberCount);
    }

    private static bool InLoad(in Present p, RuleDefinition load) => p.Active && (p.Tags & (load.CountMask | load.ListMask)) != 0;

    private void EvaluateDepletion(long now, Scratch s, ref long next)
    {
        for (var i = 0; i < s.PresentCount; i++)
        {
            ref var p = ref s.Present[i];
            if (!p.Active)
            {
                continue;
            }

            foreach (var r in _kb.DepletionRules[p.Ing])
            {
                var rule = _kb.Rules[r];
                var since = 0L;
                if (rule.B.Length > 0)
                {
                    var any = false;
                    for (var j = 0; j < s.PresentCount; j++)
                    {
                        if (j != i && s.Present[j].Active && rule.B[s.Present[j].Ing])
                        {
                            any = true;
                            since = Math.Max(since, s.Present[j].RunStart);
                        }
                    }

                    if (!any)
                    {
                        continue; // Co-risk required and absent: nothing to say, and time alone cannot change that.
                    }
                }

                var duration = now - p.RunStart;
                var step = -1;
                for (var k = 0; k < rule.Steps.Length; k++)
                {
                    var threshold = rule.Steps[k].MinDays * TicksPerDay;
                    if (duration >= threshold)
                    {
                        step = k;
                    }
                    else
                    {
                        var crossing = p.RunStart + threshold;
                        if (crossing < p.RunEnd)
                        {
                            next = Math.Min(next, crossing);
                        }

                        break;
                    }
                }

                if (step < 0)
                {
                    continue;
                }

                ref var hit = ref s.AddHit(r, rule.Steps[step].Severity);
                hit.Since = Math.Max(since, p.RunStart + (rule.Steps[0].MinDays * TicksPerDay));
                hit.Step = step;
                s.AddMember(ref hit, i);
                if (rule.B.Length > 0)
                {
                    for (var j = 0; j < s.PresentCount; j++)
                    {
                        if (j != i && s.Present[j].Active && rule.B[s.Present[j].Ing])
                        {
                            s.AddMember(ref hit, j);
                        }
                    }
                }
            }
        }
    }

    private void EvaluateSets(Scratch s)
    {
        var firstSetHit = s.HitCount;
        foreach (var r in _kb.SetRules)
        {
            var rule = _kb.Rules[r];
            for (var i = 0; i < s.PresentCount; i++)
            {
                if (!s.Present[i].Active || !rule.A[s.Present[i].Ing])
                {
                    continue;
                }

                var memberStart = s.MemberCount;
                s.EnsureMembers(1);
                s.Members[s.MemberCount++] = i;
                var satisfied = false;
                foreach (var (members, min) in rule.Groups)
                {
                    var inGroup = 0;
                    for (var j = 0; j < s.PresentCount; j++)
                    {
                        if (j == i || !s.Present[j].Active || !members[s.Present[j].Ing])
                        {
                            continue;
                        }

                        inGroup++;
                        if (Array.IndexOf(s.Members, j, memberStart, s.MemberCount - memberStart) < 0)
                        {
                            s.EnsureMembers(1);
                            s.Members[s.MemberCount++] = j;
                        }
                    }

                    satisfied |= inGroup >= min;
                }

                var partners = s.MemberCount - memberStart - 1;
                if (!satisfied || (rule.MaxPartners > 0 && partners > rule.MaxPartners))
                {
                    s.MemberCount = memberStart;
                    continue;
                }

                var severity = rule.EscalateAt > 0 && partners >= rule.EscalateAt ? rule.EscalatedSeverity : rule.Severity;
                ref var hit = ref s.AddHit(r, severity);
                hit.MemberStart = memberStart;
                hit.MemberCount = partners + 1;
                var since = 0L;
                for (var m = memberStart; m < s.MemberCount; m++)
                {
                    since = Math.Max(since, s.Present[s.Members[m]].RunStart);
                }

                hit.Since = since;
                SortMembersByName(s, memberStart + 1, partners);
            }
        }

        for (var h = firstSetHit; h < s.HitCount; h++)
        {
            ref var hit = ref s.Hits[h];
            foreach (var suppressor in _kb.Rules[hit.Rule].SuppressedBy)
            {
                for (var g = firstSetHit; g < s.HitCount; g++)
                {
                    if (s.Hits[g].Rule == suppressor && s.Members[s.Hits[g].MemberStart] == s.Members[hit.MemberStart])
                    {
                        hit.Suppressed = true;
                        hit.SuppressedBy = g;
                    }
                }
            }
        }
    }

    private void ApplyModifierAndTimes(long now, Scratch s, ref long next)
    {
        var withinDays = _kb.ModifierRule >= 0 ? _kb.Rules[_kb.ModifierRule].WithinDays : 0;
        for (var h = 0; h < s.HitCount; h++)
        {
            ref var hit = ref s.Hits[h];
            for (var m = hit.MemberStart; m < hit.MemberStart + hit.MemberCount; m++)
            {
                ref var p = ref s.Present[s.Members[m]];
                if (p.Active && p.RunEnd != Ongoing)
                {
                    next = Math.Min(next, p.RunEnd);
                }
            }

            if (hit.WashoutMember >= 0)
            {
                next = Math.Min(next, hit.WashoutUntil);
            }

            var concern = _kb.Rules[hit.Rule].Concern;
            if (hit.Suppressed || withinDays == 0 || concern is not (Concern.SerotonergicContraindicated or Concern.SerotonergicStacking))
            {
                continue;
            }

            var newest = -1;
            for (var m = hit.MemberStart; m < hit.MemberStart + hit.MemberCount; m++)
            {
                var index = s.Members[m];
                ref var p = ref s.Present[index];
                if (p.Active && (p.Tags & KnownTags.Serotonergic) != 0 && (newest < 0 || p.RunStart > s.Present[newest].RunStart))
                {
                    newest = index;
                }
            }

            if (newest >= 0)
            {
                var windowEnd = s.Present[newest].RunStart + (withinDays * TicksPerDay);
                if (now < windowEnd)
                {
                    hit.RecentMember = newest;
                    next = Math.Min(next, windowEnd);
                }
            }
        }
    }

    private void SortMembersByName(Scratch s, int start, int count)
    {
        for (var x = start + 1; x < start + count; x++)
        {
            var value = s.Members[x];
            var y = x - 1;
            while (y >= start && string.CompareOrdinal(_kb.IngredientNames[s.Present[s.Members[y]].Ing], _kb.IngredientNames[s.Present[value].Ing]) > 0)
            {
                s.Members[y + 1] = s.Members[y];
                y--;
            }

            s.Members[y + 1] = value;
        }
    }

    private Finding[] BuildFindings(IReadOnlyList<RegimenItem> items, long now, Scratch s)
    {
        var count = 0;
        for (var h = 0; h < s.HitCount; h++)
        {
            if (!s.Hits[h].Suppressed)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return [];
        }

        var findings = new Finding[count];
        var f = 0;
        for (var h = 0; h < s.HitCount; h++)
        {
            if (!s.Hits[h].Suppressed)
            {
                findings[f++] = new FindingWriter(_kb, items, s, now).Build(ref s.Hits[h], h);
            }
        }

        if (findings.Length > 1)
        {
            Array.Sort(findings, static (x, y) =>
            {
                var bySeverity = y.Severity.CompareTo(x.Severity);
                if (bySeverity != 0)
                {
                    return bySeverity;
                }

                var byRule = string.CompareOrdinal(x.RuleId, y.RuleId);
                return byRule != 0 ? byRule : string.CompareOrdinal(x.Fingerprint, y.Fingerprint);
            });
        }

        return findings;
    }

    /// <summary>One coverage period of one ingredient.</summary>
    internal readonly record struct Entry(int Ing, int Item, long Start, long End);

    /// <summary>An ingredient present in the regimen: active now, or ended but inside a washout window.</summary>
    internal readonly record struct Present(int Ing, ulong Tags, bool Active, long RunStart, long RunEnd, int Item);

    /// <summary>A rule that fired, before it is turned into a <see cref="Finding"/>.</summary>
    internal struct Hit
    {
        public int Rule;
        public Severity Severity;
        public int MemberStart;
        public int MemberCount;
        public long Since;
        public bool Suppressed;
        public bool SubsumedByLoad;
        public bool Duplicate;
        public int WashoutMember;
        public int SuppressedBy;
        public long WashoutUntil;
        public int WashoutDays;
        public int RecentMember;
        public int Step;
    }

    /// <summary>Per-thread working arrays, grown on demand and reused across evaluations.</summary>
    internal sealed class Scratch
    {
        public Entry[] Entries = new Entry[64];
        public int EntryCount;
        public Present[] Present = new Present[32];
        public int PresentCount;
        public Hit[] Hits = new Hit[16];
        public int HitCount;
        public int[] Members = new int[64];
        public int MemberCount;

        public void Reset(int itemCount)
        {
            EntryCount = 0;
            PresentCount = 0;
            HitCount = 0;
            MemberCount = 0;
            if (Entries.Length < itemCount * 2)
            {
                Entries = new Entry[itemCount * 2];
            }
        }

        public void AddEntry(Entry entry)
        {
            if (EntryCount == Entries.Length)
            {
                Array.Resize(ref Entries, Entries.Length * 2);
            }

            Entries[EntryCount++] = entry;
        }

        public void AddPresent(Present present)
        {
            if (PresentCount == Present.Length)
            {
                Array.Resize(ref Present, Present.Length * 2);
            }

            Present[PresentCount++] = present;
        }

        public ref Hit AddHit(int rule, Severity severity)
        {
            if (HitCount == Hits.Length)
            {
                Array.Resize(ref Hits, Hits.Length * 2);
            }

            ref var hit = ref Hits[HitCount++];
            hit = new Hit { Rule = rule, Severity = severity, MemberStart = MemberCount, WashoutMember = -1, RecentMember = -1, SuppressedBy = -1 };
            return ref hit;
        }

        public ref Hit AddPair(int rule, Severity severity, int first, int second, long since)
        {
            ref var hit = ref AddHit(rule, severity);
            hit.Since = since;
            AddMember(ref hit, first);
            AddMember(ref hit, second);
            return ref hit;
        }

        public void AddMember(ref Hit hit, int presentIndex)
        {
            EnsureMembers(1);
            Members[MemberCount++] = presentIndex;
            hit.MemberCount++;
        }

        public void EnsureMembers(int extra)
        {
            if (MemberCount + extra > Members.Length)
            {
                Array.Resize(ref Members, Math.Max(Members.Length * 2, MemberCount + extra));
            }
        }
    }

    /// <summary>Builds the strings of one fired finding; only runs for findings that fire.</summary>
    private readonly ref struct FindingWriter(KnowledgeBase kb, IReadOnlyList<RegimenItem> items, Scratch s, long now)
    {
        public Finding Build(ref Hit hit, int index)
        {
            var rule = kb.Rules[hit.Rule];
            var involves = new FindingInvolvement[hit.MemberCount];
            for (var m = 0; m < hit.MemberCount; m++)
            {
                var p = s.Present[s.Members[hit.MemberStart + m]];
                var item = items[p.Item];
                involves[m] = new FindingInvolvement(kb.IngredientNames[p.Ing], item.Kind, item.ProductText, item.ItemId, item.SourceEventId);
            }

            var recommendation = rule.Management;
            if (rule.Kind == RuleKind.Absorption && rule.ManagementHasPlaceholder)
            {
                recommendation = recommendation.Replace("{precipitant}", Name(hit, 1), StringComparison.Ordinal);
            }

            if (hit.RecentMember >= 0)
            {
                recommendation = string.Concat(recommendation, " ", kb.Rules[kb.ModifierRule].Management);
            }

            return new Finding
            {
                RuleId = rule.Id,
                Concern = rule.Concern,
                Severity = hit.Severity,
                Title = rule.Title,
                Detail = Detail(ref hit, rule),
                Recommendation = recommendation,
                Involves = involves,
                Nutrient = rule.Nutrient,
                Evidence = EvidenceFor(ref hit, rule),
                Since = new DateTimeOffset(hit.Since, TimeSpan.Zero),
                Fingerprint = Fingerprint(ref hit, rule),
                Supersedes = Supersedes(index),
            };
        }

        /// <summary>
        /// The rule's evidence that applies to this finding: references for the rule as a whole, plus those specific to
        /// one of the finding's ingredients (the knowledge base's <c>"for"</c>); not every citation of the rule.
        /// </summary>
        private IReadOnlyList<EvidenceReference> EvidenceFor(ref Hit hit, RuleDefinition rule)
        {
            var scopes = rule.EvidenceFor;
            if (scopes.Length != rule.Evidence.Count || Array.TrueForAll(scopes, x => x is null))
            {
                return rule.Evidence;
            }

            var selected = new List<EvidenceReference>(rule.Evidence.Count);
            for (var e = 0; e < scopes.Length; e++)
            {
                var scope = scopes[e];
                var applies = scope is null;
                for (var m = 0; !applies && m < hit.MemberCount; m++)
                {
                    applies = scope![s.Present[s.Members[hit.MemberStart + m]].Ing];
                }

                if (applies)
                {
                    selected.Add(rule.Evidence[e]);
                }
            }

            return selected;
        }

        /// <summary>Fingerprints of the findings this one folds in (pairs inside a load finding, a suppressed set rule).</summary>
        private string[] Supersedes(int index)
        {
            List<string>? folded = null;
            for (var g = 0; g < s.HitCount; g++)
            {
                ref var other = ref s.Hits[g];
                if (other.SuppressedBy == index && !other.Duplicate)
                {
                    (folded ??= []).Add(Fingerprint(ref other, kb.Rules[other.Rule]));
                }
            }

            return folded is null ? [] : [.. folded];
        }

        private string Name(in Hit hit, int member) => kb.IngredientNames[s.Present[s.Members[hit.MemberStart + member]].Ing];

        private string Fingerprint(ref Hit hit, RuleDefinition rule)
        {
            Span<int> ids = stackalloc int[hit.MemberCount];
            for (var m = 0; m < hit.MemberCount; m++)
            {
                ids[m] = s.Present[s.Members[hit.MemberStart + m]].Ing;
            }

            for (var x = 1; x < ids.Length; x++)
            {
                var value = ids[x];
                var y = x - 1;
                while (y >= 0 && string.CompareOrdinal(kb.IngredientNames[ids[y]], kb.IngredientNames[value]) > 0)
                {
                    ids[y + 1] = ids[y];
                    y--;
                }

                ids[y + 1] = value;
            }

            var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
            text.AppendLiteral(rule.Id);
            text.AppendLiteral("|");
            for (var m = 0; m < ids.Length; m++)
            {
                if (m > 0 && ids[m] == ids[m - 1])
                {
                    continue;
                }

                if (m > 0)
                {
                    text.AppendLiteral(",");
                }

                text.AppendLiteral(kb.IngredientNames[ids[m]]);
            }

            text.AppendLiteral("|");
            if (rule.Nutrient is { } nutrient)
            {
                text.AppendLiteral(nutrient);
            }

            return text.ToStringAndClear();
        }

        private string Detail(ref Hit hit, RuleDefinition rule)
        {
            var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[1024]);
            switch (rule.Kind)
            {
                case RuleKind.Pair when hit.WashoutMember >= 0:
                    var activeIndex = s.Members[hit.MemberStart] == hit.WashoutMember ? 1 : 0;
                    var ended = s.Present[hit.WashoutMember];
                    Product(ref text, hit, activeIndex);
                    text.AppendLiteral(" is active since ");
                    Date(ref text, s.Present[s.Members[hit.MemberStart + activeIndex]].RunStart);
                    text.AppendLiteral(" although ");
                    Product(ref text, hit, 1 - activeIndex);
                    text.AppendLiteral(" ended on ");
                    Date(ref text, ended.RunEnd);
                    text.AppendLiteral(": the ");
                    text.AppendFormatted(hit.WashoutDays);
                    text.AppendLiteral("-day washout after ");
                    text.AppendLiteral(kb.IngredientNames[ended.Ing]);
                    text.AppendLiteral(" runs until ");
                    Date(ref text, hit.WashoutUntil);
                    text.AppendLiteral(". ");
                    break;
                case RuleKind.Pair:
                case RuleKind.Absorption:
                    Product(ref text, hit, 0);
                    text.AppendLiteral(" and ");
                    Product(ref text, hit, 1);
                    text.AppendLiteral(" are both active since ");
                    Date(ref text, hit.Since);
                    text.AppendLiteral(". ");
                    break;
                case RuleKind.Load:
                    Load(ref text, hit);
                    break;
                case RuleKind.Depletion:
                    var trigger = s.Present[s.Members[hit.MemberStart]];
                    Product(ref text, hit, 0);
                    text.AppendLiteral(" taken continuously since ");
                    Date(ref text, trigger.RunStart);
                    text.AppendLiteral(" (");
                    text.AppendFormatted((now - trigger.RunStart) / TicksPerDay);
                    text.AppendLiteral(" days");
                    if (rule.Steps[hit.Step].MinDays > 0)
                    {
                        text.AppendLiteral("; threshold ");
                        text.AppendFormatted(rule.Steps[hit.Step].MinDays);
                        text.AppendLiteral(" days");
                    }

                    text.AppendLiteral(")");
                    for (var m = 1; m < hit.MemberCount; m++)
                    {
                        text.AppendLiteral(m == 1 ? ", together with " : " and ");
                        Product(ref text, hit, m);
                    }

                    text.AppendLiteral(". ");
                    break;
                default:
                    Product(ref text, hit, 0);
                    text.AppendLiteral(" is taken together with ");
                    for (var m = 1; m < hit.MemberCount; m++)
                    {
                        if (m > 1)
                        {
                            text.AppendLiteral(m == hit.MemberCount - 1 ? " and " : ", ");
                        }

                        Product(ref text, hit, m);
                    }

                    text.AppendLiteral(" since ");
                    Date(ref text, hit.Since);
                    text.AppendLiteral(". ");
                    break;
            }

            text.AppendLiteral(rule.Mechanism);
            if (hit.RecentMember >= 0)
            {
                var recent = s.Present[hit.RecentMember];
                text.AppendLiteral(" Recent start: ");
                text.AppendLiteral(kb.IngredientNames[recent.Ing]);
                text.AppendLiteral(" started on ");
                Date(ref text, recent.RunStart);
                text.AppendLiteral("; ");
                text.AppendLiteral(kb.Rules[kb.ModifierRule].Mechanism);
            }

            for (var m = 0; m < hit.MemberCount; m++)
            {
                var item = items[s.Present[s.Members[hit.MemberStart + m]].Item];
                if (item.DaysSupplyAssumed)
                {
                    text.AppendLiteral(" Days supply of ");
                    text.AppendLiteral(item.ProductText);
                    text.AppendLiteral(" was not sent; a default was assumed.");
                }
            }

            return text.ToStringAndClear();
        }

        private void Load(ref DefaultInterpolatedStringHandler text, in Hit hit)
        {
            var load = kb.Rules[kb.LoadRule];
            text.AppendFormatted(hit.MemberCount);
            text.AppendLiteral(" serotonergic agents are active together since ");
            Date(ref text, hit.Since);
            text.AppendLiteral(": ");
            var written = 0;
            for (var m = 0; m < hit.MemberCount; m++)
            {
                if ((s.Present[s.Members[hit.MemberStart + m]].Tags & load.CountMask) != 0)
                {
                    text.AppendLiteral(written++ > 0 ? ", " : string.Empty);
                    Product(ref text, hit, m);
                }
            }

            written = 0;
            for (var m = 0; m < hit.MemberCount; m++)
            {
                if ((s.Present[s.Members[hit.MemberStart + m]].Tags & load.CountMask) == 0)
                {
                    text.AppendLiteral(written++ > 0 ? ", " : "; also listed, not counted: ");
                    Product(ref text, hit, m);
                }
            }

            written = 0;
            for (var h = 0; h < s.HitCount; h++)
            {
                ref var pair = ref s.Hits[h];
                if (kb.Rules[pair.Rule].Kind != RuleKind.Pair || pair.WashoutMember >= 0 || pair.Duplicate || !(pair.SubsumedByLoad || IsInside(pair, hit)))
                {
                    continue;
                }

                text.AppendLiteral(written++ > 0 ? ", " : ". Pairwise: ");
                text.AppendLiteral(kb.Rules[pair.Rule].Id);
                text.AppendLiteral(" ");
                text.AppendLiteral(Name(pair, 0));
                text.AppendLiteral(" + ");
                text.AppendLiteral(Name(pair, 1));
                text.AppendLiteral(pair.SubsumedByLoad ? string.Empty : " (reported separately)");
            }

            text.AppendLiteral(". ");
        }

        private bool IsInside(in Hit pair, in Hit load)
        {
            var found = 0;
            for (var m = 0; m < load.MemberCount; m++)
            {
                var member = s.Members[load.MemberStart + m];
                if (member == s.Members[pair.MemberStart] || member == s.Members[pair.MemberStart + 1])
                {
                    found++;
                }
            }

            return found == 2;
        }

        private void Product(ref DefaultInterpolatedStringHandler text, in Hit hit, int member)
        {
            var p = s.Present[s.Members[hit.MemberStart + member]];
            text.AppendLiteral(items[p.Item].ProductText);
            text.AppendLiteral(" (");
            text.AppendLiteral(kb.IngredientNames[p.Ing]);
            text.AppendLiteral(")");
        }

        private static void Date(ref DefaultInterpolatedStringHandler text, long ticks) =>
            text.AppendFormatted(new DateTime(Math.Min(ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc), "yyyy-MM-dd");
    }
}
