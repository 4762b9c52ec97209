using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

/// <summary>KRA-01 … KRA-04 (concern kratom-interaction, including KRA-04 with MAOIs).</summary>
public sealed class KratomRuleTests
{
    [Theory]
    [InlineData("s:kratom powder@30; oxycodone 5 mg@5", "KRA-01", "moderate", "KRA-01|kratom,oxycodone|")]
    [InlineData("s:Mitragyna speciosa@30; Percocet 5/325@5", "KRA-01", "moderate", "KRA-01|kratom,oxycodone|")]
    [InlineData("s:kratom@30; Xanax 0.5 mg@5", "KRA-01", "moderate", "KRA-01|alprazolam,kratom|")]
    [InlineData("s:kratom@30; oxycodone@5; alprazolam@5", "KRA-01", "major", "KRA-01|alprazolam,kratom,oxycodone|")]
    [InlineData("s:kratom@30; Suboxone 8/2 mg@30; gabapentin@30", "KRA-01", "major", "KRA-01|buprenorphine,gabapentin,kratom|")]
    // The whole benzodiazepine class, Z-drugs and carisoprodol are CNS depressants for KRA-01.
    [InlineData("s:Kratom powder 3 g@60; oxazepam 15 mg capsule@22/30", "KRA-01", "moderate", "KRA-01|kratom,oxazepam|")]
    [InlineData("s:kratom@60; Halcion 0.25 mg@10", "KRA-01", "moderate", "KRA-01|kratom,triazolam|")]
    [InlineData("s:kratom@60; Onfi 10 mg@10", "KRA-01", "moderate", "KRA-01|clobazam,kratom|")]
    [InlineData("s:kratom@60; clorazepate dipotassium 7.5 mg@10", "KRA-01", "moderate", "KRA-01|clorazepate,kratom|")]
    [InlineData("s:kratom@60; estazolam 1 mg@10; Sonata 10 mg@10", "KRA-01", "major", "KRA-01|estazolam,kratom,zaleplon|")]
    [InlineData("s:Kratom 2g@60; Soma 350 mg (carisoprodol)@22/30", "KRA-01", "moderate", "KRA-01|carisoprodol,kratom|")]
    // Kratom reported by strain or product name only.
    [InlineData("s:Maeng Da capsules 1 g@60; oxycodone 5 mg@7/10", "KRA-01", "moderate", "KRA-01|kratom,oxycodone|")]
    [InlineData("s:Red Bali powder 5 g@60; s:OPMS Gold extract capsules@60; Dilaudid 2 mg@7/10", "KRA-01", "moderate", "KRA-01|hydromorphone,kratom|")]
    [InlineData("s:Feel Free Classic Tonic@60; alprazolam 0.5 mg@22/30", "KRA-01", "moderate", "KRA-01|alprazolam,kratom|")]
    [InlineData("s:7-OH 15 mg tablets@30; oxycodone 5 mg@5", "KRA-01", "moderate", "KRA-01|kratom,oxycodone|")]
    // 2027.1.49 [606]: kava is a CNS depressant for KRA-01 (silent until then).
    [InlineData("s:kratom@30; s:kava kava root 250 mg@30", "KRA-01", "moderate", "KRA-01|kava,kratom|")]
    [InlineData("s:kratom@30; s:Piper methysticum extract@30; Xanax 0.5 mg@5", "KRA-01", "major", "KRA-01|alprazolam,kava,kratom|")]
    // 2027.1.49 [604]: "Soma" needs a strength, a drug word or the whole text; "Soma chai tea" is no carisoprodol.
    [InlineData("s:kratom@30; Soma 350 mg tablet@10", "KRA-01", "moderate", "KRA-01|carisoprodol,kratom|")]
    [InlineData("s:kratom@30; carisoprodol (Soma)@10", "KRA-01", "moderate", "KRA-01|carisoprodol,kratom|")]
    [InlineData("s:kratom@30; s:Soma@10", "KRA-01", "moderate", "KRA-01|carisoprodol,kratom|")]
    // Sedating antihistamines and muscle relaxants whose labels warn of additive CNS depression.
    [InlineData("s:kratom@30; Vistaril 25 mg@10", "KRA-01", "moderate", "KRA-01|hydroxyzine,kratom|")]
    [InlineData("s:kratom@30; Phenergan 25 mg@5", "KRA-01", "moderate", "KRA-01|kratom,promethazine|")]
    [InlineData("s:kratom@30; Flexeril 10 mg@10", "KRA-01", "moderate", "KRA-01|cyclobenzaprine,kratom|")]
    [InlineData("s:kratom@30; Lomotil 2.5 mg/0.025 mg tablet@2/5", "KRA-01", "moderate", "KRA-01|diphenoxylate,kratom|")] // additive CNS depression in its label [239]
    // The sedating OTC antihistamines: their Drug Facts warn that sedatives and tranquilizers increase their drowsiness [290].
    [InlineData("s:kratom@30; Benadryl 25 mg@5/10", "KRA-01", "moderate", "KRA-01|diphenhydramine,kratom|")]
    [InlineData("s:kratom@30; s:ZzzQuil@10", "KRA-01", "moderate", "KRA-01|diphenhydramine,kratom|")]
    [InlineData("s:kratom@30; s:Unisom SleepTabs@10", "KRA-01", "moderate", "KRA-01|doxylamine,kratom|")]
    [InlineData("s:kratom@30; Chlor-Trimeton 4 mg@5/10", "KRA-01", "moderate", "KRA-01|chlorpheniramine,kratom|")]
    [InlineData("s:kratom@30; s:Tylenol PM@10; oxycodone 5 mg@5", "KRA-01", "major", "KRA-01|diphenhydramine,kratom,oxycodone|")]
    // Meclizine: its labels warn of increased CNS depression with alcohol, tranquilizers and sedatives [336].
    [InlineData("s:kratom@30; Antivert 25 mg@10/30", "KRA-01", "moderate", "KRA-01|kratom,meclizine|")]
    [InlineData("s:kratom powder@30; s:Dramamine Less Drowsy 25 mg@10", "KRA-01", "moderate", "KRA-01|kratom,meclizine|")]
    [InlineData("s:kratom@30; Periactin 4 mg@10/30", "KRA-01", "moderate", "KRA-01|cyproheptadine,kratom|")]
    [InlineData("s:kratom@30; MECLIZINE HCL 25MG TAB@10/30; oxycodone 5 mg@5", "KRA-01", "major", "KRA-01|kratom,meclizine,oxycodone|")]
    // Dramamine Original is dimenhydrinate (Drug Facts: sedatives and tranquilizers increase its drowsiness) [357].
    [InlineData("s:kratom capsules@30; s:Dramamine 50 mg tablet@10", "KRA-01", "moderate", "KRA-01|dimenhydrinate,kratom|")]
    [InlineData("s:kratom@30; s:dimenhydrinate 50 mg@10; s:Benadryl 25 mg@10", "KRA-01", "major", "KRA-01|dimenhydrinate,diphenhydramine,kratom|")]
    // Phenibut, a GABA-B agonist sold as a nootropic: CNS depression in poison-centre series [358].
    [InlineData("s:kratom powder@30; s:Phenibut HCl 500 mg capsules@10", "KRA-01", "moderate", "KRA-01|kratom,phenibut|")]
    // THC: the dronabinol and nabilone labels (additive CNS depression) and cannabis products as reported [359].
    [InlineData("s:kratom@30; Marinol 2.5 mg capsule@10/30", "KRA-01", "moderate", "KRA-01|dronabinol,kratom|")]
    [InlineData("s:kratom@30; Cesamet 1 mg@10/30", "KRA-01", "moderate", "KRA-01|kratom,nabilone|")]
    [InlineData("s:kratom capsules@30; s:Delta-8 THC gummies@10", "KRA-01", "moderate", "KRA-01|cannabis,kratom|")]
    [InlineData("s:kratom@30; s:medical marijuana@10; oxycodone 5 mg@5", "KRA-01", "major", "KRA-01|cannabis,kratom,oxycodone|")]
    // Cannabidiol by mouth: the FDA says CBD with alcohol or other CNS depressants increases sedation and drowsiness [337].
    [InlineData("s:kratom@30; s:CBD oil 25 mg@30", "KRA-01", "moderate", "KRA-01|cannabidiol,kratom|")]
    [InlineData("s:kratom@30; s:CBD gummies 25 mg@30", "KRA-01", "moderate", "KRA-01|cannabidiol,kratom|")]
    [InlineData("s:kratom@30; Epidiolex 100 mg/mL oral solution@20/30", "KRA-01", "moderate", "KRA-01|cannabidiol,kratom|")]
    [InlineData("s:kratom@30; s:CBD gummies 25 mg@30; alprazolam 0.5 mg@5", "KRA-01", "major", "KRA-01|alprazolam,cannabidiol,kratom|")]
    [InlineData("s:kratom@30; Skelaxin 800 mg@10", "KRA-01", "moderate", "KRA-01|kratom,metaxalone|")]
    [InlineData("s:kratom@30; Robaxin 750 mg@10", "KRA-01", "moderate", "KRA-01|kratom,methocarbamol|")]
    [InlineData("s:kratom@30; RoxyBond 5 mg@5", "KRA-01", "moderate", "KRA-01|kratom,oxycodone|")]
    [InlineData("s:kratom@30; Brixadi 96 mg monthly injection@10/30", "KRA-01", "moderate", "KRA-01|buprenorphine,kratom|")]
    [InlineData("s:kratom@30; Zolpimist 5 mg@10/30", "KRA-01", "moderate", "KRA-01|kratom,zolpidem|")]
    [InlineData("s:kratom@30; Libervant 10 mg@10/30; oxycodone 5 mg@5", "KRA-01", "major", "KRA-01|diazepam,kratom,oxycodone|")]
    [InlineData("s:kratom@30; Subsys 100 mcg@10/30", "KRA-01", "moderate", "KRA-01|fentanyl,kratom|")]
    // The spasticity drugs: baclofen and tizanidine labels warn of additive CNS depression.
    [InlineData("s:kratom@30; baclofen 10 mg tablet@20/30", "KRA-01", "moderate", "KRA-01|baclofen,kratom|")]
    [InlineData("s:Maeng Da capsules 1 g@60; Ozobax 5 mg/5 mL oral solution@10/30", "KRA-01", "moderate", "KRA-01|baclofen,kratom|")]
    [InlineData("s:kratom@30; Zanaflex 4 mg@10/30", "KRA-01", "moderate", "KRA-01|kratom,tizanidine|")]
    [InlineData("s:kratom@30; TIZANIDINE HCL 4MG TAB@10/30; oxycodone 5 mg@5", "KRA-01", "major", "KRA-01|kratom,oxycodone,tizanidine|")]
    [InlineData("s:kratom@30; Promethazine with codeine syrup@5", "KRA-01", "major", "KRA-01|codeine,kratom,promethazine|")]
    // The orexin receptor antagonists: their labels warn that other CNS depressants and alcohol add to their CNS depression.
    [InlineData("s:kratom@30; Belsomra 10 mg tablet@10/30", "KRA-01", "moderate", "KRA-01|kratom,suvorexant|")]
    [InlineData("s:kratom@30; suvorexant 20 mg@10/30", "KRA-01", "moderate", "KRA-01|kratom,suvorexant|")]
    [InlineData("s:kratom@30; Dayvigo 5 mg@10/30", "KRA-01", "moderate", "KRA-01|kratom,lemborexant|")]
    [InlineData("s:kratom@30; LEMBOREXANT 10MG TAB@10/30", "KRA-01", "moderate", "KRA-01|kratom,lemborexant|")]
    [InlineData("s:kratom@30; Quviviq 50 mg@10/30", "KRA-01", "moderate", "KRA-01|daridorexant,kratom|")]
    [InlineData("s:kratom@30; Quviviq 25 mg@10/30; oxycodone 5 mg@5", "KRA-01", "major", "KRA-01|daridorexant,kratom,oxycodone|")]
    // Chlorzoxazone: its label warns that alcohol or other CNS depressants may have an additive effect.
    [InlineData("s:kratom@30; Lorzone 750 mg@10/30", "KRA-01", "moderate", "KRA-01|chlorzoxazone,kratom|")]
    [InlineData("s:kratom@30; Parafon Forte DSC 500 mg@10/30", "KRA-01", "moderate", "KRA-01|chlorzoxazone,kratom|")]
    [InlineData("s:kratom@30; CHLORZOXAZONE 500MG TAB@10/30; s:beer@30", "KRA-01", "major", "KRA-01|chlorzoxazone,ethanol,kratom|")]
    // The oxybates (Xyrem, Xywav, Lumryz): CNS depressants whose labels contraindicate alcohol and sedative hypnotics.
    [InlineData("s:kratom@30; XYREM 0.5 G/ML SOLN@10/30", "KRA-01", "moderate", "KRA-01|kratom,sodium oxybate|")]
    [InlineData("s:kratom@30; sodium oxybate 500 mg/mL oral solution@10/30", "KRA-01", "moderate", "KRA-01|kratom,sodium oxybate|")]
    [InlineData("s:kratom@30; Xywav 0.5 g/mL oral solution@10/30", "KRA-01", "moderate", "KRA-01|kratom,sodium oxybate|")]
    [InlineData("s:kratom@30; calcium, magnesium, potassium, and sodium oxybates 0.5 g/mL@10/30", "KRA-01", "moderate", "KRA-01|kratom,sodium oxybate|")]
    [InlineData("s:kratom@30; Lumryz 6 g for extended-release oral suspension@10/30", "KRA-01", "moderate", "KRA-01|kratom,sodium oxybate|")]
    [InlineData("s:kratom@30; Xyrem 0.5 g/mL@10/30; s:wine@30", "KRA-01", "major", "KRA-01|ethanol,kratom,sodium oxybate|")]
    // Barbiturates besides phenobarbital and butalbital: their labels describe nonselective CNS depressants.
    [InlineData("s:kratom@30; Seconal Sodium 100 mg capsule@3/10", "KRA-01", "moderate", "KRA-01|kratom,secobarbital|")]
    [InlineData("s:kratom@30; SECOBARBITAL SODIUM 100MG CAP@3/10; Norco 5/325@5", "KRA-01", "major", "KRA-01|hydrocodone,kratom,secobarbital|")]
    [InlineData("s:kratom@30; pentobarbital sodium 50 mg/mL injection@1/1", "KRA-01", "moderate", "KRA-01|kratom,pentobarbital|")]
    [InlineData("s:kratom@30; Nembutal Sodium 50 mg/mL@1/1", "KRA-01", "moderate", "KRA-01|kratom,pentobarbital|")]
    // The alpha-2 agonists clonidine, guanfacine and lofexidine: their labels warn that they potentiate other CNS depressants.
    [InlineData("s:kratom@30; Catapres 0.1 mg tablet@20/30", "KRA-01", "moderate", "KRA-01|clonidine,kratom|")]
    [InlineData("s:kratom@30; CLONIDINE HCL 0.1MG TAB@20/30", "KRA-01", "moderate", "KRA-01|clonidine,kratom|")]
    [InlineData("s:kratom@30; Catapres-TTS-1 patch@5/28", "KRA-01", "moderate", "KRA-01|clonidine,kratom|")]
    [InlineData("s:kratom@30; Clorpres 0.1/15 mg@20/30", "KRA-01", "moderate", "KRA-01|clonidine,kratom|")]
    [InlineData("s:kratom@30; Intuniv 2 mg@20/30", "KRA-01", "moderate", "KRA-01|guanfacine,kratom|")]
    [InlineData("s:kratom@30; Lucemyra 0.18 mg@3/7", "KRA-01", "moderate", "KRA-01|kratom,lofexidine|")]
    [InlineData("s:kratom@30; Lucemyra 0.18 mg@3/7; clonidine 0.1 mg@3/7", "KRA-01", "major", "KRA-01|clonidine,kratom,lofexidine|")]
    // Reported alcohol use is a CNS depressant for KRA-01.
    [InlineData("s:kratom@30; s:alcohol (beer 4-6 per day)@30", "KRA-01", "moderate", "KRA-01|ethanol,kratom|")]
    [InlineData("s:kratom@30; s:wine@30; alprazolam 0.5 mg@5", "KRA-01", "major", "KRA-01|alprazolam,ethanol,kratom|")]
    [InlineData("s:kratom@30; Seroquel 100 mg@30", "KRA-02", "moderate", "KRA-02|kratom,quetiapine|")]
    [InlineData("s:kratom@30; venlafaxine@30; quetiapine@30", "KRA-02", "moderate", "KRA-02|kratom,quetiapine,venlafaxine|")]
    [InlineData("s:kratom@30; sertraline@40; trazodone@40", "KRA-02", "moderate", "KRA-02|kratom,sertraline,trazodone|")]
    // First-generation antipsychotics count as antipsychotics.
    [InlineData("s:Kratom 2g@60; chlorpromazine 25 mg@22/30", "KRA-02", "moderate", "KRA-02|chlorpromazine,kratom|")]
    [InlineData("s:kratom@60; fluphenazine decanoate@10", "KRA-02", "moderate", "KRA-02|fluphenazine,kratom|")]
    [InlineData("s:kratom@60; loxapine 10 mg@10", "KRA-02", "moderate", "KRA-02|kratom,loxapine|")]
    [InlineData("s:kratom@60; Invega 6 mg@10", "KRA-02", "moderate", "KRA-02|kratom,paliperidone|")]
    [InlineData("s:kratom@60; Uzedy 100 mg@10/30", "KRA-02", "moderate", "KRA-02|kratom,risperidone|")]
    [InlineData("s:kratom@60; Aristada 882 mg@10/30", "KRA-02", "moderate", "KRA-02|aripiprazole,kratom|")]
    [InlineData("s:kratom@60; Zyprexa 10 mg@10", "KRA-02", "moderate", "KRA-02|kratom,olanzapine|")] // Lybalvi: KRA-02 and KRA-05, below
    [InlineData("s:kratom@60; Versacloz 50 mg/mL@10", "KRA-02", "moderate", "KRA-02|clozapine,kratom|")]
    [InlineData("s:kratom@30; sertraline@40", "KRA-03", "info", "KRA-03|kratom,sertraline|")]
    [InlineData("s:kratom@30; Wellbutrin@40", "KRA-03", "info", "KRA-03|bupropion,kratom|")]
    [InlineData("s:kratom@30; Nardil@60", "KRA-04", "moderate", "KRA-04|kratom,phenelzine|")]
    [InlineData("s:kratom@30; linezolid@2/10", "KRA-04", "moderate", "KRA-04|kratom,linezolid|")]
    // KRA-05: an opioid antagonist precipitates withdrawal in a regular kratom user (naltrexone labels; case reports) [262][263].
    [InlineData("s:kratom capsules@30; Vivitrol 380 mg@10/28", "KRA-05", "moderate", "KRA-05|kratom,naltrexone|")]
    [InlineData("s:kratom powder@30; naltrexone 50 mg tablet@10/30", "KRA-05", "moderate", "KRA-05|kratom,naltrexone|")]
    [InlineData("s:Maeng Da capsules 1 g@60; Revia 50 mg@10/30", "KRA-05", "moderate", "KRA-05|kratom,naltrexone|")]
    public void KratomRules(string regimen, string ruleId, string severity, string fingerprint)
    {
        var result = Evaluate(regimen);

        var finding = Assert.Single(result.Findings, f => f.Concern == Concern.KratomInteraction);
        Assert.Equal(ruleId, finding.RuleId);
        Assert.Equal(severity, WireNames.Of(finding.Severity));
        Assert.Equal(fingerprint, finding.Fingerprint);
        Assert.Equal("kratom", finding.Involves[0].Ingredient);
        Assert.Equal(RegimenItemKind.Supplement, finding.Involves[0].Kind);
    }

    [Theory]
    [InlineData("s:kratom@30; atorvastatin@30")]
    [InlineData("s:kratom@30!10; oxycodone@5")] // stopped
    [InlineData("s:kratom@30; oxycodone@200/30")] // opioid ended
    [InlineData("s:kratom@30; acetaminophen@5")]
    [InlineData("s:kratom@30; sumatriptan@5")]
    [InlineData("s:kratom@30; s:vodka@30!10")] // alcohol stopped
    [InlineData("s:Kratom tincture (alcohol 40%)@30")] // the tincture's solvent is not a drink
    [InlineData("s:kratom@30; Zyrtec 10 mg@10")] // a non-sedating antihistamine
    [InlineData("s:kratom@30; s:Benadryl Itch Stopping Cream 2%@10")] // diphenhydramine on the skin
    [InlineData("s:kratom@30; s:CBD cream@30")] // cannabidiol on the skin
    [InlineData("s:kratom@30; s:CBD muscle rub roll-on@30")]
    // Valerian and melatonin: no official source says they add to other sedatives or alcohol (docs/rules.md); kava is
    // counted since 2027.1.49 [606].
    [InlineData("s:kratom@30; s:valerian root 500 mg@30")]
    [InlineData("s:kratom@30; s:Melatonin 3 mg gummy@30")]
    [InlineData("s:kratom@30; s:Claritin 10 mg@10")] // a non-sedating antihistamine
    [InlineData("s:kratom@30; Narcan 4 mg nasal spray@1/1")] // naloxone is a rescue dose, not in KRA-05
    [InlineData("s:kratom@30; s:Dramamine Non-Drowsy Naturals with Natural Ginger@10")] // ginger, not dimenhydrinate
    [InlineData("s:kratom@30; s:Bovine collagen peptides powder@30")] // 2027.1.48 [602]: "bovine" was read as Bonine (meclizine), KRA-01
    public void KratomNearMisses(string regimen) =>
        Assert.DoesNotContain(Evaluate(regimen).Findings, f => f.Concern == Concern.KratomInteraction);

    [Theory]
    [InlineData("Belsomra 10 mg tablet@10/30; sertraline 50 mg@40")]
    [InlineData("Dayvigo 5 mg@10/30; sertraline 50 mg@40")]
    [InlineData("Quviviq 50 mg@10/30; sertraline 50 mg@40")]
    [InlineData("Lorzone 750 mg@10/30; sertraline 50 mg@40")]
    [InlineData("Xyrem 0.5 g/mL@10/30; sertraline 50 mg@40")]
    [InlineData("Xywav 0.5 g/mL@10/30; Synthroid 75 mcg@20/90")] // Xywav's calcium and magnesium oxybates are not mineral products
    [InlineData("Seconal Sodium 100 mg capsule@3/10; sertraline 50 mg@40")]
    [InlineData("Nembutal Sodium 50 mg/mL@1/1; sertraline 50 mg@40")]
    [InlineData("Catapres 0.1 mg tablet@20/30; sertraline 50 mg@40")]
    [InlineData("Intuniv 2 mg@20/30; sertraline 50 mg@40")]
    [InlineData("Lucemyra 0.18 mg@3/7; sertraline 50 mg@40")]
    [InlineData("meclizine 25 mg@10/30; sertraline 50 mg@40")]
    [InlineData("cyproheptadine 4 mg@10/30; zolpidem 10 mg@40")]
    [InlineData("s:CBD oil 25 mg@30; sertraline 50 mg@40")]
    public void LabelledDepressantsWithoutKratomAddNothing(string regimen) => Assert.Empty(Evaluate(regimen).Findings);

    [Theory]
    [InlineData("s:kratom capsules@30; Contrave 8/90 mg ER tablet@10/30", "KRA-03", "KRA-05|kratom,naltrexone|")] // bupropion, an antidepressant
    [InlineData("s:kratom@60; Lybalvi 10/10 mg@10", "KRA-02", "KRA-05|kratom,samidorphan|")] // olanzapine, an antipsychotic
    public void AnOpioidAntagonistInACombinationIsItsOwnFinding(string regimen, string otherRule, string fingerprint)
    {
        var result = Evaluate(regimen);

        Assert.Equal([otherRule, "KRA-05"], result.Rules().Order(StringComparer.Ordinal));
        Assert.Equal(fingerprint, result.Findings.Single(f => f.RuleId == "KRA-05").Fingerprint);
    }

    [Fact]
    public void SingleAntidepressantCautionIsSuppressedWhenKra02Fires()
    {
        var result = Evaluate("s:kratom@30; sertraline@40; quetiapine@30");

        Assert.Equal(["KRA-02"], result.Rules());
    }

    [Fact]
    public void KratomIsListedInTheLoadFindingButNotCounted()
    {
        var result = Evaluate("s:kratom@30; sertraline@40; tramadol@40; sumatriptan@40");

        Assert.Equal(["SER-17", "KRA-01", "KRA-03"], result.Rules()); // tramadol is an opioid; sertraline the single antidepressant
        Assert.Contains("kratom", result.Single("SER-17").Involves.Select(i => i.Ingredient));
    }

    [Fact]
    public void OnlyAlcoholFindingsCiteTheAlcoholEvidence()
    {
        var withAlcohol = Evaluate("s:kratom@30; s:beer@30").Single("KRA-01");
        var withOpioid = Evaluate("s:kratom@30; oxycodone@5").Single("KRA-01");

        Assert.Contains(withAlcohol.Evidence, e => e.Grade == "E3" && e.Citation.StartsWith("[152] ", StringComparison.Ordinal));
        Assert.DoesNotContain(withOpioid.Evidence, e => e.Citation.StartsWith("[152] ", StringComparison.Ordinal));
    }
}
