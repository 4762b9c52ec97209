using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

/// <summary>ABS-01 … ABS-39, ABS-50 … ABS-111: fire only while both are active; the recommendation is the drug-specific spacing.</summary>
public sealed class AbsorptionRuleTests
{
    [Theory]
    [InlineData("ciprofloxacin 500 mg@2/7; s:Tums 500 mg@30", "ABS-01", "moderate", "at least 2 hours before or 6 hours after the calcium product")]
    [InlineData("Cipro 500@2/7; s:Maalox@30", "ABS-01", "moderate", "2 hours before or 6 hours after the ")]
    [InlineData("CIPROFLOXACIN HCL 250MG TAB@2/7; s:Centrum@30", "ABS-01", "moderate", "after the multivitamin with minerals product")]
    [InlineData("ciprofloxacin@2/7; sucralfate 1 g@30", "ABS-01", "moderate", "after the sucralfate product")]
    // A line whose minerals are known: one finding per pair of products, naming a mineral, not the multivitamin.
    [InlineData("CIPRO 500 MG TAB@2/7; s:Centrum Silver Women 50+@30", "ABS-01", "moderate", "after the magnesium product")]
    [InlineData("Cipro 500 mg@2/7; s:Nature Made Multi for Him@30", "ABS-01", "moderate", "after the magnesium product")]
    [InlineData("Cipro 500 mg@2/7; s:Multivitamin with iron@30", "ABS-01", "moderate", "after the iron product")]
    [InlineData("levothyroxine 100 mcg@30/30; s:One A Day Women's@60", "ABS-08", "moderate", "Take levothyroxine and the calcium product at least 4 hours apart")]
    // A multivitamin naming iron, or a line containing calcium, is spaced from levothyroxine and tetracyclines.
    [InlineData("levothyroxine 100 mcg@30/30; s:Multivitamin with iron@60", "ABS-08", "moderate", "Take levothyroxine and the iron product at least 4 hours apart")]
    [InlineData("levothyroxine 100 mcg@30/30; s:Centrum Silver Women 50+@60", "ABS-08", "moderate", "Take levothyroxine and the calcium product at least 4 hours apart")]
    [InlineData("Thyquidity 100 mcg/5 mL@30/30; s:Tums 500 mg@60", "ABS-08", "moderate", "Take levothyroxine and the calcium product at least 4 hours apart")]
    [InlineData("Lymepak 100 mg@5/10; s:ferrous sulfate 325 mg@60", "ABS-07", "moderate", "from the iron product")]
    [InlineData("ciprofloxacin 500 mg@2/7; s:Fer-In-Sol drops@30", "ABS-01", "moderate", "after the iron product")]
    [InlineData("ciprofloxacin 500 mg@2/7; Auryxia 210 mg@30/30", "ABS-01", "moderate", "after the iron product")]
    [InlineData("doxycycline 100 mg@5/10; Galzin 25 mg@30/30", "ABS-07", "moderate", "from the zinc product")]
    [InlineData("doxycycline 100 mg@5/10; s:PreserVision AREDS 2@60", "ABS-07", "moderate", "from the zinc product")]
    [InlineData("CoreMino 90 mg@5/10; s:Titralac 420 mg@60", "ABS-07", "moderate", "from the calcium product")]
    [InlineData("levothyroxine 100 mcg@30/30; s:Ferretts 106 mg@60", "ABS-08", "moderate", "Take levothyroxine and the iron product at least 4 hours apart")]
    [InlineData("Doryx 100 mg@5/10; s:Centrum multivitamin with iron@60", "ABS-07", "moderate", "from the iron product")]
    // Since 2026.12.20 a multivitamin that names no mineral is spaced from both too [309].
    [InlineData("levothyroxine 100 mcg@30/30; s:Centrum@60", "ABS-08", "moderate", "Take levothyroxine and the multivitamin with minerals product at least 4 hours apart")]
    [InlineData("Synthroid 88 mcg@30/30; s:One A Day Women's Multivitamin Gummies@60", "ABS-08", "moderate", "the multivitamin with minerals product at least 4 hours apart")]
    [InlineData("doxycycline hyclate 100 mg@5/10; s:multivitamin@60", "ABS-07", "moderate", "from the multivitamin with minerals product")]
    [InlineData("minocycline 100 mg@20/30; s:prenatal vitamin@60", "ABS-07", "moderate", "from the multivitamin with minerals product")]
    [InlineData("Doryx 100 mg@5/10; s:Centrum Silver@60", "ABS-07", "moderate", "from the magnesium product")]
    [InlineData("Levaquin 500 mg@2/7; s:ferrous sulfate 325 mg@30", "ABS-02", "moderate", "2 hours before or 2-4 hours after the iron product")]
    [InlineData("moxifloxacin@2/7; s:Magnesium oxide 400 mg@30", "ABS-03", "moderate", "4 hours before or 8 hours after the magnesium oxide product")]
    [InlineData("gemifloxacin@2/7; s:zinc gluconate@30", "ABS-04", "moderate", "2 hours before or 3 hours after the zinc product")]
    [InlineData("Baxdela@2/7; s:multivitamin@30", "ABS-05", "moderate", "2 hours before or 6 hours after")]
    // ABS-04, ABS-133 and ABS-06 give the hours of the Factive, ofloxacin and Noroxin labels [650][651][652]: gemifloxacin
    // only before sucralfate (ABS-133), ofloxacin and norfloxacin 2 hours either side (until then 4-6 hours after, E4).
    [InlineData("ofloxacin@2/7; s:calcium citrate@30", "ABS-06", "moderate", "2 hours before or 2 hours after the calcium product")]
    [InlineData("norfloxacin 400 mg@2/7; s:Maalox@30", "ABS-06", "moderate", "2 hours before or 2 hours after the ")]
    [InlineData("gemifloxacin@2/7; Carafate 1 g@10/30", "ABS-133", "moderate", "Take gemifloxacin at least 2 hours before the sucralfate product, not after it.")]
    [InlineData("doxycycline hyclate 100 mg@2/10; Pepto-Bismol@1", "ABS-07", "moderate", "at least 2-3 hours")]
    [InlineData("minocycline@20/30; s:iron@30", "ABS-07", "moderate", "at least 2-3 hours")]
    [InlineData("Synthroid 75 mcg@20/90; s:Calcium carbonate 600 mg@30", "ABS-08", "moderate", "at least 4 hours apart")]
    [InlineData("levothyroxine sodium 50 mcg@20; Questran@10", "ABS-08", "moderate", "the cholestyramine product at least 4 hours apart")]
    // since 2027.1.7 [386]: magnesium hydroxide (milk of magnesia) and simethicone, named by the levothyroxine labels [353]
    [InlineData("levothyroxine 100 mcg@20; s:Phillips Milk of Magnesia@30", "ABS-08", "moderate", "the magnesium hydroxide product at least 4 hours apart")]
    [InlineData("Synthroid 75 mcg@20; s:Gas-X Extra Strength@30", "ABS-08", "moderate", "the simethicone product at least 4 hours apart")]
    // since 2027.1.36 [559][560][561]: magnesium oxide, carbonate and trisilicate, antacids like the hydroxides the labels name
    [InlineData("Synthroid 100 mcg@20; s:magnesium oxide 400 mg@30", "ABS-08", "moderate", "the magnesium oxide product at least 4 hours apart")]
    [InlineData("levothyroxine 50 mcg@20; s:Mag-Ox 400@30", "ABS-08", "moderate", "the magnesium oxide product at least 4 hours apart")]
    [InlineData("levothyroxine 50 mcg@20; s:Uro-Mag 140 mg capsule@30", "ABS-08", "moderate", "the magnesium oxide product at least 4 hours apart")]
    [InlineData("Levoxyl 75 mcg@20; s:magnesium carbonate@30", "ABS-08", "moderate", "the magnesium carbonate product at least 4 hours apart")]
    [InlineData("levothyroxine 50 mcg@20; s:magnesium trisilicate@30", "ABS-08", "moderate", "the magnesium trisilicate product at least 4 hours apart")]
    [InlineData("doxycycline 100 mg@2/10; s:Gas-X Total Relief@30", "ABS-07", "moderate", "at least 2-3 hours")]
    [InlineData("Fosamax 70 mg@20; s:Caltrate 600@30", "ABS-09", "info", "at least 30 minutes before anything else")]
    [InlineData("Boniva 150 mg@20/30; s:Caltrate 600@30", "ABS-34", "info", "at least 60 minutes before the first food or drink")]
    [InlineData("ibandronate sodium 150 mg@20/30; s:Centrum@30", "ABS-34", "info", "before any other oral medicine or supplement, including the multivitamin with minerals product")]
    [InlineData("Tivicay 50 mg@20; s:ferrous fumarate@30", "ABS-10", "moderate", "2 hours before or 6 hours after the iron product")]
    [InlineData("Triumeq@20; s:Tums@30", "ABS-10", "moderate", "2 hours before or 6 hours after the calcium product")]
    // ABS-11 raltegravir twice daily: Al/Mg antacids not recommended, together or staggered (since 2027.1.15, [267][456]).
    [InlineData("raltegravir@20; s:milk of magnesia@30", "ABS-11", "major", "Avoid the magnesium hydroxide product with raltegravir; spacing the doses does not prevent")]
    [InlineData("Isentress 400 mg tablet@20; s:Maalox Advanced@30", "ABS-11", "major", "a calcium carbonate antacid may be taken with raltegravir 400 mg twice daily")]
    // ABS-40 Isentress HD (once-daily raltegravir): Al, Mg and calcium carbonate antacids not recommended [267][456].
    [InlineData("Isentress HD 600 mg tablet@20; s:Tums 750 mg@30", "ABS-40", "major", "Avoid the calcium product with Isentress HD")]
    [InlineData("raltegravir 1200 mg once daily@20; s:Maalox@30", "ABS-40", "major", "Avoid the ")]
    [InlineData("Biktarvy@20; s:Maalox@30", "ABS-12", "moderate", "at least 2 hours before the ")]
    // since 2027.1.8 [387]: a multivitamin with minerals (its iron, calcium, zinc)
    [InlineData("Biktarvy@20; s:Centrum@30", "ABS-12", "moderate", "at least 2 hours before the multivitamin with minerals product")]
    [InlineData("cefdinir 300 mg@2/10; s:multivitamin@30", "ABS-22", "moderate", "at least 2 hours before or after the multivitamin with minerals product")]
    [InlineData("Ferriprox 500 mg@20; s:prenatal vitamin@30", "ABS-23", "moderate", "at least 4 hours between deferiprone and the multivitamin with minerals product")]
    [InlineData("Genvoya@20; s:Tums@30", "ABS-13", "moderate", "by at least 2 hours")]
    [InlineData("Vocabria 30 mg@5/30; s:Rolaids@30", "ABS-14", "moderate", "2 hours before or 4 hours after cabotegravir")]
    [InlineData("Nuzyra 150 mg@2/7; s:Centrum@30", "ABS-15", "moderate", "until 4 hours after the dose")]
    [InlineData("Seysara 100 mg@20; s:ferrous sulfate@30", "ABS-07", "moderate", "at least 2-3 hours")]
    [InlineData("Cytomel 25 mcg@20; s:calcium carbonate@30", "ABS-16", "moderate", "at least 4 hours apart")]
    [InlineData("Armour Thyroid 60 mg@20; s:Slow Fe@30", "ABS-16", "moderate", "at least 4 hours apart")]
    [InlineData("levothyroxine@20; Welchol 625 mg@10", "ABS-17", "moderate", "at least 4 hours before the colesevelam product")]
    [InlineData("Promacta 50 mg@20; s:zinc@30", "ABS-18", "moderate", "2 hours before or 4 hours after the zinc product")]
    [InlineData("penicillamine 250 mg@20; s:iron@30", "ABS-19", "moderate", "at least 2 hours apart from the iron product")]
    [InlineData("Syprine@20; s:iron@30", "ABS-20", "moderate", "at least 2 hours apart")]
    [InlineData("CellCept 500 mg@20; s:Mylanta@30", "ABS-21", "moderate", "at least 2 hours before it")]
    [InlineData("Myfortic 360 mg@20; s:Mylanta@30", "ABS-21", "moderate", "at least 2 hours before it")] // both forms since 2027.1.26 [129]
    // 2027.1.26 [512]: mycophenolate mofetil with a proton pump inhibitor (CellCept labeling), info.
    [InlineData("CellCept 500 mg@20; Protonix 40 mg@30", "ABS-118", "info", "Spacing the doses does not help")]
    [InlineData("mycophenolate mofetil 250 mg capsule@20; Prevacid 24HR 15 mg@30", "ABS-118", "info", "ask about over-the-counter use")]
    // 2027.1.26 [513]: moxifloxacin keeps the Avelox list (magnesium, aluminium, iron, zinc, multivitamins, sucralfate).
    [InlineData("Avelox 400 mg@2/7; s:Rolaids@30", "ABS-03", "moderate", "4 hours before or 8 hours after the magnesium product")]
    [InlineData("Avelox 400 mg@2/7; s:Feraccru 30 mg@30", "ABS-03", "moderate", "4 hours before or 8 hours after the iron product")]
    // 2027.1.27 [517]: Velphoro (sucroferric oxyhydroxide) is its own ingredient with the label's named drugs.
    [InlineData("doxycycline 100 mg@2/10; Velphoro 500 mg chewable tablet@30", "ABS-119", "moderate", "at least 1 hour before the sucroferric oxyhydroxide product")]
    [InlineData("Synthroid 100 mcg@60; Velphoro 500 mg@30", "ABS-120", "moderate", "at least 4 hours before the sucroferric oxyhydroxide product")]
    [InlineData("Fosamax 70 mg@60; Velphoro 500 mg@30", "ABS-121", "info", "1 hour before or 2 hours after")]
    // 2027.1.28 [518]: vonoprazan (Voquezna) joins the PPI rules: its label contraindicates rilpivirine, avoids atazanavir.
    [InlineData("Edurant 25 mg@60; Voquezna 20 mg@30", "ABS-35", "contraindicated", "Do not use the vonoprazan product with oral rilpivirine")]
    [InlineData("Reyataz 300 mg@60; Voquezna 20 mg@30", "ABS-50", "major", "if it is vonoprazan")]
    [InlineData("Sprycel 100 mg@60; Voquezna 20 mg@30", "ABS-58", "major", "Do not use the vonoprazan product with Sprycel")]
    [InlineData("Tarceva 150 mg@60; Voquezna Triple Pak@10", "ABS-61", "major", "Avoid the vonoprazan product with erlotinib")]
    [InlineData("Harvoni 90/400 mg@30; Voquezna 20 mg@30", "ABS-54", "moderate", "or vonoprazan (Voquezna; no dose of it is known to be equivalent), needs the prescriber")]
    [InlineData("cefdinir 300 mg@2/10; s:ferrous sulfate@30", "ABS-22", "moderate", "2 hours before or after the iron product")]
    [InlineData("cefdinir 300 mg@2/10; s:Prenatal formula with iron@30", "ABS-22", "moderate", "2 hours before or after the iron product")] // 2027.1.49 [608]: not an infant formula
    [InlineData("Ferriprox@20; s:zinc@30", "ABS-23", "moderate", "at least 4 hours")]
    [InlineData("Xofluza 40 mg@0.5/1; s:calcium@30", "ABS-24", "moderate", "Do not take the single dose of baloxavir together with the calcium product")]
    [InlineData("gabapentin 300 mg@20; Maalox@10", "ABS-25", "info", "at least 2 hours after")]
    [InlineData("Tivicay@20; Carafate 1 g@10", "ABS-26", "moderate", "2 hours before or 6 hours after the sucralfate product")]
    // Calcium acetate phosphate binders and calcium polycarbophil fibre carry calcium.
    [InlineData("Cipro 500 mg@2/7; PhosLo 667 mg@30", "ABS-01", "moderate", "2 hours before or 6 hours after the calcium product")]
    [InlineData("levofloxacin@2/7; Phoslyra 667 mg/5 mL@30", "ABS-02", "moderate", "after the calcium product")]
    [InlineData("doxycycline 100 mg@2/10; s:FiberCon 625 mg@30", "ABS-07", "moderate", "from the calcium product")]
    [InlineData("Vibra-Tabs 100 mg@2/10; s:Tums@30", "ABS-07", "moderate", "from the calcium product")]
    // ABS-07 names sucralfate since 2026.12.18 (Carafate label: tetracycline, 2 hours apart) [237].
    [InlineData("tetracycline 500 mg@2/10; Carafate 1 g@10/30", "ABS-07", "moderate", "from the sucralfate product")]
    // Lanthanum carbonate (Fosrenol product information), orlistat (Xenical, Synthroid labels), patiromer (Veltassa label).
    [InlineData("Synthroid 100 mcg@30/30; Fosrenol 500 mg@60", "ABS-29", "moderate", "within 2 hours of the lanthanum product")]
    [InlineData("Armour Thyroid 60 mg@20; Fosrenol 1000 mg chewable@30", "ABS-29", "moderate", "monitor TSH more closely")]
    [InlineData("doxycycline 100 mg@2/10; Fosrenol 500 mg@30", "ABS-30", "moderate", "within 2 hours of the lanthanum product")]
    [InlineData("Levaquin 500 mg@2/7; lanthanum carbonate 500 mg@30", "ABS-31", "moderate", "2 hours before or 4 hours after the lanthanum product")]
    [InlineData("Cipro 500 mg@2/7; Fosrenol 500 mg@30", "ABS-27", "moderate", "2 hours before or 6 hours after the lanthanum product")]
    [InlineData("levothyroxine 100 mcg@30/30; Xenical 120 mg@20", "ABS-32", "moderate", "Take levothyroxine and orlistat at least 4 hours apart")]
    [InlineData("Synthroid 75 mcg@30/30; s:alli 60 mg@20", "ABS-32", "moderate", "at least 4 hours apart")]
    [InlineData("levothyroxine 100 mcg@30/30; Veltassa 8.4 g packet@20", "ABS-33", "moderate", "3 hours before or 3 hours after patiromer")]
    [InlineData("Cipro 500 mg@2/7; Veltassa 8.4 g packet@20", "ABS-33", "moderate", "3 hours before or 3 hours after patiromer")]
    // Dolutegravir products keep the Tivicay hours; Juluca has its own label (ABS-38), Atelvia its own routine (ABS-39).
    [InlineData("Dovato@20; s:Tums@30", "ABS-10", "moderate", "Take dolutegravir 2 hours before or 6 hours after the calcium product")]
    [InlineData("Actonel 35 mg@20; s:Caltrate 600@30", "ABS-09", "info", "on waking with plain water, at least 30 minutes before anything else")]
    [InlineData("Juluca@20; s:calcium carbonate 600 mg@30", "ABS-38", "moderate", "take it together with Juluca and a meal")]
    [InlineData("Juluca 50 mg/25 mg@20; s:Maalox@30", "ABS-38", "moderate", "take Juluca at least 4 hours before or 6 hours after it")]
    [InlineData("dolutegravir/rilpivirine 50/25 mg@20; s:ferrous sulfate 325 mg@30", "ABS-38", "moderate", "If it is a calcium or iron supplement")]
    [InlineData("Juluca@20; Carafate 1 g@10", "ABS-26", "moderate", "after the sucralfate product")]
    [InlineData("Atelvia 35 mg@20; s:Caltrate 600@30", "ABS-39", "info", "immediately after breakfast")]
    [InlineData("risedronate sodium DR 35 mg@20; s:Slow Fe@30", "ABS-39", "info", "take the iron product at a different time of day")]
    [InlineData("risedronate sodium delayed-release 35 mg@20; s:magnesium oxide 400 mg@30", "ABS-39", "info", "at a different time of day")]
    // "DR" in a manufacturer's name (Dr. Reddy's) is no delayed-release form: immediate-release risedronate, ABS-09.
    [InlineData("RISEDRONATE SODIUM 35MG TAB DR REDDYS@20; s:Caltrate 600@30", "ABS-09", "info", "on waking with plain water, at least 30 minutes before anything else")]
    // Oral rilpivirine (Edurant, Complera, Odefsey, Juluca) and acid reducers.
    [InlineData("Edurant 25 mg@20; s:Prilosec OTC 20 mg@10", "ABS-35", "contraindicated", "Do not use the omeprazole product with oral rilpivirine")]
    [InlineData("Odefsey@20; Nexium 40 mg@10", "ABS-35", "contraindicated", "contraindicated")]
    [InlineData("Eviplera 200mg/25mg/245mg@20; omeprazole 20 mg@10", "ABS-35", "contraindicated", "contraindicated")] // the EU name of Complera [465]
    [InlineData("Juluca@20; pantoprazole 40 mg@10", "ABS-35", "contraindicated", "Do not use the pantoprazole product")]
    [InlineData("Edurant 25 mg@20; s:Pepcid AC 20 mg@10", "ABS-36", "moderate", "at least 12 hours before or at least 4 hours after the rilpivirine dose")]
    [InlineData("Juluca@20; s:famotidine 20 mg@10", "ABS-36", "moderate", "at least 12 hours before or at least 4 hours after")]
    [InlineData("Edurant 25 mg@20; s:Tums@10", "ABS-37", "moderate", "Take the calcium product at least 2 hours before or at least 4 hours after rilpivirine")]
    [InlineData("Complera@20; s:Mylanta@10", "ABS-37", "moderate", "at least 2 hours before or at least 4 hours after rilpivirine")]
    // Atazanavir (Reyataz, Evotaz) and the hepatitis C tablets with ledipasvir or velpatasvir (Harvoni, Epclusa, Vosevi) and acid reducers.
    [InlineData("Reyataz 300 mg capsule@20; omeprazole 20 mg@10", "ABS-50", "major", "stop the omeprazole product if the patient is treatment-experienced")]
    [InlineData("Evotaz 300/150 mg tablet@20; s:Nexium 24HR 20 mg@10", "ABS-50", "major", "about 12 hours before atazanavir")]
    [InlineData("Evotaz 300/150 mg tablet@20; s:Pepcid AC 20 mg@10", "ABS-51", "moderate", "at least 10 hours after it")]
    [InlineData("atazanavir sulfate 300 mg@20; s:Tums@10", "ABS-52", "moderate", "Take atazanavir at least 2 hours before the calcium product")]
    [InlineData("Epclusa 400/100 mg tablet@20; pantoprazole 40 mg@10", "ABS-53", "major", "stop the pantoprazole product for the course of Epclusa")]
    [InlineData("Harvoni 90/400 mg tablet@20; omeprazole 20 mg@10", "ABS-54", "moderate", "taken at the same time as Harvoni on an empty stomach")]
    [InlineData("Vosevi@20; s:Prilosec OTC 20 mg@10", "ABS-55", "moderate", "at most the equivalent of omeprazole 20 mg a day")]
    [InlineData("Harvoni@20; s:famotidine 20 mg@10", "ABS-56", "moderate", "at the same time as the hepatitis C tablet or 12 hours apart")]
    [InlineData("Epclusa@20; s:Maalox@10", "ABS-57", "moderate", "at least 4 hours apart")]
    [InlineData("Vosevi@20; s:calcium carbonate 600 mg@30", "ABS-57", "moderate", "Take the calcium product and the hepatitis C tablet at least 4 hours apart")]
    // Kinase inhibitors: Sprycel (not Phyrago) with PPIs and H2 blockers; both with antacids; erlotinib.
    [InlineData("Sprycel 100 mg@20; omeprazole 20 mg@10", "ABS-58", "major", "Do not use the omeprazole product with Sprycel")]
    [InlineData("dasatinib 100 mg@20; s:Pepcid AC 20 mg@10", "ABS-58", "major", "Do not use the famotidine product")]
    [InlineData("Sprycel 100 mg@20; s:Tums@10", "ABS-59", "moderate", "at least 2 hours before or 2 hours after dasatinib")]
    [InlineData("Phyrago 100 mg@20; s:Tums@10", "ABS-60", "moderate", "Avoid the calcium product with Phyrago")]
    [InlineData("Tarceva 150 mg@20; pantoprazole 40 mg@10", "ABS-61", "major", "Avoid the pantoprazole product with erlotinib if possible")]
    [InlineData("erlotinib 150 mg@20; s:famotidine 20 mg@10", "ABS-62", "moderate", "Take erlotinib 10 hours after the famotidine dose")]
    [InlineData("Tarceva 150 mg@20; s:Maalox@10", "ABS-63", "moderate", "several hours apart from erlotinib")]
    // Since this change: gefitinib, pazopanib, nilotinib, bosutinib, neratinib, sotorasib, pexidartinib, dacomitinib.
    [InlineData("Iressa 250 mg@20; omeprazole 20 mg@10", "ABS-64", "major", "Avoid the omeprazole product with gefitinib if possible")]
    [InlineData("gefitinib 250 mg@20; s:famotidine 20 mg@10", "ABS-65", "moderate", "Take gefitinib 6 hours after or 6 hours before the famotidine product")]
    [InlineData("Iressa 250 mg@20; s:Tums@10", "ABS-65", "moderate", "Take gefitinib 6 hours after or 6 hours before the calcium product")]
    [InlineData("Votrient 800 mg@20; esomeprazole 40 mg@10", "ABS-66", "major", "Avoid the esomeprazole product with pazopanib")]
    [InlineData("pazopanib 400 mg@20; s:Pepcid AC 20 mg@10", "ABS-66", "major", "Avoid the famotidine product with pazopanib")]
    [InlineData("Votrient 800 mg@20; s:Maalox@10", "ABS-67", "moderate", "several hours apart from pazopanib")]
    [InlineData("Tasigna 200 mg@20; pantoprazole 40 mg@10", "ABS-68", "major", "Avoid the pantoprazole product with nilotinib capsules")]
    [InlineData("nilotinib 150 mg capsule@20; s:famotidine 20 mg@10", "ABS-69", "moderate", "Take the famotidine dose about 10 hours before and about 2 hours after the nilotinib dose")]
    [InlineData("Tasigna 200 mg@20; s:Tums@10", "ABS-70", "moderate", "about 2 hours before or about 2 hours after nilotinib")]
    [InlineData("Bosulif 500 mg@20; lansoprazole 30 mg@10", "ABS-71", "moderate", "whether the lansoprazole product can be replaced by a short-acting antacid or an H2 blocker")]
    [InlineData("bosutinib 400 mg@20; s:famotidine 20 mg@10", "ABS-72", "moderate", "more than 2 hours before or after bosutinib")]
    [InlineData("Bosulif 500 mg@20; s:Tums@10", "ABS-72", "moderate", "Take the calcium product more than 2 hours before or after bosutinib")]
    [InlineData("Nerlynx 240 mg@20; omeprazole 20 mg@10", "ABS-73", "major", "Avoid the omeprazole product with neratinib")]
    [InlineData("neratinib 40 mg@20; s:famotidine 20 mg@10", "ABS-74", "moderate", "Take neratinib at least 2 hours before the next famotidine dose or 10 hours after it")]
    [InlineData("Nerlynx 240 mg@20; s:Tums@10", "ABS-75", "moderate", "Take neratinib at least 3 hours after the calcium product")]
    [InlineData("Lumakras 960 mg@20; omeprazole 20 mg@10", "ABS-76", "major", "Avoid the omeprazole product with Lumakras")]
    [InlineData("sotorasib 320 mg@20; s:Pepcid AC 20 mg@10", "ABS-76", "major", "Avoid the famotidine product with Lumakras")]
    [InlineData("Lumakras 960 mg@20; s:Tums@10", "ABS-77", "moderate", "take Lumakras 4 hours before or 10 hours after it")]
    [InlineData("Turalio 125 mg@20; s:famotidine 20 mg@10", "ABS-78", "moderate", "Take pexidartinib at least 2 hours before or 10 hours after the famotidine dose")]
    [InlineData("pexidartinib 125 mg@20; s:Tums@10", "ABS-79", "moderate", "Take pexidartinib 2 hours before or 2 hours after the calcium product")]
    [InlineData("Vizimpro 45 mg@20; rabeprazole 20 mg@10", "ABS-80", "major", "Avoid the rabeprazole product with dacomitinib")]
    [InlineData("dacomitinib 45 mg@20; s:famotidine 20 mg@10", "ABS-81", "moderate", "Take dacomitinib at least 6 hours before or 10 hours after the famotidine dose")]
    // Since this change: oral ketoconazole, itraconazole capsules, posaconazole oral suspension.
    [InlineData("ketoconazole 200 mg tablet@20; omeprazole 20 mg@10", "ABS-82", "moderate", "take the ketoconazole tablets with an acidic drink such as a non-diet cola")]
    [InlineData("Nizoral 200 mg tablet@20; s:Pepcid AC 20 mg@10", "ABS-82", "moderate", "While the famotidine product is used")]
    [InlineData("ketoconazole 200 mg@20; s:Tums@10", "ABS-83", "moderate", "Take the calcium product at least 1 hour before or 2 hours after the ketoconazole tablets")]
    [InlineData("Sporanox 100 mg capsule@20; pantoprazole 40 mg@10", "ABS-84", "moderate", "take the itraconazole capsules with an acidic drink")]
    [InlineData("itraconazole 100 mg capsule@20; s:famotidine 20 mg@10", "ABS-84", "moderate", "While the famotidine product is used")]
    [InlineData("itraconazole 100 mg capsule@20; s:Maalox@10", "ABS-85", "moderate", "at least 2 hours before or 2 hours after the itraconazole capsules")]
    [InlineData("posaconazole 40 mg/mL oral suspension@20; esomeprazole 40 mg@10", "ABS-86", "major", "Avoid the esomeprazole product with posaconazole oral suspension")]
    [InlineData("Noxafil oral suspension 200 mg/5 mL@20; s:cimetidine 200 mg@10", "ABS-86", "major", "Avoid the cimetidine product with posaconazole oral suspension")]
    // Only the suspension is 40 mg/mL (200 mg/5 mL): the strength names it when the text has no form word.
    [InlineData("Noxafil 40 mg/mL@20; omeprazole 20 mg@10", "ABS-86", "major", "Avoid the omeprazole product with posaconazole oral suspension")]
    [InlineData("POSACONAZOLE 200MG/5ML@20; Nexium 40 mg@10", "ABS-86", "major", "Avoid the esomeprazole product with posaconazole oral suspension")]
    // Since this change: cefpodoxime proxetil and cefuroxime axetil.
    [InlineData("cefpodoxime 200 mg tablet@20; s:famotidine 20 mg@10", "ABS-87", "moderate", "Take each cefpodoxime dose with food")]
    [InlineData("Vantin 100 mg@20; omeprazole 20 mg@10", "ABS-87", "moderate", "consider whether the omeprazole product is needed")]
    [InlineData("cefpodoxime proxetil 100 mg/5 mL suspension@20; s:Tums@10", "ABS-88", "moderate", "Do not take the calcium product within 2 hours of cefpodoxime")]
    [InlineData("Ceftin 500 mg@20; pantoprazole 40 mg@10", "ABS-89", "moderate", "Avoid the pantoprazole product during the cefuroxime course if possible")]
    [InlineData("cefuroxime axetil 250 mg tablet@20; s:Pepcid AC 20 mg@10", "ABS-89", "moderate", "take each cefuroxime dose after a meal")]
    [InlineData("cefuroxime 500 mg tablet@20; s:Maalox@10", "ABS-90", "moderate", "Take cefuroxime at least 1 hour before or 2 hours after the")]
    // Since this change: acalabrutinib capsules (not the tablets).
    [InlineData("Calquence 100 mg capsule@20; omeprazole 20 mg@10", "ABS-91", "major", "Avoid the omeprazole product with Calquence capsules")]
    [InlineData("acalabrutinib 100 mg capsule@20; s:famotidine 20 mg@10", "ABS-92", "moderate", "Take the Calquence capsules 2 hours before the famotidine dose")]
    [InlineData("Calquence 100 mg capsule@20; s:Tums@10", "ABS-93", "moderate", "at least 2 hours apart from the Calquence capsules")]
    // Since this change: fat-soluble vitamins (and folic acid with the resins) with orlistat and the bile acid sequestrants.
    [InlineData("Xenical 120 mg capsule@20; s:Centrum@30", "ABS-96", "moderate", "at least 2 hours before or after orlistat, for example at bedtime")]
    [InlineData("s:alli 60 mg@20; s:vitamin E 400 IU softgel@30", "ABS-96", "moderate", "at least 2 hours before or after orlistat")]
    [InlineData("orlistat 120 mg@20; s:Vitamin D3 2000 IU@30", "ABS-96", "moderate", "at least 2 hours before or after orlistat")]
    [InlineData("Welchol 625 mg tablet@20; s:vitamin K2 100 mcg@30", "ABS-97", "moderate", "Take the vitamin supplement at least 4 hours before colesevelam")]
    [InlineData("colesevelam 3.75 g packet@20; s:multivitamin@30", "ABS-97", "moderate", "at least 4 hours before colesevelam")]
    [InlineData("Questran 4 g powder@20; s:vitamin A 10000 IU@30", "ABS-98", "moderate", "at least 1 hour before or 4 to 6 hours after cholestyramine")]
    [InlineData("Prevalite 4 g@20; s:folic acid 800 mcg@30", "ABS-98", "moderate", "at least 1 hour before or 4 to 6 hours after cholestyramine")]
    [InlineData("Colestid 1 g tablet@20; s:beta carotene 25000 IU@30", "ABS-99", "moderate", "at least 1 hour before or 4 hours after colestipol")]
    [InlineData("colestipol 5 g granules@20; folic acid 1 mg tablet@30", "ABS-99", "moderate", "at least 1 hour before or 4 hours after colestipol")]
    // ABS-100 levothyroxine with a proton pump inhibitor: no spacing, a TSH check (the levothyroxine labels, 7.1) [353].
    [InlineData("levothyroxine 100 mcg@30/30; omeprazole 20 mg@10", "ABS-100", "info", "Check TSH about 6 to 8 weeks after the omeprazole product is started")]
    [InlineData("Synthroid 88 mcg@30/30; s:Prilosec OTC 20 mg@10", "ABS-100", "info", "after the omeprazole product is started, stopped or its dose changed")]
    [InlineData("Tirosint 50 mcg capsule@30/30; Protonix 40 mg@10", "ABS-100", "info", "after the pantoprazole product is started")]
    [InlineData("Levoxyl 75 mcg@30/30; Nexium 40 mg@10", "ABS-100", "info", "after the esomeprazole product is started")]
    // since 2027.1.37 [564]: sodium bicarbonate, an antacid of the labels' sentence that binds nothing: the same TSH check
    [InlineData("Synthroid 100 mcg@30/30; s:sodium bicarbonate 650 mg tablet@10", "ABS-100", "info", "after the sodium bicarbonate product is started, stopped or its dose changed")]
    [InlineData("levothyroxine 50 mcg@30/30; s:baking soda@10", "ABS-100", "info", "review whether the sodium bicarbonate product is still needed")]
    [InlineData("levothyroxine 50 mcg@30/30; s:Alka-Seltzer Original@10", "ABS-100", "info", "Check TSH about 6 to 8 weeks after the sodium bicarbonate product")]
    // ABS-101 sotalol, ABS-102 fexofenadine with an aluminium/magnesium antacid (their labels) [354]-[356].
    [InlineData("Betapace 80 mg@30/30; s:Maalox Advanced Maximum Strength@10", "ABS-101", "moderate", "Take sotalol at least 2 hours before or after the aluminum hydroxide product")]
    [InlineData("sotalol hydrochloride 120 mg@30/30; s:Mylanta@10", "ABS-101", "moderate", "at least 2 hours before or after")]
    [InlineData("s:Allegra Allergy 180 mg@10; s:Maalox@10", "ABS-102", "info", "Take fexofenadine and the aluminum hydroxide product a few hours apart")]
    [InlineData("fexofenadine 180 mg@10; s:AlternaGEL@10", "ABS-102", "info", "a few hours apart")]
    // ABS-103 a drug that needs stomach acid with Lokelma (sodium zirconium cyclosilicate): 2 hours apart [366]-[368].
    [InlineData("Reyataz 300 mg capsule@30/30; Lokelma 10 g packet@10/30", "ABS-103", "moderate", "Take atazanavir at least 2 hours before or 2 hours after the sodium zirconium cyclosilicate product (Lokelma)")]
    [InlineData("Sprycel 100 mg@30/30; sodium zirconium cyclosilicate 5 g@10/30", "ABS-103", "moderate", "Take dasatinib at least 2 hours before")]
    [InlineData("Noxafil 40 mg/mL oral suspension@10/30; Lokelma 10 g@10/30", "ABS-103", "moderate", "Take posaconazole oral suspension at least 2 hours before")]
    [InlineData("Edurant 25 mg@30/30; Lokelma 5 g@10/30", "ABS-103", "moderate", "Take rilpivirine at least 2 hours before")]
    [InlineData("Harvoni 90/400 mg@30/30; Lokelma 5 g@10/30", "ABS-103", "moderate", "Take ledipasvir/sofosbuvir at least 2 hours before")]
    // ABS-104 levodopa, carbidopa or entacapone with iron: chelation, 2 hours apart (entacapone 2 to 3) [369]-[371]; a
    // combination product gives one finding however many of its ingredients the rule names (Assert.Single above).
    [InlineData("Sinemet 25/100 mg tablet@30/30; s:ferrous sulfate 325 mg@10", "ABS-104", "moderate", "Separate the levodopa or entacapone dose from the iron product by at least 2 hours")]
    [InlineData("Stalevo 150 tablet@30/30; s:Slow Fe 45 mg@10", "ABS-104", "moderate", "the entacapone label asks for 2 to 3 hours")]
    [InlineData("Comtan 200 mg@30/30; s:ferrous gluconate 240 mg@10", "ABS-104", "moderate", "watch for wearing-off or worsening Parkinson's symptoms")]
    [InlineData("Rytary 36.25/145 mg capsule@30/30; s:One A Day Womens@10", "ABS-104", "moderate", "at least 2 hours")]
    [InlineData("Madopar 125@30/30; s:iron bisglycinate 25 mg@10", "ABS-104", "moderate", "at least 2 hours")]
    // ABS-105 methyldopa with iron: the label does not recommend it (major) [372][373].
    [InlineData("methyldopa 250 mg tablet@30/30; s:ferrous sulfate 325 mg@10", "ABS-105", "major", "Avoid taking the iron product with methyldopa")]
    [InlineData("Aldomet 500 mg@30/30; s:Feosol@10", "ABS-105", "major", "check blood pressure when the iron is started, changed or stopped")]
    // ABS-106 chloroquine or hydroxychloroquine with an aluminium or magnesium antacid: 4 hours apart [374]-[376]
    // (the magnesium antacids since 2027.1.37 [562]).
    [InlineData("Plaquenil 200 mg tablet@30/30; s:Maalox@10", "ABS-106", "info", "Take hydroxychloroquine at least 4 hours before or after the magnesium hydroxide product")] // Maalox named by its magnesium hydroxide since 2027.1.52 [618]
    [InlineData("chloroquine phosphate 250 mg@5/14; s:Gaviscon@10", "ABS-106", "info", "Take chloroquine at least 4 hours before or after")]
    [InlineData("Plaquenil 200 mg tablet@30/30; s:Phillips Milk of Magnesia@10", "ABS-106", "info", "Take hydroxychloroquine at least 4 hours before or after the magnesium hydroxide product")]
    [InlineData("HYDROXYCHLOROQUINE SULFATE 200MG TAB@30/30; s:Mag-Ox 400@10", "ABS-106", "info", "after the magnesium oxide product")]
    [InlineData("chloroquine phosphate 500 mg@5/14; s:magnesium trisilicate@10", "ABS-106", "info", "Take chloroquine at least 4 hours before or after the magnesium trisilicate product")]
    [InlineData("Aralen 500 mg@5/14; s:magnesium carbonate 250 mg@10", "ABS-106", "info", "after the magnesium carbonate product")]
    // ABS-107, ABS-108 deferasirox with an aluminium antacid or a bile acid sequestrant: the labeling says avoid [378].
    [InlineData("Jadenu 360 mg tablet@30/30; s:Maalox@10", "ABS-107", "major", "Do not take deferasirox with the aluminum hydroxide product")]
    [InlineData("Exjade 500 mg@30/30; cholestyramine 4 g powder@20/30", "ABS-108", "major", "Avoid the cholestyramine product with deferasirox")]
    [InlineData("deferasirox 90 mg tablet@30/30; Welchol 625 mg@20/30", "ABS-108", "major", "whether the deferasirox dose should be raised")]
    // ABS-109 the drugs the colesevelam labeling names: at least 4 hours before colesevelam [380].
    [InlineData("glyburide 5 mg@30/30; Welchol 625 mg@20/30", "ABS-109", "moderate", "Take glyburide at least 4 hours before colesevelam")]
    [InlineData("Amaryl 2 mg@30/30; colesevelam hydrochloride 625 mg tablet@20/30", "ABS-109", "moderate", "Take glimepiride at least 4 hours before colesevelam")]
    [InlineData("Glucotrol XL 10 mg@30/30; Welchol 3.75 g packet@20/30", "ABS-109", "moderate", "Take glipizide at least 4 hours before")]
    [InlineData("Benicar 20 mg@30/30; Welchol 625 mg@20/30", "ABS-109", "moderate", "Take olmesartan at least 4 hours before colesevelam")]
    [InlineData("Loestrin 1/20@30/28; Welchol 625 mg@20/30", "ABS-109", "moderate", "the 4-hour gap keeps it reliable")]
    [InlineData("Micronor 0.35 mg@30/28; Welchol 625 mg@20/30", "ABS-109", "moderate", "Take norethindrone at least 4 hours before colesevelam")]
    [InlineData("Dilantin 100 mg capsule@30/30; Welchol 625 mg@20/30", "ABS-109", "moderate", "For cyclosporine and phenytoin also check blood levels")]
    // ABS-110, ABS-111 ursodiol with an aluminium antacid or a bile acid resin (the ursodiol labels) [384].
    [InlineData("Actigall 300 mg capsule@30/30; s:Maalox@10", "ABS-110", "moderate", "Take ursodiol at least 2 hours before or after the aluminum hydroxide product")]
    [InlineData("ursodiol 250 mg tablet@30/30; s:Gaviscon Extra Strength@10", "ABS-110", "moderate", "or choose an antacid without aluminium")]
    [InlineData("Urso Forte 500 mg@30/30; Questran 4 g packet@20/30", "ABS-111", "moderate", "Take ursodiol at least 2 hours before cholestyramine or at least 4 hours after it")]
    [InlineData("ursodeoxycholic acid 300 mg@30/30; Colestid 1 g tablet@20/30", "ABS-111", "moderate", "Take ursodiol at least 2 hours before colestipol or at least 4 hours after it")]
    // Feroglobin (iron, zinc, folic acid, vitamin B12) was unrecognised, or read as vitamin B12 alone ("Feroglobin B12") [473].
    [InlineData("levothyroxine 100 mcg@30; s:Feroglobin capsules@10", "ABS-08", "moderate", "at least 4 hours apart")]
    [InlineData("ciprofloxacin 500 mg@2/7; s:Feroglobin B12 capsules@30", "ABS-01", "moderate", "2 hours before or 6 hours after the ")]
    // 2027.1.39: dairy with eltrombopag [581] and penicillamine [582]; nitrofurantoin with magnesium trisilicate [583].
    [InlineData("Promacta 50 mg@30; s:milk daily@50", "ABS-123", "moderate", "at least 2 hours before or 4 hours after the dairy product")]
    [InlineData("Alvaiz 36 mg@30; s:Greek yogurt daily@50", "ABS-123", "moderate", "at least 2 hours before or 4 hours after the dairy product")]
    [InlineData("Depen 250 mg@30; s:milk@50", "ABS-124", "moderate", "at least 1 hour apart from the dairy product")]
    [InlineData("Cuprimine 250 mg capsule@30; s:whole milk@50", "ABS-124", "moderate", "at least 1 hour apart from the dairy product")]
    [InlineData("Macrobid 100 mg@5/7; s:magnesium trisilicate antacid@20", "ABS-125", "info", "Do not take the magnesium trisilicate product at the same time as nitrofurantoin")]
    [InlineData("Macrodantin 50 mg@5/7; s:magnesium trisilicate 250 mg@20", "ABS-125", "info", "Do not take the magnesium trisilicate product at the same time as nitrofurantoin")]
    // 2027.1.40: demeclocycline with dairy [584]; Gaviscon Regular Strength tablets are magnesium trisilicate [585].
    [InlineData("demeclocycline 150 mg@10/14; s:milk daily@50", "ABS-126", "moderate", "Take demeclocycline 1 hour before or 2 hours after meals and the dairy product")]
    [InlineData("Declomycin 300 mg@10/14; s:Greek yogurt@50", "ABS-126", "moderate", "Take demeclocycline 1 hour before or 2 hours after meals and the dairy product")]
    [InlineData("Macrobid 100 mg@5/7; s:Gaviscon Regular Strength chewable tablets@20", "ABS-125", "info", "Do not take the magnesium trisilicate product at the same time as nitrofurantoin")]
    // 2027.1.42: iron by mouth with a proton pump inhibitor, no spacing (the esomeprazole labeling: iron salts) [588].
    [InlineData("PANTOPRAZOLE SOD DR 40MG TAB@60/90; s:Ferrous sulfate 325 mg@60", "ABS-127", "info", "If the iron product treats iron deficiency, check that haemoglobin and ferritin respond")]
    [InlineData("s:Nexium 24HR 20 mg@30; s:Slow Fe 45 mg@20", "ABS-127", "info", "review whether the esomeprazole product is still needed")]
    [InlineData("omeprazole 20 mg@30/30; ferrous gluconate 240 mg tablet@20/30", "ABS-127", "info", "review whether the omeprazole product is still needed")]
    // 2027.1.44: soybean-based infant formula with levothyroxine (the Synthroid label, 2.1) [593].
    [InlineData("Synthroid 25 mcg@60; s:Similac Soy Isomil@30", "ABS-128", "moderate", "Do not give levothyroxine in the soy infant formula product: crush the tablet, suspend it in 5 to 10 mL of water")]
    [InlineData("LEVOTHYROXINE 25MCG TAB@60; s:Enfamil ProSobee@30", "ABS-128", "moderate", "within an hour of a soy formula feed, check TSH and free T4")]
    // 2027.1.44: infant formula is a milk product, not an iron supplement [594]; infant iron drops stay iron.
    [InlineData("CIPROFLOXACIN 250MG/5ML SUSP@3/10; s:iron-fortified infant formula@30", "ABS-122", "moderate", "6 hours after the infant formula product")]
    [InlineData("Promacta for oral suspension 12.5 mg@30; s:Enfamil Infant with Iron@30", "ABS-123", "moderate", "at least 2 hours before or 4 hours after the infant formula product")]
    [InlineData("Omnicef 125 mg/5 mL suspension@3/10; s:Enfamil Fer-In-Sol infant iron drops@30", "ABS-22", "moderate", "at least 2 hours before or after the iron product")]
    // 2027.1.44: sodium polystyrene sulfonate with cation-donating antacids and laxatives (the resin labels) [595].
    [InlineData("Kayexalate 15 g powder@5/30; s:Phillips Milk of Magnesia@20", "ABS-129", "major", "Do not give the magnesium hydroxide product (milk of magnesia) with sodium polystyrene sulfonate")]
    [InlineData("SODIUM POLYSTYRENE SULFONATE 15G/60ML SUSP@5/30; s:Tums 750 mg@20", "ABS-130", "moderate", "take them at least 3 hours apart")]
    [InlineData("Kionex 15 g@5/30; s:Mag-Ox 400@20", "ABS-130", "moderate", "Avoid the magnesium oxide product with sodium polystyrene sulfonate")]
    // 2027.1.44: phenytoin with a calcium antacid, staggered (the Dilantin label) [596].
    [InlineData("Dilantin 100 mg capsule@30/30; s:Tums 500 mg@20", "ABS-131", "info", "Take phenytoin and the calcium product at different times of day")]
    [InlineData("PHENYTOIN SOD EXT 100MG CAP@30/30; s:calcium carbonate 1250 mg@20", "ABS-131", "info", "check the level if seizure control worsens")]
    // 2027.1.44: sodium fluoride with dairy foods (the fluoride labels) and calcium (their mechanism; E4) [598].
    [InlineData("Fluoritab 0.5 mg chewable tablet@30/30; s:whole milk@30", "ABS-132", "info", "Give the fluoride tablet or drops apart from the dairy product")]
    [InlineData("Sodium fluoride 1.1 mg chewable tablet@30/30; s:Caltrate 600 mg@30", "ABS-132", "info", "apart from the calcium product")]
    [InlineData("Luride 0.25 mg drops@30/30; s:Enfamil Infant with Iron@30", "ABS-132", "info", "apart from the infant formula product")]
    // 2027.1.51: baloxavir with dairy products (the Xofluza label, 2.1) [612], found by probe-clin20 M4.
    [InlineData("Xofluza 80 mg@0/1; s:yogurt daily@20", "ABS-24", "moderate", "Do not take the single dose of baloxavir together with the dairy product")]
    [InlineData("Xofluza 40 mg@0/1; s:whole milk@20", "ABS-24", "moderate", "avoid dairy products, calcium-fortified drinks")]
    [InlineData("Xofluza 40 mg@0/1; s:Tums 750 mg@20", "ABS-24", "moderate", "together with the calcium product")]
    // 2027.1.48 [602]: a manufacturer's "Pharma" was read as Pharmaflur (sodium fluoride), a second finding (ABS-132)
    [InlineData("Levothyroxine 50 mcg Lupin Pharma@60; s:Caltrate 600+D3@30", "ABS-08", "moderate", "at least 4 hours")]
    public void SpacingInstructionWhileBothActive(string regimen, string ruleId, string severity, string instruction)
    {
        var result = Evaluate(regimen);

        var finding = Assert.Single(result.Findings, f => f.Concern == Concern.AbsorptionTiming);
        Assert.Equal(ruleId, finding.RuleId);
        Assert.Equal(severity, WireNames.Of(finding.Severity));
        Assert.Contains(instruction, finding.Recommendation, StringComparison.Ordinal);
        Assert.DoesNotContain("{precipitant}", finding.Recommendation, StringComparison.Ordinal);
        Assert.DoesNotContain("{object}", finding.Recommendation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ciprofloxacin@2/7; omeprazole@30")] // PPIs and H2RAs do not chelate
    [InlineData("ciprofloxacin@10/7; s:Tums@30")] // antibiotic course over (7 + 2 grace days)
    [InlineData("ciprofloxacin@8.99/7; s:Tums@30!0.01")] // antacid stopped
    [InlineData("levothyroxine@20; s:magnesium@30")] // not listed for levothyroxine
    [InlineData("raltegravir@20; s:calcium@30")] // raltegravir: Mg/Al antacids only
    [InlineData("Isentress 400 mg tablet@20; s:Tums 750 mg@30")] // twice-daily raltegravir: calcium carbonate needs no change [267]
    [InlineData("Lipitor (atorvastatin calcium) 20 mg@20; levothyroxine@20")] // a salt is not a mineral supplement
    [InlineData("esomeprazole magnesium 40 mg@20; ciprofloxacin@2/7")] // nor is a PPI's magnesium salt
    [InlineData("levofloxacin@2/7; s:Tums@-1")] // antacid not started yet
    [InlineData("doxycycline@2/10; Veltassa 8.4 g@20")] // the Veltassa label names ciprofloxacin, levothyroxine, metformin
    [InlineData("Actigall 300 mg@30/30; s:Tums 750 mg@10")] // the ursodiol labels name aluminium antacids, not calcium carbonate
    [InlineData("ursodiol 300 mg@30/30; Welchol 625 mg@20/30")] // nor colesevelam (its labeling names other drugs, ABS-109)
    [InlineData("Veltassa (patiromer sorbitex calcium) 8.4 g@20; levofloxacin@2/7")] // its calcium counter-ion is not a calcium product
    // Not taken by mouth: nothing meets the drug in the gut (the labels' spacing is about oral products).
    [InlineData("Cipro 500 mg@2/7; s:Magnesium oil spray@30")]
    [InlineData("Cipro 500 mg@2/7; s:magnesium sulfate epsom salt bath@30")]
    [InlineData("Doryx 100 mg@2/10; s:Desitin zinc oxide diaper cream@30")]
    [InlineData("Synthroid 100 mcg@20/30; iron sucrose IV (Venofer)@5")]
    [InlineData("Cipro HC Otic@2/7; s:Tums Extra Strength 750@30")]
    [InlineData("Cetraxal 0.5 mg/0.25 mL@2/7; s:Tums Extra Strength 750@30")] // 2027.1.31 [532]: an ear drop by its brand alone
    [InlineData("ciprofloxacin 0.3% ophthalmic solution@2/7; s:calcium carbonate 600 mg@30")]
    [InlineData("ofloxacin 0.3% otic solution@2/7; s:ferrous sulfate 325 mg@30")]
    // Rilpivirine: only acid reducers; the intramuscular form (Cabenuva, Rekambys) meets nothing in the stomach.
    [InlineData("Edurant 25 mg@20")]
    [InlineData("Edurant 25 mg@20; s:ferrous sulfate 325 mg@30")]
    [InlineData("Edurant 25 mg@20; s:vitamin D3 2000 IU@30")]
    [InlineData("Cabenuva 600 mg/900 mg injection@20/30; omeprazole 20 mg@30")]
    [InlineData("rilpivirine 900 mg injection@20/30; s:famotidine 20 mg@10")]
    [InlineData("Tivicay 50 mg@20; omeprazole 20 mg@30")]
    [InlineData("Atelvia 35 mg@20; s:vitamin D3 2000 IU@30")]
    // Atazanavir and the hepatitis C tablets: acid reducers only; not iron, not vitamin D, not cobicistat's partners.
    [InlineData("Reyataz 300 mg capsule@20")]
    [InlineData("Evotaz@20; s:ferrous sulfate 325 mg@30")]
    [InlineData("Harvoni@20; s:vitamin D3 2000 IU@30")]
    [InlineData("Epclusa@20; s:zinc 50 mg@30")]
    [InlineData("Tybost 150 mg@20; omeprazole 20 mg@10")]
    // Phyrago's label: no clinically significant change with omeprazole or famotidine.
    [InlineData("Phyrago 100 mg@20; omeprazole 20 mg@10")]
    [InlineData("Phyrago 100 mg@20; s:Pepcid AC 20 mg@10")]
    [InlineData("Tarceva 150 mg@20; s:ferrous sulfate 325 mg@30")]
    // Since this change: dacomitinib's label names antacids as the alternative (no spacing); iron raises no gastric pH;
    // the pexidartinib PPI sentence was not read (no rule until review).
    [InlineData("Vizimpro 45 mg@20; s:Tums@10")]
    [InlineData("Iressa 250 mg@20; s:ferrous sulfate 325 mg@30")]
    [InlineData("Tasigna 200 mg@20; s:vitamin D3 2000 IU@30")]
    [InlineData("Turalio 125 mg@20; omeprazole 20 mg@10")]
    // Since this change: skin and scalp ketoconazole, the itraconazole oral solution and Tolsura, posaconazole's
    // delayed-release tablets and PowderMix, the injection, and the oral suspension with famotidine or an antacid.
    [InlineData("ketoconazole 2% shampoo@20; omeprazole 20 mg@10")]
    [InlineData("ketoconazole 2% cream@20; s:Tums@10")]
    [InlineData("Nizoral A-D shampoo@20; s:Pepcid AC 20 mg@10")]
    [InlineData("Extina 2% foam@20; pantoprazole 40 mg@10")]
    [InlineData("Sporanox oral solution 10 mg/mL@20; omeprazole 20 mg@10")]
    [InlineData("Tolsura 65 mg capsule@20; omeprazole 20 mg@10")]
    [InlineData("itraconazole 65 mg capsule (Tolsura)@20; s:Tums@10")]
    [InlineData("posaconazole 100 mg DR tablet@20; omeprazole 20 mg@10")]
    [InlineData("Noxafil 100 mg delayed-release tablet@20; s:Pepcid AC 20 mg@10")]
    [InlineData("Noxafil PowderMix for delayed-release oral suspension@20; omeprazole 20 mg@10")]
    [InlineData("posaconazole 300 mg/16.7 mL injection@20; pantoprazole 40 mg@10")]
    [InlineData("posaconazole oral suspension@20; s:famotidine 20 mg@10")]
    [InlineData("posaconazole oral suspension@20; s:Tums@10")]
    // Since this change: cefuroxime by injection (Zinacef, cefuroxime sodium, an IV text).
    [InlineData("Zinacef 1.5 g@20; pantoprazole 40 mg@10")]
    [InlineData("cefuroxime sodium 750 mg vial@20; s:famotidine 20 mg@10")]
    [InlineData("cefuroxime 1.5 g IV@20; s:Tums@10")]
    // Since this change: acalabrutinib tablets (acalabrutinib maleate), and a text naming no form.
    [InlineData("Calquence 100 mg tablet@20; omeprazole 20 mg@10")]
    [InlineData("acalabrutinib maleate 100 mg tablet@20; s:Tums@10")]
    [InlineData("Calquence 100 mg@20; pantoprazole 40 mg@10")]
    // Since this change: products the orlistat and sequestrant labels do not name (fish oil, vitamin C, vitamin B12;
    // folic acid with colesevelam), and vitamins put on the skin or injected.
    [InlineData("Xenical 120 mg capsule@20; s:fish oil 1000 mg softgel@30")]
    [InlineData("s:alli 60 mg@20; s:vitamin C 500 mg@30")]
    [InlineData("Welchol 625 mg tablet@20; s:folic acid 1 mg@30")]
    [InlineData("Questran 4 g powder@20; s:vitamin C 500 mg@30")]
    [InlineData("Colestid 1 g tablet@20; s:vitamin B12 1000 mcg@30")]
    [InlineData("Xenical 120 mg capsule@20; s:retinol night cream@30")]
    [InlineData("Welchol 625 mg tablet@20; s:vitamin E cream@30")]
    [InlineData("Questran 4 g powder@20; phytonadione 10 mg/mL injection@1/1")]
    [InlineData("levothyroxine 100 mcg@30/30; famotidine 20 mg@10")] // the levothyroxine labels name the PPIs, not the H2 blockers
    [InlineData("levothyroxine 100 mcg@30/30; omeprazole 20 mg@100!2")] // PPI stopped (the TSH check then belongs to the prescriber's follow-up)
    [InlineData("levothyroxine 100 mcg@30/30; Lokelma 10 g@10/30")] // Lokelma: no clinically relevant interaction in volunteers [367]
    [InlineData("Pradaxa 150 mg capsule@30/30; Lokelma 10 g@10/30")] // dabigatran: exposure lower, no spacing asked [367]
    [InlineData("Phyrago 100 mg@30/30; Lokelma 10 g@10/30")] // the dasatinib formulation whose label allows acid reducers
    [InlineData("Noxafil 100 mg delayed-release tablet@10/30; Lokelma 10 g@10/30")] // posaconazole tablets: not acid-dependent
    [InlineData("Reyataz 300 mg capsule@30/30; Lokelma 10 g@100/30")] // Lokelma ended (30 days + grace, 100 days ago)
    [InlineData("Betapace 80 mg@30/30; s:Tums 500 mg@10")] // calcium carbonate: the sotalol labels name aluminium/magnesium antacids
    [InlineData("fexofenadine 180 mg@10; omeprazole 20 mg@10")] // not an antacid
    [InlineData("Sinemet 25/100 mg tablet@30/30; Venofer 200 mg IV@10/30")] // IV iron does not meet levodopa in the gut
    // Inbrija: inhaled levodopa, capsules not swallowed (its label); until 2027.1.21 ABS-104 [480].
    [InlineData("Inbrija 42 mg inhalation@30/30; s:ferrous sulfate 325 mg@10")]
    [InlineData("INBRIJA 42 MG INHALATION POWDER CAPSULE@30/30; s:ferrous sulfate 325 mg@10")]
    [InlineData("levodopa inhalation powder 42 mg capsules@30/30; s:Slow Fe 45 mg@10")]
    [InlineData("Sinemet 25/100 mg tablet@30/30; s:Centrum Silver@10")] // a multivitamin that names no iron
    [InlineData("Sinemet 25/100 mg tablet@30/30; s:calcium carbonate 500 mg@10")] // the iron chelate; calcium is not named
    [InlineData("Sinemet 25/100 mg tablet@30/30; s:ferrous sulfate 325 mg@100!2")] // iron stopped
    [InlineData("methyldopa 250 mg tablet@30/30; s:calcium carbonate 500 mg@10")] // the methyldopa label names the iron salts
    [InlineData("methyldopate hydrochloride 250 mg/5 mL injection@1/1; s:ferrous sulfate 325 mg@10")] // injected: methyldopate injection, not ABS-105's
    [InlineData("Plaquenil 200 mg tablet@30/30; s:Tums 500 mg@10")] // calcium: also every calcium supplement; in vitro data only (for review, [562])
    [InlineData("Plaquenil 200 mg tablet@30/30; s:magnesium citrate 250 mg@10")] // a magnesium supplement salt, not an antacid (2027.1.37, [562])
    [InlineData("hydroxychloroquine 200 mg@30/30; s:magnesium glycinate 200 mg@10")]
    [InlineData("Plaquenil 200 mg tablet@30/30; s:sodium bicarbonate 650 mg@10")] // soluble antacid, no adsorption reported (for review, [562])
    [InlineData("Plaquenil 200 mg tablet@30/30; s:Maalox@100!50")] // the antacid stopped before the hydroxychloroquine started
    [InlineData("Jadenu 360 mg tablet@30/30; s:Tums 500 mg@10")] // the deferasirox labeling names aluminium antacids only
    [InlineData("Jadenu 360 mg tablet@30/30; cholestyramine 4 g powder@200/30")] // the resin ended months ago
    [InlineData("Xulane (norelgestromin and ethinyl estradiol) transdermal patch@30/28; Welchol 625 mg@20/30")] // a patch does not meet colesevelam in the gut
    [InlineData("etonogestrel and ethinyl estradiol vaginal ring@30/28; Welchol 625 mg@20/30")]
    [InlineData("Restasis 0.05% eye drops@30/30; Welchol 625 mg@20/30")] // cyclosporine eye drops are their own ingredient
    [InlineData("glyburide 5 mg@30/30; cholestyramine 4 g powder@20/30")] // ABS-109 is the colesevelam labeling's list
    [InlineData("sitagliptin 100 mg@30/30; Welchol 625 mg@20/30")] // the labeling lists sitagliptin among drugs that do not interact
    [InlineData("ciprofloxacin@2/7; s:Mylanta Gas Maximum Strength@30")] // simethicone only: chelates nothing (until 2027.1.7 read as Maalox)
    [InlineData("raltegravir@20; s:Maalox Anti-Gas@30")]
    [InlineData("levothyroxine 100 mcg@20; s:magnesium glycinate 200 mg@30")] // a magnesium supplement: the labels name the hydroxide antacids
    [InlineData("Myfortic 360 mg@20; Protonix 40 mg@30")] // 2027.1.26 [512]: mycophenolic acid delayed-release is not affected by PPIs
    [InlineData("mycophenolic acid DR 360 mg@20; omeprazole 20 mg@30")]
    [InlineData("CellCept Intravenous 500 mg vial@3; Protonix 40 mg@30")] // not by mouth
    [InlineData("Avelox 400 mg@2/7; s:Tums 750 mg@30")] // 2027.1.26 [513]: calcium is not in the Avelox list; calcium left moxifloxacin AUC unchanged
    [InlineData("moxifloxacin 400 mg@2/7; s:Caltrate 600@30")]
    [InlineData("Cipro 500 mg@2/7; Velphoro 500 mg chewable tablet@30")] // 2027.1.27 [517]: the Velphoro label lists ciprofloxacin among drugs taken with it; not read as iron
    [InlineData("levofloxacin 500 mg@2/7; Velphoro 500 mg@30")]
    [InlineData("Velphoro 500 mg@30; aspirin 81 mg@30")] // current US label through summaries only; not named (for review)
    [InlineData("Cabenuva 600 mg/900 mg injection@60; Voquezna 20 mg@30")] // 2027.1.28 [518]: injected rilpivirine meets no stomach
    [InlineData("Noxafil 100 mg delayed-release tablet@10; Voquezna 20 mg@30")] // only the oral suspension needs acid
    [InlineData("Promacta 50 mg@30; s:milk thistle 175 mg@50")]
    [InlineData("doxycycline 100 mg@5/10; s:milk daily@50")] // no rule names doxycycline with dairy (not changed in 2027.1.39)
    [InlineData("Macrobid 100 mg@5/7; s:Mag-Ox 400@20")] // the nitrofurantoin label names magnesium trisilicate only
    [InlineData("Macrobid 100 mg@5/7; s:Tums 500 mg@20")]
    [InlineData("Macrobid 100 mg@20/7; s:magnesium trisilicate antacid@30")] // the course is over
    [InlineData("Macrobid 100 mg@5/7; s:Gaviscon Extra Strength Liquid@20")] // 2027.1.40 [585]: aluminium hydroxide and magnesium carbonate
    [InlineData("Macrobid 100 mg@5/7; s:Gaviscon@20")] // no form named: not read as the trisilicate tablets
    [InlineData("tetracycline 500 mg@5/10; s:milk daily@50")] // the tetracycline label's dairy sentence was not read (not changed in 2027.1.40)
    [InlineData("demeclocycline 150 mg@10/14; s:milk thistle 175 mg@50")] // no dairy
    [InlineData("famotidine 20 mg@30/30; s:ferrous sulfate 325 mg@30")] // 2027.1.42 [588]: no H2 blocker label sentence on iron was read
    [InlineData("omeprazole 20 mg@30/30; Venofer 200 mg/10 mL IV@10/1")] // intravenous iron meets no stomach
    [InlineData("pantoprazole 40 mg@30/30; s:Vitamin C 500 mg@30")] // no iron
    [InlineData("Cytomel 5 mcg@30; s:soy-based infant formula@30")] // 2027.1.44 [593]: the Synthroid label names levothyroxine only
    [InlineData("Omnicef 125 mg/5 mL suspension@3/10; s:Similac Pro-Advance iron-fortified infant formula@30")] // [594]: the cefdinir labeling
    [InlineData("cefdinir 250 mg/5 mL suspension@3/10; s:infant formula with iron@30")] // the phrase is read across its "with"
    [InlineData("cefdinir 250 mg/5 mL suspension@3/10; s:Similac Advance with Iron@30")]
    [InlineData("Synthroid 25 mcg@60; s:Similac Advance with Iron@30")] // the label names soybean-based formula only
    // 2027.1.49 [608]: "Enfamil Infant" was a brand, so the rest, "formula with iron", was read as iron (ABS-22)
    [InlineData("cefdinir 125 mg/5 mL suspension@3/10; s:Enfamil Infant Formula with Iron@30")]
    [InlineData("cefdinir 125 mg/5 mL suspension@3/10; s:Gerber Good Start GentlePro formula with iron@30")]
    // 2027.1.49 [608]: a folate salt and a class word were read as calcium (ABS-08)
    [InlineData("levothyroxine 100 mcg tablet@20/90; s:Deplin 15 mg (L-methylfolate calcium)@10")]
    [InlineData("levothyroxine 100 mcg tablet@20/90; amlodipine 10 mg (calcium channel blocker)@20")]
    [InlineData("Synthroid 50 mcg@20/90; Safyral (drospirenone, ethinyl estradiol, levomefolate calcium)@20")]
    [InlineData("Kayexalate 15 g powder@5/30; s:Pepcid AC 20 mg@20")] // 2027.1.44 [595]: an acid reducer donates no cation
    [InlineData("Kayexalate 15 g powder@40/30; s:Phillips Milk of Magnesia@20")] // the resin has stopped
    [InlineData("Dilantin 100 mg capsule@30/30; s:Pepcid AC 20 mg@20")] // 2027.1.44 [596]: no calcium
    [InlineData("Dilantin 100 mg capsule@30/30; s:Mag-Ox 400@20")] // the label names calcium antacids only
    [InlineData("Luride 0.25 mg drops@30/30; s:Vitamin C 500 mg@30")] // 2027.1.44 [598]: no calcium
    // 2027.1.48 [602]: English words the corrector read as drug names (ABS-35 contraindicated, ABS-50)
    [InlineData("Juluca 50 mg/25 mg@20; norethindrone and ethinyl estradiol birth control pill@30")] // "control" was Controloc (pantoprazole)
    [InlineData("Reyataz 300 mg@20; norethindrone and ethinyl estradiol birth control pill@30")]
    public void NoSpacingAlertWithoutBothActive(string regimen) =>
        Assert.DoesNotContain(Evaluate(regimen).Findings, f => f.Concern == Concern.AbsorptionTiming);

    [Theory]
    // a mineral taken from two products: both are named, whichever started later (an independent clinical probe: the
    // Caltrate vanished from every alert once a Centrum with calcium and magnesium started after it)
    [InlineData("CIPRO 500 MG TAB@2/7; s:Caltrate 600 mg@30; s:Centrum Silver@10", "ABS-01")]
    [InlineData("CIPRO 500 MG TAB@2/7; s:Centrum Silver@30; s:Caltrate 600 mg@10", "ABS-01")]
    [InlineData("levothyroxine 100 mcg@60; s:Os-Cal 500 + D3@30; s:Centrum Silver@10", "ABS-08")]
    [InlineData("Biktarvy@20; s:Tums Ultra Strength 1000@10; s:One A Day Men's Multivitamin@10", "ABS-12")]
    public void EveryProductCarryingTheMineralIsNamed(string regimen, string ruleId)
    {
        var result = Evaluate(regimen);

        var finding = result.Single(ruleId); // one alert for the pair of therapies, not one per product
        var products = regimen.Split("; ").Skip(1).Select(p => p[2..p.IndexOf('@', StringComparison.Ordinal)]).ToList();
        Assert.All(products, p => Assert.Contains(finding.Involves, i => i.ProductText == p));
        Assert.All(products, p => Assert.Contains(p, finding.Detail, StringComparison.Ordinal));
        Assert.Contains(" are all active since ", finding.Detail, StringComparison.Ordinal); // three products, not "both"
    }

    // 2027.1.48: ABS-04's one sentence gave sucralfate both "2 hours before or 3 hours after" and "2 hours before it";
    // sucralfate is ABS-133 now, and each advice is asserted whole.
    [Theory]
    [InlineData("gemifloxacin@2/7; Carafate 1 g@10/30", "ABS-133", "Take gemifloxacin at least 2 hours before the sucralfate product, not after it.")]
    [InlineData("Factive 320 mg@2/7; sucralfate 1 g@30", "ABS-133", "Take gemifloxacin at least 2 hours before the sucralfate product, not after it.")]
    [InlineData("gemifloxacin@2/7; s:ferrous sulfate 325 mg@30", "ABS-04", "Take gemifloxacin at least 2 hours before or 3 hours after the iron product.")]
    public void GemifloxacinAdviceIsOneWholeSentence(string regimen, string ruleId, string recommendation)
    {
        var finding = Assert.Single(Evaluate(regimen).Findings, f => f.Concern == Concern.AbsorptionTiming);

        Assert.Equal(ruleId, finding.RuleId);
        Assert.Equal(recommendation, finding.Recommendation);
        Assert.DoesNotContain("sucralfate", finding.Recommendation.Replace("the sucralfate product", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void ARefillOfTheSameProductIsNotNamedTwice()
    {
        var finding = Evaluate("CIPRO 500 MG TAB@2/7; s:Caltrate 600 mg@30; s:Caltrate 600 mg@10").Single("ABS-01");

        Assert.Single(finding.Involves, i => i.Ingredient == "calcium");
        Assert.Contains(" are both active since ", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void CombinationAntacidGivesOneFinding()
    {
        var finding = Assert.Single(Evaluate("ciprofloxacin@2/7; s:Maalox@30").Findings);

        Assert.Equal("ABS-01", finding.RuleId);
        Assert.Equal(AsOf.AddDays(-2), finding.Since);
    }

    [Fact]
    public void AntacidLiquidWithSimethiconeGivesOneLevothyroxineFinding()
    {
        // aluminium hydroxide, magnesium hydroxide and simethicone are each ABS-08 precipitants: one finding, not three
        var finding = Assert.Single(Evaluate("levothyroxine 100 mcg@20; s:aluminum hydroxide, magnesium hydroxide and simethicone liquid@30").Findings);

        Assert.Equal("ABS-08", finding.RuleId);
        Assert.Contains(finding.Evidence, e => e.Citation.StartsWith("[386]", StringComparison.Ordinal));
    }

    [Fact]
    public void JulucaWithAnAntacidGivesOnlyItsOwnFinding()
    {
        var findings = Evaluate("Juluca@20; s:Tums@30").Findings.Where(f => f.Concern == Concern.AbsorptionTiming).ToList();

        var finding = Assert.Single(findings);
        Assert.Equal("ABS-38", finding.RuleId);
        Assert.DoesNotContain("2 hours before or 6 hours after", finding.Recommendation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Zegerid OTC 20 mg")]
    [InlineData("Omeprazole and sodium bicarbonate 20 mg/1,100 mg capsule")] // its generic, named as the label does
    [InlineData("omeprazole + sodium bicarbonate 40-1680 mg powder")]
    public void RilpivirineWithZegeridGivesThePpiContraindicationAndTheAntacidSpacing(string zegerid)
    {
        var rules = Evaluate($"Edurant 25 mg@20; s:{zegerid}@10").Findings
            .Where(f => f.Concern == Concern.AbsorptionTiming).Select(f => f.RuleId).ToList();

        Assert.Equal(["ABS-35", "ABS-37"], rules);
    }
}
