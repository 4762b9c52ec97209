using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

/// <summary>SER-01 … SER-16: a positive case per rule with name variants, and near misses that must stay quiet.</summary>
public sealed class SerotonergicRuleTests
{
    private static readonly string[] MaoBInhibitors = ["rasagiline", "selegiline", "safinamide"];

    [Theory]
    // SER-01 MAOI + SRI-S / SRI-W / PRE / REL / buspirone / sympathomimetic / another MAOI.
    [InlineData("Nardil 15 mg tablet@60; Zoloft 50 mg tablet@40", "SER-01", "contraindicated", "phenelzine,sertraline")]
    [InlineData("PHENELZINE SULFATE 15MG TAB@60; Robitussin DM@3", "SER-01", "contraindicated", "dextromethorphan,phenelzine")]
    [InlineData("Parnate 10 mg@60; Ultram 50mg@5", "SER-01", "contraindicated", "tramadol,tranylcypromine")]
    // Product-line cough and cold products the catalogue does not know whole: their symptom words name the DXM and decongestant.
    [InlineData("Parnate 10mg@10/30; s:Mucinex Fast-Max Severe Congestion and Cough@1", "SER-01", "contraindicated", "dextromethorphan,tranylcypromine")]
    [InlineData("Nardil 15mg@10/30; s:Robitussin 12 Hour Cough Relief@1", "SER-01", "contraindicated", "dextromethorphan,phenelzine")]
    [InlineData("Nardil 15mg@10/30; s:Advil Multi-Symptom Cold & Flu@1", "SER-01", "contraindicated", "chlorpheniramine,phenelzine")] // catalogued whole [227]
    [InlineData("Prozac 20 mg@60/90; s:Mucinex Childrens Cough@1", "SER-10", "moderate", "dextromethorphan,fluoxetine")]
    [InlineData("Marplan@60; s:5-HTP 100 mg@20", "SER-01", "contraindicated", "5-htp,isocarboxazid")]
    [InlineData("moclobemide 150 mg@60; s:L-Tryptophan 500 mg@20", "SER-01", "contraindicated", "moclobemide,tryptophan")]
    [InlineData("Parnate@60; BuSpar 10 mg@20", "SER-01", "contraindicated", "buspirone,tranylcypromine")]
    [InlineData("Emsam 6 mg/24 hr patch@60; Vyvanse 30 mg@20", "SER-01", "contraindicated", "lisdexamfetamine,selegiline transdermal")]
    [InlineData("phenelzine@60; Sudafed 30 mg@2", "SER-01", "contraindicated", "phenelzine,pseudoephedrine")]
    [InlineData("phenelzine@60; Zyvox 600 mg@3/10", "SER-01", "contraindicated", "linezolid,phenelzine")]
    [InlineData("Nardil@60; amitriptyline 25 mg@30", "SER-01", "contraindicated", "amitriptyline,phenelzine")]
    [InlineData("Nardil@60; Demerol 50 mg@1/3", "SER-01", "contraindicated", "meperidine,phenelzine")]
    [InlineData("phenelzine@60; s:St. John's Wort 300 mg@20", "SER-01", "contraindicated", "phenelzine,st john's wort")]
    [InlineData("Parnate 10 mg@60; s:Zicam Cough MAX spray@3", "SER-01", "contraindicated", "dextromethorphan,tranylcypromine")]
    [InlineData("Nardil 15 mg@60; s:Theraflu Multi-Symptom Severe Cold powder@3", "SER-01", "contraindicated", "dextromethorphan,phenelzine")]
    [InlineData("Nardil 15 mg@60; s:Vicks 44 Cough and Cold@3", "SER-01", "contraindicated", "dextromethorphan,phenelzine")]
    // Tylenol Cold Multi-Symptom and Alka-Seltzer Plus Cold lines (their Drug Facts: dextromethorphan, phenylephrine, chlorpheniramine).
    [InlineData("Nardil 15 mg@60; s:Tylenol Cold Multi-Symptom Daytime caplets@3", "SER-01", "contraindicated", "dextromethorphan,phenelzine")]
    [InlineData("Nardil 15 mg@60; s:Alka-Seltzer Plus Cold effervescent tablets@3", "SER-01", "contraindicated", "chlorpheniramine,phenelzine")]
    // SER-02 linezolid / methylene blue + SRI-S.
    [InlineData("linezolid@3/10; Tofranil 25 mg@60/90", "SER-19", "contraindicated", "imipramine,linezolid")] // SER-02 until 2027.1.12 [395]
    [InlineData("Zyvox 600 mg@3/10; s:Meridia 10 mg@30", "SER-02", "major", "linezolid,sibutramine")]
    // SER-03 linezolid / methylene blue + serotonergic opioid, DXM, PRE, REL.
    [InlineData("linezolid 600mg@3/10; tramadol 50 mg@5", "SER-03", "major", "linezolid,tramadol")]
    [InlineData("linezolid@3/10; Delsym 30 mg/5 mL@2", "SER-03", "major", "dextromethorphan,linezolid")]
    [InlineData("methylene blue@0.5/1; s:5-HTP@30", "SER-03", "major", "5-htp,methylene blue")]
    [InlineData("Zyvox@3/10; Dexedrine 10 mg@60", "SER-03", "major", "dextroamphetamine,linezolid")]
    // SER-04 MAO-B inhibitor + the label-contraindicated agents.
    [InlineData("Azilect 1 mg@100/90; Demerol@2/5", "SER-04", "contraindicated", "meperidine,rasagiline")]
    [InlineData("rasagiline mesylate 1 mg@100/90; Flexeril 10 mg@10", "SER-04", "contraindicated", "cyclobenzaprine,rasagiline")]
    [InlineData("selegiline hcl 5 mg capsule@100/90; dextromethorphan hbr@3", "SER-04", "contraindicated", "dextromethorphan,selegiline")]
    [InlineData("Xadago 50 mg@100/90; s:St John's Wort@30", "SER-04", "contraindicated", "safinamide,st john's wort")]
    [InlineData("Azilect@100/90; methadone 10 mg@60", "SER-04", "contraindicated", "methadone,rasagiline")]
    // SER-05 MAO-B inhibitor + SSRI/SNRI/TCA/trazodone.
    [InlineData("rasagiline@100/90; sertraline 50 mg@30", "SER-05", "major", "rasagiline,sertraline")]
    [InlineData("Azilect@100/90; Elavil 25 mg@30", "SER-05", "major", "amitriptyline,rasagiline")]
    [InlineData("Azilect@100/90; trazodone 50 mg@30", "SER-05", "major", "rasagiline,trazodone")]
    [InlineData("Eldepryl 5 mg@100/90; Cymbalta 60 mg@30", "SER-05", "major", "duloxetine,selegiline")]
    // ... and the tetracyclic antidepressants (the Azilect and Zelapar labels' "tetracyclic" [628]; the Remeron label [109]).
    [InlineData("Azilect 1 mg@100/90; Remeron 15 mg@30", "SER-05", "major", "mirtazapine,rasagiline")]
    [InlineData("selegiline 5 mg capsule@100/90; mirtazapine 15 mg@30", "SER-05", "major", "mirtazapine,selegiline")]
    // SER-74 MAO-B inhibitor + fentanyl or buspirone (their labels: not with an MAO inhibitor [103][629]).
    [InlineData("Azilect 1 mg@100/90; Duragesic 25 mcg/hr patch@10", "SER-74", "major", "fentanyl,rasagiline")]
    [InlineData("Xadago 50 mg@100/90; fentanyl 25 mcg/hr patch@10", "SER-74", "major", "fentanyl,safinamide")]
    [InlineData("Zelapar 1.25 mg@100/90; BuSpar 10 mg@20", "SER-74", "major", "buspirone,selegiline")]
    // SER-75 MAO-B inhibitor + a serotonin precursor (E4, for review [631]).
    [InlineData("rasagiline@100/90; s:5-HTP 100 mg@20", "SER-75", "moderate", "5-htp,rasagiline")]
    [InlineData("Xadago 100 mg@100/90; s:L-tryptophan 500 mg@20", "SER-75", "moderate", "safinamide,tryptophan")]
    // SER-06 harmala / ayahuasca + SRI-S or SRI-W.
    [InlineData("s:Syrian Rue seeds@30; fluoxetine 20 mg@60/90", "SER-06", "major", "fluoxetine,syrian rue")]
    [InlineData("s:Peganum harmala@30; tramadol@5", "SER-06", "major", "syrian rue,tramadol")]
    [InlineData("s:ayahuasca@2; Celexa 20 mg@60/90", "SER-06", "major", "ayahuasca,citalopram")]
    // SER-07 two SRI-S.
    [InlineData("Zoloft 50 mg@40; Effexor XR 75 mg@20", "SER-07", "major", "sertraline,venlafaxine")]
    [InlineData("escitalopram oxalate 10 mg@40; Anafranil 25 mg@20", "SER-07", "major", "clomipramine,escitalopram")]
    [InlineData("Prozac@40; Tofranil@20", "SER-07", "major", "fluoxetine,imipramine")]
    // SER-08 SRI-S + tramadol, tapentadol, meperidine, methadone.
    [InlineData("sertraline@40; Ultram 50 mg@20", "SER-08", "major", "sertraline,tramadol")]
    [InlineData("Ultracet 37.5/325@20; citalopram 20 mg@40", "SER-08", "major", "citalopram,tramadol")]
    [InlineData("tramadol/acetaminophen 37.5-325 mg@20; Lexapro@40", "SER-08", "major", "escitalopram,tramadol")]
    [InlineData("Irenka 40 mg@40; tramadol 50 mg@20", "SER-08", "major", "duloxetine,tramadol")]
    [InlineData("sertraline@40; Meperitab 50 mg@5", "SER-08", "major", "meperidine,sertraline")]
    [InlineData("duloxetine@40; Dolophine 10 mg@60/90", "SER-08", "major", "duloxetine,methadone")]
    [InlineData("Nucynta 50 mg@20; Paxil@40", "SER-08", "major", "paroxetine,tapentadol")]
    [InlineData("pethidine 50 mg@1/3; venlafaxine@40", "SER-08", "major", "meperidine,venlafaxine")]
    // SER-09 SRI-S + St John's wort.
    [InlineData("Prozac 20 mg@40; s:St John's Wort 300 mg@20", "SER-09", "major", "fluoxetine,st john's wort")]
    [InlineData("s:Hypericum perforatum extract@20; venlafaxine@40", "SER-09", "major", "st john's wort,venlafaxine")]
    // SER-10 SRI-S + dextromethorphan.
    [InlineData("Paxil 20 mg@40; Robitussin DM@3", "SER-10", "moderate", "dextromethorphan,paroxetine")]
    [InlineData("NyQuil Cold & Flu@2; sertraline@40", "SER-10", "moderate", "dextromethorphan,sertraline")]
    [InlineData("Cymbalta 60 mg@40; s:Tylenol Cold Multi-Symptom Nighttime liquid@2", "SER-10", "moderate", "dextromethorphan,duloxetine")]
    [InlineData("Mucinex DM@2; citalopram@40", "SER-10", "moderate", "citalopram,dextromethorphan")]
    // Mucinex Sinus-Max Night liquid gels: dextromethorphan (DailyMed setid 973d9d11-2bbf-4a3a-994a-b5227323d27c), not the day formula.
    [InlineData("Zoloft 50 mg@40; s:Mucinex Sinus-Max Night Time@2", "SER-10", "moderate", "dextromethorphan,sertraline")]
    [InlineData("Zoloft 50 mg@40; s:Mucinex Sinus-Max Day & Night@2", "SER-10", "moderate", "dextromethorphan,sertraline")]
    // Mucinex Sinus-Max Day and Severe Congestion & Pain liquid gels: dextromethorphan (setid 973d9d11-2bbf-4a3a-994a-b5227323d27c; NDC 63824-692).
    [InlineData("Zoloft 50 mg@40; s:Mucinex Sinus-Max Day liquid gels@2", "SER-10", "moderate", "dextromethorphan,sertraline")]
    [InlineData("Nardil 15 mg@60; s:Mucinex Sinus-Max Severe Congestion & Pain liquid gels@2", "SER-01", "contraindicated", "dextromethorphan,phenelzine")]
    // Mucinex Sinus-Max Pressure, Pain & Cough: dextromethorphan in caplets and liquid gels (NDC 63824-242, 72854-202).
    [InlineData("Zoloft 50 mg@40; s:Mucinex Sinus-Max Pressure, Pain & Cough caplets@2", "SER-10", "moderate", "dextromethorphan,sertraline")]
    // Alka-Seltzer Cold Flu & Congestion Severe (2026) and Alka-Seltzer Plus Cold and Flu: dextromethorphan (NDC 0280-8268, 66715-9831).
    [InlineData("Nardil 15 mg@60; s:ALKA SELTZER COLD Cold Flu and Congestion Severe Fast Dissolve@2", "SER-01", "contraindicated", "dextromethorphan,phenelzine")]
    // Mucinex Cold, Flu & Sore Throat: catalogued whole, keeping the dextromethorphan of its Fast-Max formulas (NDC 63824-015, 63824-237).
    [InlineData("Nardil 15 mg@60; s:Mucinex Cold, Flu & Sore Throat@2", "SER-01", "contraindicated", "dextromethorphan,phenelzine")]
    // SER-11 SRI-S + precursor.
    [InlineData("sertraline@40; s:5-HTP 50mg@20", "SER-11", "moderate", "5-htp,sertraline")]
    [InlineData("s:L-Tryptophan@20; Lexapro@40", "SER-11", "moderate", "escitalopram,tryptophan")]
    [InlineData("s:Griffonia simplicifolia@20; fluoxetine@40", "SER-11", "moderate", "5-htp,fluoxetine")]
    // SER-12 SRI-S + fentanyl.
    [InlineData("citalopram@40; Duragesic 25 mcg/hr patch@5", "SER-12", "moderate", "citalopram,fentanyl")]
    // SER-13 SRI-S + triptan.
    [InlineData("sertraline@40; Imitrex 50 mg@10", "SER-13", "info", "sertraline,sumatriptan")]
    [InlineData("Maxalt-MLT 10 mg@10; Celexa@40", "SER-13", "info", "citalopram,rizatriptan")]
    // SER-14 SRI-S + 5-HT3 antagonist.
    [InlineData("Zofran ODT 4 mg@3; escitalopram@40", "SER-14", "info", "escitalopram,ondansetron")]
    // SER-15 SRI-S + augmenting agents.
    [InlineData("sertraline@40; BuSpar@20", "SER-15", "info", "buspirone,sertraline")]
    [InlineData("Lexapro@40; lithium carbonate 300 mg@200/365", "SER-15", "info", "escitalopram,lithium")]
    [InlineData("sertraline@40; trazodone 50 mg@40", "SER-15", "info", "sertraline,trazodone")]
    [InlineData("Remeron 15 mg@20; fluoxetine@40", "SER-15", "info", "fluoxetine,mirtazapine")]
    [InlineData("amitriptyline 10 mg@20; duloxetine@40", "SER-15", "info", "amitriptyline,duloxetine")]
    [InlineData("Reglan 10 mg@5; sertraline@40", "SER-15", "info", "metoclopramide,sertraline")]
    // SER-16 SRI-S + weakly serotonergic supplements.
    [InlineData("sertraline@40; s:Garcinia Cambogia 1000 mg@20", "SER-16", "info", "garcinia cambogia,sertraline")]
    [InlineData("s:SAM-e 400 mg@20; escitalopram@40", "SER-16", "info", "escitalopram,s-adenosylmethionine")]
    [InlineData("s:Rhodiola rosea@20; fluoxetine@40", "SER-16", "info", "fluoxetine,rhodiola")]
    // SER-72 MAO inhibitor + SAMe (2027.1.49 [605]: silent until then, while SAMe with an SSRI raised SER-16).
    [InlineData("Nardil 15 mg@30; s:SAMe 400 mg@20", "SER-72", "moderate", "phenelzine,s-adenosylmethionine")]
    [InlineData("Emsam 6 mg/24 hr patch@30; s:Nature Made SAMe@20", "SER-72", "moderate", "s-adenosylmethionine,selegiline transdermal")]
    [InlineData("s:SAM-e 200 mg@20; Parnate 10 mg@30", "SER-72", "moderate", "s-adenosylmethionine,tranylcypromine")]
    // SER-19 linezolid / methylene blue + antidepressants whose labels contraindicate them.
    [InlineData("Zyvox 600 mg tablet@3/10; Lexapro 10 mg@90/90", "SER-19", "contraindicated", "escitalopram,linezolid")]
    [InlineData("ProvayBlue 50 mg/10 mL injection@0.5/1; Paxil 20 mg@60/90", "SER-19", "contraindicated", "methylene blue,paroxetine")]
    [InlineData("linezolid@3/10; Effexor XR 75 mg@60/90", "SER-19", "contraindicated", "linezolid,venlafaxine")]
    [InlineData("linezolid@3/10; Remeron 15 mg@60/90", "SER-19", "contraindicated", "linezolid,mirtazapine")]
    [InlineData("linezolid@3/10; Wellbutrin XL 300 mg@60/90", "SER-19", "contraindicated", "bupropion,linezolid")]
    // 2027.1.54 (probe-clin22 L2, [621]): the amitriptyline label contraindicates any MAO inhibitor, linezolid among them.
    [InlineData("amitriptyline 25 mg@40; Zyvox 600 mg@2/10", "SER-19", "contraindicated", "amitriptyline,linezolid")]
    // 2027.1.55 ([623]-[626]): the trimipramine, protriptyline, amoxapine and maprotiline labels contraindicate MAO inhibitors.
    [InlineData("Surmontil 50 mg@40; Zyvox 600 mg@2/10", "SER-19", "contraindicated", "linezolid,trimipramine")]
    [InlineData("protriptyline 10 mg@40; linezolid 600 mg@2/10", "SER-19", "contraindicated", "linezolid,protriptyline")]
    [InlineData("amoxapine 50 mg@40; methylene blue 1% injection@0.5/1", "SER-19", "contraindicated", "amoxapine,methylene blue")]
    [InlineData("maprotiline 25 mg@40; Zyvox 600 mg@2/10", "SER-19", "contraindicated", "linezolid,maprotiline")]
    [InlineData("Urelle tablet@2/10; trimipramine 50 mg@40", "SER-73", "major", "methylene blue (by mouth),trimipramine")]
    [InlineData("Uribel capsule@2/10; maprotiline 25 mg@40", "SER-73", "major", "maprotiline,methylene blue (by mouth)")]
    // SER-73 (2027.1.54, probe-clin22 M2, [620]): methylene blue by mouth (urinary antiseptics) is major, not the
    // intravenous contraindication: the labels and the FDA call its risk unclear.
    [InlineData("Zoloft 50 mg@40; Urelle tablet (methylene blue 10.8 mg)@2/10", "SER-73", "major", "methylene blue (by mouth),sertraline")]
    [InlineData("Uro-MP capsule@2/10; Effexor XR 75 mg@60/90", "SER-73", "major", "methylene blue (by mouth),venlafaxine")]
    [InlineData("Uribel capsule@2/10; amitriptyline 25 mg@60", "SER-73", "major", "amitriptyline,methylene blue (by mouth)")]
    [InlineData("methylene blue 1% injection@0.5/1; Zoloft 50 mg@40", "SER-19", "contraindicated", "methylene blue,sertraline")]
    // SER-20 MAOI + drugs whose labels contraindicate MAOIs.
    [InlineData("Nardil@60; mirtazapine 15 mg@20", "SER-20", "contraindicated", "mirtazapine,phenelzine")]
    [InlineData("Parnate@60; bupropion XL 150 mg@20", "SER-20", "contraindicated", "bupropion,tranylcypromine")]
    [InlineData("Emsam 6 mg/24 hr@60; Tegretol 200 mg@20", "SER-20", "contraindicated", "carbamazepine,selegiline transdermal")]
    // SER-21 MAO-A inhibitor + MAO-A-metabolised triptan.
    [InlineData("phenelzine@60; sumatriptan@10", "SER-21", "contraindicated", "phenelzine,sumatriptan")]
    [InlineData("moclobemide@60; Maxalt 10 mg@10", "SER-21", "contraindicated", "moclobemide,rizatriptan")]
    [InlineData("Marplan@60; Zomig 2.5 mg@10", "SER-21", "contraindicated", "isocarboxazid,zolmitriptan")]
    // SER-22 MAOI / linezolid + opioid.
    [InlineData("Nardil@60; oxycodone 5 mg@5", "SER-22", "major", "oxycodone,phenelzine")]
    [InlineData("linezolid@3/10; morphine sulfate ER 15 mg@5", "SER-22", "major", "linezolid,morphine")]
    // SER-23 linezolid + TCA, triptan, buspirone.
    [InlineData("linezolid@3/10; doxepin@30", "SER-23", "moderate", "doxepin,linezolid")] // amitriptyline: SER-19 since 2027.1.54; trimipramine, protriptyline, amoxapine, maprotiline since 2027.1.55
    [InlineData("Silenor 6 mg@30; Zyvox 600 mg@3/10", "SER-23", "moderate", "doxepin,linezolid")] // doxepin's forms are one ingredient, and only Silenor's label contraindicates MAOIs ([623]'s note)
    [InlineData("Zonalon 5% cream@5; linezolid@3/10", "SER-23", "moderate", "doxepin,linezolid")]
    [InlineData("Zyvox@3/10; Imitrex 50 mg@10", "SER-23", "moderate", "linezolid,sumatriptan")]
    // ... and St John's wort (a weak serotonin reuptake inhibitor; SER-01, SER-04 and SER-06 name it for the other MAO inhibitors).
    [InlineData("Zyvox 600 mg@3/10; s:St John's Wort 300 mg@20", "SER-23", "moderate", "linezolid,st john's wort")]
    [InlineData("s:Hypericum perforatum extract@60; methylene blue@0.5/1", "SER-23", "moderate", "methylene blue,st john's wort")]
    // SER-24 opioid + buspirone: the FDA's 2016 list of serotonergic medicines names buspirone [472].
    [InlineData("BuSpar 10 mg@20; tramadol 50 mg@5", "SER-24", "info", "buspirone,tramadol")]
    [InlineData("buspirone 10 mg@20; methadone 10 mg@40", "SER-24", "info", "buspirone,methadone")]
    [InlineData("fentanyl 25 mcg/hr patch@3; buspirone 15 mg@60", "SER-24", "info", "buspirone,fentanyl")]
    // SER-53 SRI-S + kanna (Sceletium; mesembrine inhibits serotonin reuptake in vitro, E4) [471].
    [InlineData("sertraline@40; s:Kanna 50 mg capsule@10", "SER-53", "moderate", "kanna,sertraline")]
    [InlineData("s:Zembrin 25 mg@10; Lexapro 10 mg@40", "SER-53", "moderate", "escitalopram,kanna")]
    // ... and kanna is a weak serotonin reuptake inhibitor for the MAO inhibitors (SER-01, SER-06) [471].
    [InlineData("Nardil@60; s:Sceletium tortuosum extract@10", "SER-01", "contraindicated", "kanna,phenelzine")]
    [InlineData("s:Syrian rue@10; s:kanna powder@20", "SER-06", "major", "kanna,syrian rue")]
    // SER-24 opioid class labelling.
    [InlineData("sertraline@40; oxycodone 5 mg@5", "SER-24", "info", "oxycodone,sertraline")]
    [InlineData("Percocet 5/325@5; Cymbalta 60 mg@40", "SER-24", "info", "duloxetine,oxycodone")]
    [InlineData("hydrocodone@5; Flexeril 10 mg@5", "SER-24", "info", "cyclobenzaprine,hydrocodone")]
    [InlineData("Suboxone 8/2 mg film@90; Zofran 4 mg@2", "SER-24", "info", "buprenorphine,ondansetron")]
    // SER-25 5-HT3 antagonist labelling.
    [InlineData("Zofran 4 mg@2; Nardil@60", "SER-25", "info", "ondansetron,phenelzine")]
    [InlineData("granisetron@2; lithium carbonate 300 mg@200/365", "SER-25", "info", "granisetron,lithium")]
    // SER-26 cyclobenzaprine labelling.
    [InlineData("cyclobenzaprine 10 mg@5; sertraline@40", "SER-26", "info", "cyclobenzaprine,sertraline")]
    [InlineData("Flexeril@5; Wellbutrin SR 150 mg@40", "SER-26", "info", "bupropion,cyclobenzaprine")]
    // SER-27 triptan class labelling.
    [InlineData("naratriptan 2.5 mg@10; nortriptyline 25 mg@40", "SER-27", "info", "naratriptan,nortriptyline")]
    [InlineData("Azilect 1 mg@100/90; naratriptan 2.5 mg@10", "SER-27", "info", "naratriptan,rasagiline")] // the MAO-B inhibitor labels name no triptan
    // SER-76 a triptan not cleared by MAO-A with a non-selective MAO inhibitor (triptan class labelling; info until 2027.1.56).
    [InlineData("phenelzine@60; Relpax 40 mg@10", "SER-76", "moderate", "eletriptan,phenelzine")]
    [InlineData("Parnate 10 mg@60; frovatriptan 2.5 mg@10", "SER-76", "moderate", "frovatriptan,tranylcypromine")]
    [InlineData("Emsam 6 mg/24 hr patch@60; almotriptan 12.5 mg@10", "SER-76", "moderate", "almotriptan,selegiline transdermal")]
    // SER-77 lithium + an MAO-A inhibitor, linezolid or methylene blue (lithium labelling; SER-29 info until 2027.1.56).
    [InlineData("lithium carbonate 300 mg@200/365; Nardil 15 mg@60", "SER-77", "moderate", "lithium,phenelzine")]
    [InlineData("lithium carbonate 300 mg@200/365; Zyvox 600 mg@3/10", "SER-77", "moderate", "linezolid,lithium")]
    [InlineData("lithium carbonate 300 mg@200/365; Azilect 1 mg@100/90", "SER-29", "info", "lithium,rasagiline")] // MAO-B: stays info
    // SER-78 St John's wort + a serotonin precursor (E4, for review [631]).
    [InlineData("s:St John's Wort 300 mg@60; s:5-HTP 100 mg@20", "SER-78", "moderate", "5-htp,st john's wort")]
    // SER-28 amphetamine class labelling.
    [InlineData("Vyvanse 30 mg@20; sertraline@40", "SER-28", "info", "lisdexamfetamine,sertraline")]
    // SER-30 lorcaserin.
    [InlineData("Belviq 10 mg@20; citalopram@40", "SER-30", "moderate", "citalopram,lorcaserin")]
    // SER-35 safinamide + what the Xadago label contraindicates.
    [InlineData("Xadago 100 mg tablet@100/90; duloxetine 30 mg cap@12/30", "SER-35", "contraindicated", "duloxetine,safinamide")]
    [InlineData("Xadago 50 mg@100/90; Ritalin 10 mg@12/30", "SER-35", "contraindicated", "methylphenidate,safinamide")]
    [InlineData("safinamide@100/90; Remeron 15 mg@12/30", "SER-35", "contraindicated", "mirtazapine,safinamide")]
    [InlineData("safinamide@100/90; trazodone 50 mg@30", "SER-35", "contraindicated", "safinamide,trazodone")]
    [InlineData("Xadago 50 mg@100/90; nortriptyline 25 mg@12/30", "SER-35", "contraindicated", "nortriptyline,safinamide")]
    // 2027.1.29 [522]: the Xadago label asks for monitoring and the lowest SSRI dose (SER-64), not "not recommended" (SER-05 until then);
    // nefazodone, which it does not name, stays major with safinamide (SER-65, the nefazodone label [403]).
    [InlineData("Xadago 50 mg@100/90; Lexapro 10 mg@30", "SER-64", "moderate", "escitalopram,safinamide")]
    [InlineData("safinamide@100/90; Zoloft 50 mg@12/30", "SER-64", "moderate", "safinamide,sertraline")]
    [InlineData("Xadago 100 mg@100/90; nefazodone 100 mg@30", "SER-65", "major", "nefazodone,safinamide")]
    // SER-36 tapentadol + any MAO inhibitor (Nucynta label).
    [InlineData("Azilect 1 mg@100/90; Nucynta 50 mg tablet@4/10", "SER-36", "contraindicated", "rasagiline,tapentadol")]
    [InlineData("linezolid@3/10; Nucynta 50 mg@4/10", "SER-36", "contraindicated", "linezolid,tapentadol")]
    // ... but methylene blue by mouth: SER-03 major, as with tramadol and the antidepressants (SER-73), since 2027.1.56 [142]'s note.
    [InlineData("Urelle tablet@2/10; Nucynta 50 mg@4/10", "SER-03", "major", "methylene blue (by mouth),tapentadol")]
    // SER-37 linezolid + sympathomimetic or dopaminergic drug (Zyvox: unless blood pressure is monitored).
    [InlineData("s:Sudafed 12 hour 120 mg@7; linezolid 600 mg tab@4/10", "SER-37", "major", "linezolid,pseudoephedrine")]
    [InlineData("Zyvox@3/10; Sinemet 25/100@12/30", "SER-37", "major", "levodopa,linezolid")]
    // SER-38 linezolid / methylene blue + cyclobenzaprine (cyclobenzaprine label: MAOIs contraindicated).
    [InlineData("cyclobenzaprine 10 mg@12/30; linezolid 600 mg@4/10", "SER-38", "contraindicated", "cyclobenzaprine,linezolid")]
    // SER-39 nonselective MAOI + levodopa (Sinemet label).
    [InlineData("Marplan 10 mg tablet@100/90; Sinemet 25/100 tablet@12/30", "SER-39", "contraindicated", "isocarboxazid,levodopa")]
    [InlineData("Nardil@60; carbidopa/levodopa 25/100@12/30", "SER-39", "contraindicated", "levodopa,phenelzine")]
    // Inhaled levodopa keeps the MAO inhibitor rules (its own ingredient since 2027.1.21, [480]).
    [InlineData("Nardil@60; Inbrija 42 mg inhalation capsule@12/30", "SER-39", "contraindicated", "levodopa inhalation,phenelzine")]
    [InlineData("Zyvox@3/10; levodopa inhalation powder 42 mg@12/30", "SER-37", "major", "levodopa inhalation,linezolid")]
    // SER-40 MAO-B inhibitor + sympathomimetic (stimulant labels: any MAOI; OTC decongestant Drug Facts: MAOI for Parkinson's disease).
    [InlineData("rasagiline@100/90; Dexedrine 10 mg@20", "SER-40", "contraindicated", "dextroamphetamine,rasagiline")]
    [InlineData("Azilect 1 mg@100/90; s:Sudafed 12 hour 120 mg@7", "SER-40", "contraindicated", "pseudoephedrine,rasagiline")]
    [InlineData("selegiline 5 mg capsule@100/90; Ritalin 10 mg@12/30", "SER-40", "contraindicated", "methylphenidate,selegiline")]
    [InlineData("Zelapar 1.25 mg@100/90; Strattera 40 mg@12/30", "SER-40", "contraindicated", "atomoxetine,selegiline")]
    [InlineData("Xadago 50 mg@100/90; s:Sudafed PE 10 mg@7", "SER-40", "contraindicated", "phenylephrine,safinamide")]
    [InlineData("Azilect 1 mg@100/90; phentermine 37.5 mg@20", "SER-40", "contraindicated", "phentermine,rasagiline")]
    [InlineData("Azilect 1 mg@100/90; s:Primatene tablets@5", "SER-40", "contraindicated", "ephedrine,rasagiline")]
    [InlineData("selegiline 5 mg capsule@100/90; Sunosi 75 mg@12/30", "SER-40", "contraindicated", "selegiline,solriamfetol")]
    // SER-41 MAO inhibitor + diphenoxylate (Lomotil label: may precipitate hypertensive crisis).
    [InlineData("Nardil 15 mg@60; Lomotil 2.5 mg/0.025 mg tablet@2/5", "SER-41", "moderate", "diphenoxylate,phenelzine")]
    [InlineData("Parnate 10 mg@60; diphenoxylate/atropine 2.5-0.025 mg@2/5", "SER-41", "moderate", "diphenoxylate,tranylcypromine")]
    [InlineData("Azilect 1 mg@100/90; Lonox@2/5", "SER-41", "moderate", "diphenoxylate,rasagiline")]
    [InlineData("linezolid@3/10; diphenoxylate hydrochloride and atropine sulfate@2/5", "SER-41", "moderate", "diphenoxylate,linezolid")]
    // Ephedrine (OTC bronchodilator Drug Facts) and solriamfetol (Sunosi label) are sympathomimetics: SER-01 and SER-37.
    [InlineData("Nardil 15 mg@60; ephedrine sulfate 25 mg@3", "SER-01", "contraindicated", "ephedrine,phenelzine")]
    [InlineData("Parnate 10 mg@60; s:Bronkaid@3", "SER-01", "contraindicated", "ephedrine,tranylcypromine")]
    [InlineData("Marplan@60; Sunosi 150 mg@20", "SER-01", "contraindicated", "isocarboxazid,solriamfetol")]
    [InlineData("Zyvox 600 mg@3/10; s:Bronkaid Dual Action@2", "SER-37", "major", "ephedrine,linezolid")]
    // Primatene Mist (epinephrine inhalation; its Drug Facts: not with a prescription MAOI or for 2 weeks after) [260].
    [InlineData("Parnate 10 mg@60; s:Primatene Mist epinephrine inhalation aerosol@20", "SER-01", "contraindicated", "epinephrine inhalation,tranylcypromine")]
    [InlineData("Azilect 1 mg@100/90; s:Primatene Mist@20", "SER-40", "contraindicated", "epinephrine inhalation,rasagiline")]
    [InlineData("Zyvox 600 mg@3/10; s:Primatene Mist inhaler@20", "SER-37", "major", "epinephrine inhalation,linezolid")]
    // 2027.1.28 [519]: beta2-agonists with a non-selective MAOI ("extreme caution", inhalers included).
    [InlineData("Nardil 15 mg@60; Ventolin HFA 90 mcg@20", "SER-63", "moderate", "albuterol,phenelzine")]
    [InlineData("Parnate 10 mg@60; Advair Diskus 250/50@20", "SER-63", "moderate", "salmeterol,tranylcypromine")]
    [InlineData("Nardil 15 mg@60; Symbicort 160/4.5 inhaler@20", "SER-63", "moderate", "formoterol,phenelzine")]
    // 2027.1.31 [528]: terbutaline (its label: extreme caution), olodaterol and indacaterol (Swiss labels: caution).
    [InlineData("Nardil 15 mg@60; Bricanyl 5 mg tablets@20", "SER-63", "moderate", "phenelzine,terbutaline")]
    [InlineData("Parnate 10 mg@60; Stiolto Respimat 2.5/2.5 mcg@20", "SER-63", "moderate", "olodaterol,tranylcypromine")]
    [InlineData("Marplan 10 mg@60; Ultibro Breezhaler 85/43 micrograms@20", "SER-63", "moderate", "indacaterol,isocarboxazid")]
    [InlineData("Emsam 6 mg/24 hr patch@60; Onbrez Breezhaler 150 mcg@20", "SER-63", "moderate", "indacaterol,selegiline transdermal")]
    // Dexchlorpheniramine and dexbrompheniramine, the active enantiomers, carry their parents' SRI-W [261].
    [InlineData("Nardil 15 mg@60; dexchlorpheniramine maleate 2 mg tablet@10", "SER-01", "contraindicated", "dexchlorpheniramine,phenelzine")]
    [InlineData("Nardil 15 mg@60; Ryclora 2 mg/5 mL@10", "SER-01", "contraindicated", "dexchlorpheniramine,phenelzine")]
    [InlineData("Parnate 10 mg@60; dexbrompheniramine maleate 6 mg@10", "SER-01", "contraindicated", "dexbrompheniramine,tranylcypromine")]
    // SER-42 Emsam + pentazocine (Emsam label: contraindicated opiate analgesics) [264]; other MAOIs keep SER-22.
    [InlineData("Emsam 6 mg/24 hr transdermal patch@30; pentazocine-naloxone 50-0.5 mg@5", "SER-42", "contraindicated", "pentazocine,selegiline transdermal")]
    [InlineData("Emsam 9 mg/24 hr@30; Talwin 30 mg/mL injection@1/1", "SER-42", "contraindicated", "pentazocine,selegiline transdermal")]
    [InlineData("Nardil 15 mg@60; Talwin NX@5", "SER-22", "major", "pentazocine,phenelzine")]
    // SER-43 MAO inhibitor + metoclopramide (Reglan label: cautiously, if at all, with MAOIs) [265].
    [InlineData("Nardil 15 mg@60; metoclopramide 10 mg@10", "SER-43", "moderate", "metoclopramide,phenelzine")]
    [InlineData("Parnate 10 mg@60; Reglan 10 mg tablet@10", "SER-43", "moderate", "metoclopramide,tranylcypromine")]
    [InlineData("Emsam 6 mg/24 hr@30; Gimoti 15 mg nasal spray@10", "SER-43", "moderate", "metoclopramide,selegiline transdermal")]
    [InlineData("linezolid@3/10; metoclopramide 10 mg@3/10", "SER-43", "moderate", "linezolid,metoclopramide")]
    // SER-44 triptan + St John's wort (UK CSM 2000: not to be taken together) [348][349][350].
    [InlineData("Imitrex 50 mg tablet@5/9; s:St John's Wort 300 mg@30", "SER-44", "moderate", "st john's wort,sumatriptan")]
    [InlineData("Maxalt 10 mg@5/6; s:Hypericum perforatum extract@30", "SER-44", "moderate", "rizatriptan,st john's wort")]
    [InlineData("zolmitriptan 2.5 mg@5/6; s:St. John's Wort@30", "SER-44", "moderate", "st john's wort,zolmitriptan")]
    [InlineData("Relpax 40 mg@5/6; s:SJW 300 mg@30", "SER-44", "moderate", "eletriptan,st john's wort")]
    [InlineData("s:St Johns Wart 300 mg@30; naratriptan 2.5 mg@5/9", "SER-44", "moderate", "naratriptan,st john's wort")]
    // SER-45 tramadol or meperidine + St John's wort [350][351].
    [InlineData("Ultram 50 mg@5; s:St John's Wort 300 mg@30", "SER-45", "moderate", "st john's wort,tramadol")]
    [InlineData("Ultracet 37.5/325 mg@5; s:St John's Wort@30", "SER-45", "moderate", "st john's wort,tramadol")]
    [InlineData("Demerol 50 mg@1/3; s:Hypericum@30", "SER-45", "moderate", "meperidine,st john's wort")]
    // SER-46 5-HTP + tramadol, SER-47 5-HTP + triptan (supplement interaction monographs) [38][352].
    [InlineData("Ultram 50 mg@5; s:5-HTP 100 mg@30", "SER-46", "moderate", "5-htp,tramadol")]
    [InlineData("s:Griffonia simplicifolia 5-hydroxytryptophan@30; Ultracet@5", "SER-46", "moderate", "5-htp,tramadol")]
    [InlineData("Imitrex 50 mg@5/9; s:5-HTP 100 mg@30", "SER-47", "info", "5-htp,sumatriptan")]
    [InlineData("Maxalt-MLT 10 mg@5/6; s:5-HTP@30", "SER-47", "info", "5-htp,rizatriptan")]
    // SER-48 tramadol + a CYP2D6 inhibitor the tramadol labels name (bupropion, quinidine) [379].
    [InlineData("Ultram 50 mg@5; Wellbutrin XL 150 mg@30", "SER-48", "moderate", "bupropion,tramadol")]
    [InlineData("Ultracet 37.5/325 mg@5; bupropion hydrochloride SR 150 mg@30", "SER-48", "moderate", "bupropion,tramadol")]
    [InlineData("Zyban 150 mg@30; ConZip 100 mg@5", "SER-48", "moderate", "bupropion,tramadol")]
    [InlineData("tramadol 50 mg@5; quinidine sulfate 200 mg@30", "SER-48", "moderate", "quinidine,tramadol")]
    [InlineData("Nuedexta 20/10 mg@30; Ultram 50 mg@5", "SER-48", "moderate", "quinidine,tramadol")]
    // SER-49 metaxalone + a serotonergic drug (the Skelaxin label's serotonin syndrome warning) [381].
    [InlineData("Skelaxin 800 mg@5; sertraline 50 mg@40", "SER-49", "info", "metaxalone,sertraline")]
    [InlineData("metaxalone 800 mg tablet@5; Elavil 25 mg@40", "SER-49", "info", "amitriptyline,metaxalone")]
    [InlineData("Metaxall 800 mg@5; Imitrex 50 mg@5/9", "SER-49", "info", "metaxalone,sumatriptan")]
    [InlineData("Skelaxin 800 mg@5; Nardil 15 mg@40", "SER-49", "info", "metaxalone,phenelzine")]
    // SER-20 an MAOI + cyproheptadine (the cyproheptadine label's contraindication, since 2027.1.4) [383].
    [InlineData("Periactin 4 mg@5; Nardil 15 mg@40", "SER-20", "contraindicated", "cyproheptadine,phenelzine")]
    [InlineData("cyproheptadine HCl 2 mg/5 mL oral solution@5; Emsam 6 mg/24 hr patch@40", "SER-20", "contraindicated", "cyproheptadine,selegiline transdermal")]
    // Herbs read as their drug (since 2027.1.6) [385]: ephedra as ephedrine, Mucuna pruriens as levodopa.
    [InlineData("s:ma huang 500 mg@10; Nardil 15 mg@40", "SER-01", "contraindicated", "ephedrine,phenelzine")]
    [InlineData("s:Mucuna pruriens extract 400 mg@10; Parnate 10 mg@40", "SER-39", "contraindicated", "levodopa,tranylcypromine")]
    // SER-50 an MAO inhibitor + esketamine (the Spravato label: blood pressure) [382].
    [InlineData("Spravato 56 mg nasal spray@3; Parnate 10 mg@40", "SER-50", "moderate", "esketamine,tranylcypromine")]
    [InlineData("esketamine 28 mg@3; rasagiline 1 mg@40", "SER-50", "moderate", "esketamine,rasagiline")]
    [InlineData("Spravato 84 mg@3; linezolid 600 mg@2", "SER-50", "moderate", "esketamine,linezolid")]
    // SER-52 dapoxetine (Priligy) + a serotonergic drug, an MAO inhibitor or thioridazine (Priligy SmPC 4.3) [470]:
    // contraindicated, never SER-07's "two strong SRIs, confirm a cross-taper".
    [InlineData("sertraline 50 mg@40; Dapoxetine 30mg tablets@3/6", "SER-52", "contraindicated", "dapoxetine,sertraline")]
    [InlineData("Priligy 30 mg@3/6; Cymbalta 60 mg@40", "SER-52", "contraindicated", "dapoxetine,duloxetine")]
    [InlineData("Priligy 30 mg@3/6; amitriptyline 10 mg@40", "SER-52", "contraindicated", "amitriptyline,dapoxetine")]
    [InlineData("Priligy 30 mg@3/6; Imigran 50 mg@5/9", "SER-52", "contraindicated", "dapoxetine,sumatriptan")]
    [InlineData("Priligy 30 mg@3/6; Priadel 400 mg@60", "SER-52", "contraindicated", "dapoxetine,lithium")]
    [InlineData("Priligy 30 mg@3/6; Tramacet 37.5/325 mg@5", "SER-52", "contraindicated", "dapoxetine,tramadol")]
    [InlineData("Priligy 30 mg@3/6; s:St John's Wort 300 mg@30", "SER-52", "contraindicated", "dapoxetine,st john's wort")]
    [InlineData("Priligy 30 mg@3/6; s:L-Tryptophan 500 mg@30", "SER-52", "contraindicated", "dapoxetine,tryptophan")]
    [InlineData("Priligy 30 mg@3/6; linezolid 600 mg@2/10", "SER-52", "contraindicated", "dapoxetine,linezolid")]
    [InlineData("Priligy 30 mg@3/6; Azilect 1 mg@100/90", "SER-52", "contraindicated", "dapoxetine,rasagiline")]
    [InlineData("Priligy 30 mg@3/6; thioridazine 25 mg@40", "SER-52", "contraindicated", "dapoxetine,thioridazine")]
    [InlineData("Priligy 30 mg@3/6; Nardil 15 mg@40", "SER-01", "contraindicated", "dapoxetine,phenelzine")] // SER-01 cites the SmPC for it
    [InlineData("sertraline 50 mg@20/10; Priligy 30 mg@3/6", "SER-52", "contraindicated", "dapoxetine,sertraline")] // 14 days after the SSRI (WASH-15)
    [InlineData("Priligy 30 mg@10/3; sertraline 50 mg@2", "SER-52", "contraindicated", "dapoxetine,sertraline")] // 7 days after dapoxetine (WASH-16)
    // SER-69 phentermine + SSRI or SNRI (2027.1.39 [580]): the phentermine label, 5.1, "not recommended" (major).
    [InlineData("Zoloft 50 mg@30; Adipex-P 37.5 mg@8", "SER-69", "major", "phentermine,sertraline")]
    [InlineData("Lexapro 10 mg@30; Lomaira 8 mg@8", "SER-69", "major", "escitalopram,phentermine")]
    [InlineData("Cymbalta 60 mg@30; phentermine 37.5 mg@8", "SER-69", "major", "duloxetine,phentermine")]
    [InlineData("PHENTERMINE HCL 37.5MG TAB@8; Effexor XR 75 mg@30", "SER-69", "major", "phentermine,venlafaxine")]
    [InlineData("Prozac 20 mg@30; Qsymia 7.5 mg/46 mg@8", "SER-69", "major", "fluoxetine,phentermine")] // Qsymia's phentermine
    // SER-70, SER-71 brimonidine (2027.1.46 [599]): the UK and EU brimonidine labels, 4.3, contraindicate MAO inhibitor
    // therapy and the antidepressants which affect noradrenergic transmission (tricyclics, mianserin).
    [InlineData("Nardil 15 mg@60; Alphagan P 0.1% ophthalmic solution@30", "SER-70", "contraindicated", "brimonidine,phenelzine")]
    [InlineData("Azilect 1 mg@60; Combigan eye drops@20", "SER-70", "contraindicated", "brimonidine,rasagiline")]
    [InlineData("Zyvox 600 mg@3/10; Mirvaso 3 mg/g gel@30", "SER-70", "contraindicated", "brimonidine,linezolid")]
    [InlineData("Mirvaso 3 mg/g gel@20; amitriptyline 25 mg@60", "SER-71", "contraindicated", "amitriptyline,brimonidine")]
    [InlineData("BRIMONIDINE TARTRATE 0.2% OPHTH SOLN@20; mianserin 30 mg@60", "SER-71", "contraindicated", "brimonidine,mianserin")]
    // Night Nurse (2027.1.46 [600]) is the catalogue's dextromethorphan: its SmPC contraindicates MAO inhibitors.
    [InlineData("Nardil 15 mg@60; Night Nurse liquid@3/5", "SER-01", "contraindicated", "dextromethorphan,phenelzine")]
    public void PairRuleFires(string regimen, string ruleId, string severity, string ingredients)
    {
        var result = Evaluate(regimen);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(ruleId, finding.RuleId);
        Assert.Equal(severity, WireNames.Of(finding.Severity));
        var expectedConcern = string.CompareOrdinal(ruleId, "SER-07") < 0 || ruleId is "SER-19" or "SER-20" or "SER-21" or "SER-22" or "SER-32" or "SER-33"
            or "SER-35" or "SER-36" or "SER-37" or "SER-38" or "SER-39" or "SER-40" or "SER-42" or "SER-52" or "SER-65" or "SER-70" or "SER-71" or "SER-73" or "SER-74"
            ? Concern.SerotonergicContraindicated
            : Concern.SerotonergicStacking;
        Assert.Equal(expectedConcern, finding.Concern);
        Assert.Equal($"{ruleId}|{ingredients}|", finding.Fingerprint);
        Assert.Equal(ingredients.Split(','), finding.Involves.Select(i => i.Ingredient).Order(StringComparer.Ordinal));
        Assert.NotEmpty(finding.Evidence);
        Assert.All(finding.Evidence, e => Assert.Matches("^E[1-4]$", e.Grade));
    }

    [Theory]
    [InlineData("sertraline 50 mg@40; Zoloft 100 mg tablet@10")] // two products of the same ingredient
    [InlineData("tramadol@5; dextromethorphan@3")] // two weak SRIs: no pair rule
    [InlineData("Wellbutrin XL 150 mg@30; Percocet 5/325 mg@5")] // bupropion with an opioid tramadol's CYP2D6 warning does not concern
    [InlineData("Zyban 150 mg@30/30!20; Ultram 50 mg@5")] // bupropion stopped before tramadol began: no overlap
    [InlineData("Skelaxin 800 mg@5; ibuprofen 600 mg@10")] // metaxalone with a drug that is not serotonergic
    [InlineData("s:Vicks VapoInhaler@3; Nardil 15 mg@40")] // a topical nasal decongestant: its Drug Facts carry no MAOI warning
    [InlineData("s:Afrin nasal spray@3; Nardil 15 mg@40")] // nor do oxymetazoline's
    [InlineData("s:l-methamphetamine nasal inhaler@3; sertraline 50 mg@40")] // not the stimulant methamphetamine (SER-28)
    [InlineData("cyproheptadine 4 mg@5; sertraline 50 mg@40")] // an antiserotonin effect on the SSRI is outside the four concerns
    [InlineData("Spravato 56 mg@3; sertraline 50 mg@40")] // esketamine with its usual oral antidepressant: no MAO inhibitor
    [InlineData("Spravato 56 mg@3; s:Syrian rue@10")] // the harmala supplements are not among the label's MAOIs (as SER-41, SER-43)
    [InlineData("sertraline@40; chlorpheniramine 4 mg@3")] // SRI-W antihistamine matters with MAOIs only
    [InlineData("sertraline@40; dexchlorpheniramine maleate 2 mg@3")] // as its parent chlorpheniramine
    [InlineData("sertraline@40; s:Mucinex Sinus-Max Night Time caplets@3")] // the caplets: diphenhydramine, no dextromethorphan
    [InlineData("sertraline@40; s:Mucinex Sinus-Max Severe Congestion & Pain caplets@3")] // the caplets: no dextromethorphan
    [InlineData("rasagiline@100/90; oxycodone 5 mg@5")] // MAO-B inhibitor + non-serotonergic opioid: no label names it ([630]; fentanyl is SER-74)
    [InlineData("Azilect 1 mg@100/90; Sinemet 25/100@12/30")] // Sinemet allows a selective MAO-B inhibitor
    [InlineData("Xadago 50 mg@100/90; Sinemet 25/100@12/30")]
    [InlineData("sertraline@40; Nurtec ODT 75 mg@5")] // gepants carry no serotonin syndrome labelling
    [InlineData("phenelzine@60; Ubrelvy 50 mg@5")]
    [InlineData("sertraline@40; gabapentin 300 mg@5")]
    [InlineData("tramadol@5; Sudafed 30 mg@3")] // no label pairs these
    [InlineData("sertraline@40; Sunosi 75 mg@20")] // solriamfetol is not serotonergic; its label names MAOIs only
    [InlineData("sertraline@40; s:Bitter orange extract (synephrine)@10")] // bitter orange: no label or regulator names an interaction in the four concerns [475]
    [InlineData("Nardil 15 mg@40; s:Citrus aurantium 500 mg@10")] // its MAO-inhibitor concern is theoretical (blood pressure), not encoded [475]
    [InlineData("sertraline@40; s:Panax ginseng@20")] // ginseng is not serotonergic
    [InlineData("sertraline@40; Wellbutrin XL 150 mg@40")] // bupropion is not serotonergic
    [InlineData("s:Rhodiola@20; phenelzine@60")] // rhodiola's MAO inhibition is in vitro only
    [InlineData("sertraline@200/30; tramadol@5")] // sertraline ended long ago, stacking has no washout
    [InlineData("Nardil 15mg@10/30; s:Mucinex Chest Congestion 600 mg@1")] // guaifenesin alone
    [InlineData("Nardil 15mg@10/30; s:Tylenol 500 mg for cold and flu@1")] // the reason for taking, not the product
    [InlineData("Nardil 15 mg@60; s:Tylenol Cold + Sore Throat@3")] // acetaminophen alone (its label): no decongestant
    [InlineData("Azilect 1 mg@100/90; s:Tylenol Cold + Flu + Chest Congestion@3")] // acetaminophen and guaifenesin
    [InlineData("sertraline@40; s:Mucinex Cold and Flu@3")] // acetaminophen and guaifenesin (NDC 72854-136)
    [InlineData("Nardil 15 mg@60; s:Mucinex Cold & Flu Maximum Strength@3")]
    [InlineData("sertraline@40; s:Theraflu Severe Cold Relief Nighttime@3")] // diphenhydramine, no dextromethorphan
    [InlineData("phenelzine@200/30; sertraline@5")] // MAOI ended outside its 14-day washout
    [InlineData("sertraline@40; s:5-HTP@-2")] // supplement not started yet
    [InlineData("sertraline@40; s:St John's Wort@100!1")] // supplement stopped yesterday
    [InlineData("linezolid@3/10; s:St John's Wort@100!1")]
    [InlineData("sertraline@40; Lomotil@2/5")] // the Lomotil label names MAO inhibitors only
    [InlineData("phenelzine@200/30; Lomotil@2/5")] // MAOI ended; SER-41 has no washout (the label gives none)
    [InlineData("Nardil 15 mg@60; Lomotil@30/5")] // Lomotil course over
    [InlineData("phenelzine@200/30; metoclopramide 10 mg@10")] // MAOI ended; SER-43 has no washout (the label gives none)
    [InlineData("linezolid@30/10; s:St John's Wort 300 mg@60")] // linezolid course over; SER-23 has no washout
    [InlineData("sertraline@40; s:Primatene Mist@20")] // its Drug Facts name MAOIs only
    [InlineData("amitriptyline 25 mg@40; Ventolin HFA 90 mcg@20")] // 2027.1.28 [519]: the TCA half of the beta2-agonist statement is outside the four concerns
    [InlineData("Azilect 1 mg@100/90; Ventolin HFA 90 mcg@20")] // the beta2 labels are read for the non-selective MAOIs only (for review)
    [InlineData("amitriptyline 25 mg@40; Striverdi Respimat 2.5 mcg@20")] // 2027.1.31 [528]: the TCA half again
    [InlineData("sertraline 50 mg@40; terbutaline sulfate 5 mg tablet@20")] // terbutaline's label names MAOIs and TCAs only
    [InlineData("Luvox 100 mg@40; Rozerem 8 mg@20")] // 2027.1.31 [531]: the Rozerem contraindication is CYP1A2, outside the four concerns (for review)
    [InlineData("Imitrex 50 mg@5/9; s:St John's Wort@100!1")] // St John's wort stopped yesterday; SER-44 has no washout
    [InlineData("Imitrex 50 mg@40/9; s:St John's Wort 300 mg@30")] // the triptan's supply ran out before the herb began
    [InlineData("Nurtec ODT 75 mg@5; s:St John's Wort@30")] // gepants carry no serotonin syndrome labelling
    [InlineData("oxycodone 5 mg@5; s:St John's Wort@30")] // the opioid class labelling (SER-24) does not name the herb
    [InlineData("methadone 10 mg@60; s:St John's Wort@30")] // the herb lowers methadone levels (CYP3A4): not a serotonergic pair here
    [InlineData("Ultram 50 mg@5; s:L-Tryptophan 500 mg@30")] // no source found pairs tryptophan with tramadol
    [InlineData("Imitrex 50 mg@5/9; s:5-HTP 100 mg@100!1")] // 5-HTP stopped yesterday; no washout
    [InlineData("Priligy 30 mg@30/3; sertraline 50 mg@5")] // dapoxetine ended more than 7 days before the SSRI (WASH-16)
    [InlineData("sertraline 50 mg@60/30; Priligy 30 mg@3/6")] // the SSRI ended more than 14 days before dapoxetine (WASH-15)
    [InlineData("Priligy 30 mg@3/6; gabapentin 300 mg@5")] // not serotonergic
    [InlineData("Adipex-P 37.5 mg@8; Wellbutrin XL 150 mg@30")] // SER-69 names the SSRIs and SNRIs; bupropion is not serotonergic
    [InlineData("Adipex-P 37.5 mg@60/30; Zoloft 50 mg@10")] // phentermine ended before the SSRI began; SER-69 has no washout
    [InlineData("topiramate 50 mg@30; Zoloft 50 mg@30")] // Qsymia's other ingredient is not serotonergic
    [InlineData("Alphagan P 0.15% eye drops@20; Zoloft 50 mg@60")] // SER-70/71 name MAO inhibitors, tricyclics and mianserin (2027.1.46 [599])
    [InlineData("Nardil 15 mg@100/30; Alphagan P 0.1% eye drops@10")] // the MAO inhibitor ended more than 14 days before brimonidine
    [InlineData("Alphagan P 0.1% eye drops@20; Remeron 15 mg@60")] // mirtazapine is named by the Mirvaso label only (for review)
    [InlineData("Nardil 15 mg@30; s:Vitamin D3 2000 IU daily regimen@20")] // 2027.1.48 [602]: "regimen" was read as Regimex (benzphetamine), SER-01
    [InlineData("Nardil 15 mg@30; s:vitamin C 500 mg@30")] // 2027.1.49 [605]: SER-72 needs SAMe, not any supplement
    public void NearMissesStayQuiet(string regimen)
    {
        var result = Evaluate(regimen);

        Assert.Empty(result.Findings);
        Assert.Equal(Kb.Version, result.RuleSetVersion);
    }

    [Fact]
    public void CombinationProductGivesOneFindingPerProductPair()
    {
        var result = Evaluate("Emsam 6 mg/24 hr@60; Adderall XR 20 mg@20");

        var finding = Assert.Single(result.Findings);
        Assert.Equal("SER-01", finding.RuleId);
        Assert.Contains("Adderall XR 20 mg", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void DetailNamesProductsAndSinceAndRecommendationIsTheRuleManagement()
    {
        var result = Evaluate("Zoloft 50 mg tablet@40; Ultram 50 mg@20");

        var finding = result.Single("SER-08");
        Assert.Contains("Zoloft 50 mg tablet (sertraline)", finding.Detail, StringComparison.Ordinal);
        Assert.Contains("Ultram 50 mg (tramadol)", finding.Detail, StringComparison.Ordinal);
        Assert.Contains("since 2026-11-01", finding.Detail, StringComparison.Ordinal);
        Assert.Equal(AsOf.AddDays(-20), finding.Since);
        Assert.StartsWith("Prefer a non-serotonergic analgesic", finding.Recommendation, StringComparison.Ordinal);
        Assert.Equal(["sertraline", "tramadol"], finding.Involves.Select(i => i.Ingredient));
        Assert.All(finding.Involves, i => Assert.Equal(RegimenItemKind.Medication, i.Kind));
        Assert.Contains(finding.Evidence, e => e.Citation.StartsWith("[13] FDA", StringComparison.Ordinal));
    }

    [Fact]
    public void InvolvementCarriesItemAndSourceEvent()
    {
        var sertraline = Med("sertraline 50 mg", 40, id: "dispense-1");
        var wort = Supp("St John's Wort", 20, id: "statement-9");

        var finding = Assert.Single(Evaluate(sertraline, wort).Findings);

        Assert.Equal(
            [
                new FindingInvolvement("sertraline", RegimenItemKind.Medication, "sertraline 50 mg", "dispense-1", "evt-sertraline 50 mg"),
                new FindingInvolvement("st john's wort", RegimenItemKind.Supplement, "St John's Wort", "statement-9", null),
            ],
            finding.Involves);
    }

    [Theory]
    [InlineData("sertraline@40; tramadol@3", true)]
    [InlineData("sertraline@40; tramadol@13.99", true)]
    [InlineData("sertraline@40; tramadol@14/30", false)]
    [InlineData("sertraline@40; tramadol@20", false)]
    [InlineData("sertraline@2; s:St John's Wort@300", true)] // the newest agent can be either side
    public void Ser18RecentStartKeepsSeverityAndAddsSentence(string regimen, bool recent)
    {
        var finding = Assert.Single(Evaluate(regimen).Findings);

        Assert.Equal(Severity.Major, finding.Severity);
        Assert.Equal(recent, finding.Detail.Contains("highest in the first 24 hours to few days", StringComparison.Ordinal));
        Assert.Equal(recent, finding.Recommendation.Contains("Monitor closely over the first days", StringComparison.Ordinal));
    }

    [Theory]
    // Until 2027.1.18 SER-04 told a selegiline or safinamide patient to "wait at least 14 days after stopping rasagiline"
    // and its detail named the rasagiline label alone; SER-40's detail said "the rasagiline label itself".
    [InlineData("ELDEPRYL 5 MG CAPSULE@30; DEMEROL 50 MG TABLET@3/5", "SER-04", "selegiline", "[145] Zelapar and Eldepryl")]
    [InlineData("Xadago 50 mg@100/90; s:St John's Wort@30", "SER-04", "safinamide", "[141] Xadago")]
    [InlineData("Azilect 1 mg@100/90; Demerol@2/5", "SER-04", "rasagiline", "[19] Azilect")]
    [InlineData("Eldepryl 5 mg capsule@49.99/30; Demerol 50 mg tablet@3/5", "SER-04", "selegiline", "[145] Zelapar and Eldepryl")] // washout
    [InlineData("Eldepryl 5 mg@100/90; Sudafed 30 mg@2", "SER-40", "selegiline", null)]
    [InlineData("Eldepryl 5 mg@100/90; Cymbalta 60 mg@30", "SER-05", "selegiline", null)]
    [InlineData("Eldepryl 5 mg@100/90; Azilect 1 mg@10", "SER-33", "rasagiline", null)]
    // Since 2027.1.26 SER-05 cites the oral selegiline labels [515] for selegiline, the Azilect label [19] for rasagiline.
    public void MaoBTextsNameTheMaoBInhibitorTakenOrTheClass(string regimen, string ruleId, string maoB, string? citation)
    {
        var finding = Evaluate(regimen).Single(ruleId);
        var taken = finding.Involves.Select(i => i.Ingredient).ToHashSet();
        Assert.Contains(maoB, taken);

        // no other MAO-B inhibitor is the subject of advice or of "itself"
        foreach (var other in MaoBInhibitors.Where(o => !taken.Contains(o)))
        {
            Assert.DoesNotContain(other, finding.Recommendation, StringComparison.Ordinal);
            Assert.DoesNotContain($"({other})", finding.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain($"{other} label itself", finding.Detail, StringComparison.Ordinal);
        }

        if (citation is not null)
        {
            Assert.Contains(finding.Evidence, e => e.Citation.StartsWith(citation, StringComparison.Ordinal));
            // a washout finding names the MAO-B inhibitor that stopped (its washoutAdvice, since 2027.1.39)
            Assert.Contains(finding.WashoutUntil is null ? "after stopping the MAO-B inhibitor" : $"after stopping {maoB}", finding.Recommendation, StringComparison.Ordinal);
        }
    }

    [Theory]
    // Until 2027.1.26 SER-05 cited only the Azilect (rasagiline) label [19] and an E4 monograph for oral selegiline too
    // (found by an independent clinical probe); it now cites the Zelapar and Eldepryl labels [515] at E1.
    [InlineData("Eldepryl 5 mg capsule@100/90; Zoloft 50 mg@30", "[515] Zelapar", "[19] Azilect")]
    [InlineData("Zelapar 1.25 mg ODT@100/90; sertraline 50 mg@30", "[515] Zelapar", "[19] Azilect")]
    [InlineData("Azilect 1 mg@100/90; Zoloft 50 mg@30", "[19] Azilect", "[515] Zelapar")]
    public void MaoBAntidepressantFindingCitesTheLabelOfTheMaoBInhibitorTaken(string regimen, string cited, string notCited)
    {
        var finding = Evaluate(regimen).Single("SER-05");
        Assert.Contains(finding.Evidence, e => e.Citation.StartsWith(cited, StringComparison.Ordinal) && e.Grade == "E1");
        Assert.DoesNotContain(finding.Evidence, e => e.Citation.StartsWith(notCited, StringComparison.Ordinal));
    }

    [Theory]
    // Until 2027.1.29 methadone with an MAOI (SER-01) cited Phansalkar and case-report reviews only; the methadone UK SmPC
    // contraindicates MAOIs (the US labels' class statement says "not recommended"; the stricter label is followed) [521].
    [InlineData("Nardil 15 mg@60; Dolophine 10 mg@20")]
    [InlineData("Parnate 10 mg@60; methadone 10 mg tablet@20")]
    public void MethadoneWithAnMaoiCitesTheMethadoneLabel(string regimen)
    {
        var finding = Evaluate(regimen).Single("SER-01");
        Assert.Equal(Severity.Contraindicated, finding.Severity);
        Assert.Contains(finding.Evidence, e => e.Citation.StartsWith("[521] Methadone", StringComparison.Ordinal) && e.Grade == "E1");
    }

    [Theory]
    // Lasmiditan (Reyvow) is a 5-HT1F agonist, a ditan, catalogued with the triptans so the same rules apply; until
    // 2027.1.18 their titles called it a triptan (found by an independent probe) and cited the triptan sources only.
    [InlineData("Reyvow 100 mg tablet@10; sertraline@40", "SER-13")]
    [InlineData("Zyvox 600 mg@3/10; lasmiditan 50 mg@10", "SER-23")]
    [InlineData("Reyvow 50 mg@10; amitriptyline 25 mg@40", "SER-27")]
    [InlineData("Reyvow 100 mg@10; s:St John's Wort 300 mg@20", "SER-44")]
    [InlineData("Reyvow 100 mg@10; s:5-HTP 100 mg@20", "SER-47")]
    public void LasmiditanIsNotCalledATriptan(string regimen, string ruleId)
    {
        var finding = Evaluate(regimen).Single(ruleId);

        Assert.Contains("lasmiditan", finding.Involves.Select(i => i.Ingredient));
        Assert.Contains("triptan or lasmiditan", finding.Title, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\ba triptan (dose|is needed)\b", finding.Recommendation);
        if (ruleId != "SER-47")
        {
            Assert.Contains(finding.Evidence, e => e.Citation.StartsWith("[490] Reyvow", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void EveryRuleTitleThatNamesTriptansAndAppliesToLasmiditanNamesLasmiditan()
    {
        var lasmiditan = Kb.IngredientIds["lasmiditan"];
        var rules = Kb.PairRules.Where(r => r.SideA[lasmiditan] || r.SideB[lasmiditan]).ToList();

        Assert.Contains(rules, r => r.Id == "SER-13");
        Assert.All(
            rules.Where(r => r.Title.Contains("triptan", StringComparison.OrdinalIgnoreCase)),
            r => Assert.Contains("lasmiditan", r.Title, StringComparison.Ordinal));
        Assert.DoesNotContain(Kb.PairRules.Where(r => !rules.Contains(r)), r => r.Title.Contains("lasmiditan", StringComparison.Ordinal));
    }

    [Fact]
    public void DaysSupplyAssumedIsExplained()
    {
        var finding = Assert.Single(Evaluate(Med("sertraline", 40), Med("tramadol 50 mg", 5, assumed: true)).Findings);

        Assert.Contains("Days supply of tramadol 50 mg was not sent; a default was assumed.", finding.Detail, StringComparison.Ordinal);
    }
}
