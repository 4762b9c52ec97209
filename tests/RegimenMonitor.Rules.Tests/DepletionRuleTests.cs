using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

/// <summary>DEP-01 … DEP-22: continuous therapy duration thresholds (just before / just after), co-risks and the counteracting products; and depletions deliberately not alerted.</summary>
public sealed class DepletionRuleTests
{
    [Theory]
    // DEP-01 PPI → magnesium: ≥90 d info, ≥365 d moderate.
    [InlineData("omeprazole 20 mg@89.99/120", "")]
    [InlineData("omeprazole 20 mg@90/120", "DEP-01:info:magnesium")]
    [InlineData("Nexium 40 mg@364.99/400", "DEP-01:info:magnesium")]
    [InlineData("Nexium 40 mg@365/400", "DEP-01:moderate:magnesium")]
    [InlineData("PANTOPRAZOLE SODIUM 40MG DR TAB@200/300", "DEP-01:info:magnesium")]
    [InlineData("s:Prilosec OTC@120", "DEP-01:info:magnesium")] // OTC reported as supplement
    [InlineData("Voquezna 10 mg@90/120", "DEP-01:info:magnesium")] // vonoprazan label: hypomagnesemia warning
    [InlineData("Voquezna 20 mg@89.99/120", "")]
    [InlineData("vonoprazan 10 mg@730/800", "DEP-01:moderate:magnesium")] // no B12 rule: DEP-02 cites PPI/H2RA data only
    // DEP-02 PPI/H2RA → B12 at ≥730 d.
    [InlineData("famotidine 20 mg@729.99/800", "")]
    [InlineData("Pepcid 20 mg@730/800", "DEP-02:info:vitamin b12")]
    [InlineData("lansoprazole@730/800", "DEP-01:moderate:magnesium,DEP-02:info:vitamin b12")]
    // DEP-03 metformin → B12 at ≥180 d.
    [InlineData("metformin 500 mg@179.99/200", "")]
    [InlineData("Glucophage 500 mg@180/200", "DEP-03:info:vitamin b12")]
    [InlineData("Janumet 50/1000@180/200", "DEP-03:info:vitamin b12")]
    [InlineData("Trijardy XR 10/5/1000@180/200", "DEP-03:info:vitamin b12")]
    [InlineData("Zituvimet 50/1000@179.99/200", "")]
    [InlineData("Zituvimet 50/1000@180/200", "DEP-03:info:vitamin b12")]
    // DEP-04 thiazide → potassium at ≥14 d; DEP-05 → magnesium at ≥365 d.
    [InlineData("hydrochlorothiazide 25 mg@13.99/30", "")]
    [InlineData("HCTZ 25 mg@14/30", "DEP-04:info:potassium")]
    [InlineData("chlorthalidone@364.99/400", "DEP-04:info:potassium")]
    [InlineData("chlorthalidone@365/400", "DEP-04:info:potassium,DEP-05:info:magnesium")]
    [InlineData("Zestoretic 20/12.5@30/90", "DEP-04:info:potassium")]
    [InlineData("Corzide 40/5 mg@30/90", "DEP-04:info:potassium")] // nadolol + bendroflumethiazide
    [InlineData("methyclothiazide 5 mg@365/400", "DEP-04:info:potassium,DEP-05:info:magnesium")]
    [InlineData("bendrofluazide 2.5 mg@14/30", "DEP-04:info:potassium")]
    [InlineData("Inzirqo 10 mg/mL@14/30", "DEP-04:info:potassium")]
    [InlineData("Hemiclor 12.5 mg@365/400", "DEP-04:info:potassium,DEP-05:info:magnesium")]
    // DEP-04 is silent while a potassium-sparing diuretic is active, in the same product or another (their labels
    // warn of hyperkalaemia); it speaks again once that diuretic has ended.
    [InlineData("Dyazide 37.5/25 mg capsule@150/180", "")]
    [InlineData("Maxzide-25@30/90", "")]
    [InlineData("Aldactazide 25/25 tablet@150/180", "")]
    [InlineData("Moduretic 5/50@30/90", "")]
    [InlineData("hydrochlorothiazide 25 mg@30/90; spironolactone 25 mg@30/90", "")]
    [InlineData("chlorthalidone@30/90; Inspra 25 mg@10/90", "")]
    [InlineData("indapamide@30/90; Kerendia 10 mg@10/90", "")]
    [InlineData("hydrochlorothiazide 25 mg@30/90; amiloride 5 mg@10/90", "")]
    [InlineData("hydrochlorothiazide 25 mg@100/120; spironolactone 25 mg@100/30", "DEP-04:info:potassium")] // ended 64 days ago
    [InlineData("Dyazide 37.5/25 mg capsule@400/500", "")] // the magnesium rule has the exception too since 2027.1.25 (amiloride, triamterene, spironolactone)
    [InlineData("Aldactazide 25/25 tablet@400/500", "")]
    [InlineData("hydrochlorothiazide 25 mg@400/500; amiloride 5 mg@400/500", "")]
    [InlineData("chlorthalidone@400/500; Inspra 25 mg@400/500", "DEP-05:info:magnesium")] // eplerenone: DEP-04's exception only (no magnesium source)
    [InlineData("furosemide@30/60; spironolactone 25 mg@30/90", "")] // the loop rule has the same exception (since 2027.1.23)
    [InlineData("furosemide@30/60; Aldactone 25 mg@100/30", "DEP-06:info:potassium")] // ended 64 days ago
    // DEP-06 loop → potassium at ≥14 d; DEP-07 → magnesium only with PPI/thiazide/digoxin.
    [InlineData("furosemide 40 mg@13.99/30", "")]
    [InlineData("Lasix 40 mg@14/30", "DEP-06:info:potassium")]
    [InlineData("Edecrin 25 mg@14/30", "DEP-06:info:potassium")]
    [InlineData("ethacrynic acid 50 mg@30/60; digoxin 125 mcg@30/90", "DEP-06:info:potassium,DEP-07:info:magnesium")]
    [InlineData("furosemide@30/60; digoxin 125 mcg@30/90", "DEP-06:info:potassium,DEP-07:info:magnesium")]
    [InlineData("furosemide@30/60; omeprazole@10/30", "DEP-06:info:potassium,DEP-07:info:magnesium")]
    [InlineData("bumetanide@30/60; indapamide@5/30", "DEP-06:info:potassium,DEP-07:info:magnesium")]
    // DEP-08 SSRI/SNRI → sodium only with a co-risk.
    [InlineData("sertraline@10", "")]
    [InlineData("sertraline@10; hydrochlorothiazide@10/30", "DEP-08:info:sodium")]
    [InlineData("Zoloft@10; Tegretol 200 mg@60", "DEP-08:info:sodium")]
    [InlineData("duloxetine@10; desmopressin@60", "DEP-08:info:sodium")]
    [InlineData("sertraline@10; furosemide 40 mg@10/30", "DEP-08:info:sodium")] // SSRI labels: patients taking diuretics [238]
    [InlineData("escitalopram 10 mg@10; Aptiom 800 mg tablet@60", "DEP-08:info:sodium")] // Aptiom label: hyponatremia [266]
    [InlineData("duloxetine@10; eslicarbazepine acetate 400 mg@60", "DEP-08:info:sodium")]
    [InlineData("bupropion@10; hydrochlorothiazide@10/30", "")]
    // DEP-09 isoniazid → B6 from the start.
    [InlineData("isoniazid 300 mg@0.01/30", "DEP-09:info:vitamin b6")]
    [InlineData("Rifamate 150/300 capsule@10/30", "DEP-09:info:vitamin b6")] // isoniazid + rifampin
    [InlineData("Rifater@10/30", "DEP-09:info:vitamin b6")] // isoniazid + rifampin + pyrazinamide
    [InlineData("IsonaRif capsule@10/30", "DEP-09:info:vitamin b6")] // 2027.1.48 [603]: rifampin 300 mg + isoniazid 150 mg (US)
    [InlineData("Rimactazid 300mg/150mg tablets@10/30", "DEP-09:info:vitamin b6")] // rifampicin + isoniazid (UK)
    [InlineData("Rimifon 150 mg comprime@10/30", "DEP-09:info:vitamin b6")] // isoniazid (FR)
    [InlineData("rifampin 300 mg@10/30", "")] // rifampin alone: no depletion rule
    // DEP-09 is silent while pyridoxine (vitamin B6) is taken; a multivitamin's B6 does not count.
    [InlineData("isoniazid 300 mg@10/30; s:Vitamin B6 50 mg@10", "")]
    [InlineData("Rifamate 150/300 capsule@10/30; pyridoxine 25 mg tablet@10/30", "")]
    [InlineData("isoniazid 300 mg@100/120; s:Vitamin B6 50 mg@100!30", "DEP-09:info:vitamin b6")] // B6 stopped 30 days ago
    // DEP-19 ethionamide (Trecator) → B6 from the start, silent while B6 is taken (its label: pyridoxine recommended) [589].
    [InlineData("Trecator 250 mg tablet@10/30", "DEP-19:info:vitamin b6")]
    [InlineData("ETHIONAMIDE 250MG TAB@10/30; s:pyridoxine 50 mg@10", "")]
    // DEP-20 pemetrexed → folate from the start, silent while folic acid or a multivitamin with it is taken (its labeling) [592].
    [InlineData("Alimta 500 mg vial@5/21", "DEP-20:info:folate")]
    [InlineData("PEMETREXED DISODIUM 500MG VIAL@5/21; s:folic acid 1 mg@10", "")]
    [InlineData("Pemfexy 500 mg/20 mL@5/21; s:Centrum Silver@30", "")]
    [InlineData("Alimta 500 mg vial@5/21; s:vitamin B12 1000 mcg@30", "DEP-20:info:folate")] // oral B12 is no folic acid
    [InlineData("Alimta 500 mg vial@5/21; leucovorin 5 mg tablet@5/5", "DEP-20:info:folate")] // leucovorin is a rescue, not the premedication
    [InlineData("isoniazid 300 mg@10/30; s:Centrum@10", "DEP-09:info:vitamin b6")]
    // DEP-13 penicillamine → B6 from the start (its labels: a daily pyridoxine supplement), silent while B6 is taken.
    [InlineData("Depen Titratabs (penicillamine) 250 mg@20/30", "DEP-13:info:vitamin b6")]
    [InlineData("Cuprimine 250 mg capsule@10/30", "DEP-13:info:vitamin b6")]
    [InlineData("penicillamine 250 mg capsule@10/30; pyridoxine 25 mg tablet@10/30", "")]
    // DEP-10 renal magnesium wasting, from the start.
    [InlineData("gentamicin@2/7", "DEP-10:info:magnesium")]
    [InlineData("Prograf 1 mg@100/120", "DEP-10:info:magnesium")]
    [InlineData("cyclosporine@10/30", "DEP-10:info:magnesium")]
    [InlineData("cisplatin@1/1", "DEP-10:info:magnesium")]
    [InlineData("amphotericin B@3/14", "DEP-10:info:magnesium")]
    // DEP-18 the anti-EGFR antibodies panitumumab and necitumumab → magnesium from the start (Vectibix SmPC, Portrazza boxed warning) [586][587].
    [InlineData("Vectibix 400 mg/20 mL vial@10/14", "DEP-18:info:magnesium")]
    [InlineData("PORTRAZZA 800 MG/50 ML INJ@5/21", "DEP-18:info:magnesium")]
    [InlineData("panitumumab 100 mg/5 mL@10/14; s:Mag-Ox 400@10", "DEP-18:info:magnesium")] // a magnesium supplement is named, not a reason for silence
    [InlineData("Vectibix 400 mg/20 mL vial@120/14", "")] // last infusion's supply ended more than 8 weeks ago
    // DEP-21 foscarnet → minerals and electrolytes from the start (the Foscavir boxed warning) [597].
    [InlineData("Foscavir 24 mg/mL 250 mL IV@3/14", "DEP-21:info:minerals and electrolytes")]
    [InlineData("foscarnet sodium 6 g/250 mL@3/14; s:Tums 500 mg@10", "DEP-21:info:minerals and electrolytes")] // a calcium product is named, not a reason for silence
    [InlineData("Foscavir 24 mg/mL 250 mL IV@60/14", "")] // the course is over
    // DEP-22 phenytoin → folate after 90 days, silent while folic acid is taken (2027.1.50 [609]; silent before).
    [InlineData("Dilantin 100 mg capsule@120/150", "DEP-22:info:folate")]
    [InlineData("phenytoin sodium extended 100 mg@89/150", "")] // under 90 days of continuous use
    [InlineData("Dilantin 100 mg capsule@120/150; s:folic acid 1 mg@120", "")]
    [InlineData("Cerebyx 50 mg PE/mL vial@120/150", "")] // fosphenytoin (IV) is not a trigger
    [InlineData("Mysoline 250 mg@120/150", "")] // primidone: no label text on folate read (for review)
    // DEP-11 methotrexate → folate from the start, silent while folic acid or leucovorin (folinic acid) is taken.
    [InlineData("methotrexate 2.5 mg tablet (Trexall)@0.01/28", "DEP-11:info:folate")]
    [InlineData("Otrexup 15 mg/0.4 mL auto-injector@30/28", "DEP-11:info:folate")]
    [InlineData("Xatmep 2.5 mg/mL oral solution@10/30; s:Centrum@10", "DEP-11:info:folate")]
    [InlineData("methotrexate sodium 2.5 mg@60/28; s:folic acid 1 mg@60", "")]
    [InlineData("Jylamvo 2 mg/mL@60/28; Folvite 1 mg@60/30", "")]
    [InlineData("Trexall 5 mg@60/28; leucovorin calcium 5 mg@60/28", "")]
    [InlineData("Rasuvo 10 mg@100/120; folic acid 1 mg@100/30", "DEP-11:info:folate")] // folic acid ended 64 days ago
    [InlineData("s:folic acid 1 mg@60; s:L-methylfolate 15 mg@60", "")]
    // DEP-12 enzyme-inducing antiepileptics → vitamin D at ≥365 d, silent while vitamin D is taken; valproate and
    // oxcarbazepine have no vitamin D rule.
    [InlineData("Dilantin 100 mg capsule@364.99/400", "DEP-22:info:folate")]
    [InlineData("Dilantin 100 mg capsule@365/400", "DEP-12:info:vitamin d,DEP-22:info:folate")]
    [InlineData("phenytoin sodium extended 100 mg@400/500", "DEP-12:info:vitamin d,DEP-22:info:folate")]
    [InlineData("Tegretol XR 200 mg@400/500", "DEP-12:info:vitamin d")]
    [InlineData("Mysoline 50 mg@400/500", "DEP-12:info:vitamin d")]
    [InlineData("phenobarbital 30 mg@400/500", "DEP-12:info:vitamin d")]
    [InlineData("Dilantin 100 mg@400/500; s:Vitamin D3 2000 IU@400", "DEP-22:info:folate")]
    [InlineData("carbamazepine 200 mg@400/500; Caltrate 600+D@100/120", "")]
    [InlineData("Depakote ER 500 mg@500/600", "")]
    [InlineData("Trileptal 300 mg@500/600", "")]
    // DEP-14 glucocorticoids taken by mouth → calcium (and vitamin D) at ≥90 d, refills joined; silent while a calcium or
    // vitamin D product is taken (Caltrate 600+D through either; a plain multivitamin does not count). Short courses,
    // and the eye, skin, rectal, nasal, inhaled and injected forms (whatever their days supply), raise nothing.
    [InlineData("prednisone 5 mg tablet@89.99/120", "")]
    [InlineData("prednisone 5 mg tablet@90/120", "DEP-14:info:calcium")]
    [InlineData("prednisone 5 mg tablet@120/120", "DEP-14:info:calcium")]
    [InlineData("prednisone 5 mg tablet@30/30; prednisone 5 mg tablet@60/30; prednisone 5 mg tablet@95/35", "DEP-14:info:calcium")]
    [InlineData("Medrol 4 mg@100/120", "DEP-14:info:calcium")]
    [InlineData("dexamethasone 4 mg tablet@100/120", "DEP-14:info:calcium")]
    [InlineData("Orapred ODT 15 mg@100/120", "DEP-14:info:calcium")]
    [InlineData("Cortef 10 mg@100/120", "DEP-14:info:calcium")]
    [InlineData("Alkindi Sprinkle 2 mg@100/120", "DEP-14:info:calcium")]
    [InlineData("cortisone acetate 25 mg@100/120", "DEP-14:info:calcium")]
    [InlineData("Emflaza 18 mg@100/120", "DEP-14:info:calcium")]
    [InlineData("Medrol Dosepak 4 mg@6/6", "")]
    [InlineData("prednisone 10 mg tablet@5/5", "")]
    [InlineData("prednisone 20 mg@100/5", "")]
    [InlineData("hydrocortisone 1% cream@200/200", "")]
    [InlineData("s:Cortaid@200", "")]
    [InlineData("s:Preparation H Hydrocortisone@200", "")]
    [InlineData("Anusol-HC suppository@120/120", "")]
    [InlineData("prednisolone acetate 1% ophthalmic suspension@200/200", "")]
    [InlineData("Pred Forte@200/200", "")]
    [InlineData("dexamethasone 0.1% eye drops@200/200", "")]
    [InlineData("Ozurdex 0.7 mg intravitreal implant@200/200", "")]
    [InlineData("Depo-Medrol 40 mg/mL injection@200/200", "")]
    [InlineData("Solu-Cortef 100 mg@100/120", "")]
    [InlineData("cortisone injection@200/200", "")]
    [InlineData("Kenalog-40 injection@200/200", "")]
    [InlineData("Flonase 50 mcg nasal spray@200/200", "")]
    [InlineData("Symbicort 160/4.5 inhaler@200/200", "")]
    [InlineData("Entocort EC 3 mg@200/200", "")]
    [InlineData("prednisone 5 mg@200/200; s:Caltrate 600+D@200", "")]
    [InlineData("prednisone 5 mg@200/200; s:Vitamin D3 2000 IU@150", "")]
    [InlineData("prednisone 5 mg@200/200; s:Tums 500 mg@100", "")]
    [InlineData("prednisone 5 mg@200/200; s:Centrum Silver@200", "")]
    [InlineData("prednisone 5 mg@200/200; s:Centrum@200", "DEP-14:info:calcium")]
    [InlineData("prednisone 5 mg@200/200; calcium gluconate 10% injection@30/30", "DEP-14:info:calcium")]
    // DEP-15 orlistat → a daily multivitamin (fat-soluble vitamins) at ≥30 d, refills joined; silent while a multivitamin
    // is taken (a vitamin D product alone does not count: the label asks for a multivitamin). Since 2027.1.28 cholestyramine
    // and colestipol have DEP-17 at ≥90 d, a reminder of their labels' precautions, silent while a multivitamin is taken;
    // colesevelam has no depletion rule.
    [InlineData("Xenical 120 mg capsule@29.99/30", "")]
    [InlineData("Xenical 120 mg capsule@30/60", "DEP-15:info:fat-soluble vitamins")]
    [InlineData("Xenical 120 mg@90/30; Xenical 120 mg@60/30; Xenical 120 mg@30/30", "DEP-15:info:fat-soluble vitamins")]
    [InlineData("s:alli 60 mg@45", "DEP-15:info:fat-soluble vitamins")]
    [InlineData("Xenical 120 mg@90/120; s:Centrum@100", "")]
    [InlineData("Xenical 120 mg@90/120; s:Centrum Silver@100", "")]
    [InlineData("Xenical 120 mg@90/120; s:Vitamin D3 2000 IU@100", "DEP-15:info:fat-soluble vitamins")]
    [InlineData("Xenical 120 mg@120/30", "")]
    [InlineData("Questran 4 g powder@400/500", "DEP-17:info:fat-soluble vitamins and folate")]
    [InlineData("Colestid 1 g tablet@400/500", "DEP-17:info:fat-soluble vitamins and folate")]
    [InlineData("Questran Light 4 g packet@89.99/120", "")]
    [InlineData("Questran 4 g powder@400/500; s:Centrum Silver@400", "")] // ABS-98 spaces the multivitamin instead
    [InlineData("Welchol 625 mg tablet@400/500", "")]
    // Unsupported claims: no alert (antidepressants and magnesium, minerals and insomnia, Mg–vitamin D).
    [InlineData("sertraline@400/500", "")]
    [InlineData("imipramine@400/500", "")]
    [InlineData("amitriptyline@400/500", "")]
    [InlineData("s:magnesium oxide 400 mg@100; s:Vitamin D3@100", "")]
    [InlineData("s:magnesium@100; s:zinc@100; s:ferrous sulfate@100; s:calcium@100", "")]
    // Colchicine and vitamin B12: the product information's reversible malabsorption comes with no advice to check or
    // supplement, and the current labels read are silent on it [360][361]; no rule, whatever the product or duration.
    [InlineData("Colcrys 0.6 mg tablet@400/500", "")]
    [InlineData("Mitigare 0.6 mg capsule@400/500", "")]
    [InlineData("Lodoco 0.5 mg tablet@400/500", "")]
    [InlineData("Gloperba 0.6 mg/5 mL oral solution@400/500", "")]
    [InlineData("COLCHICINE 0.6MG TAB@800/900", "")]
    [InlineData("colchicine 0.6 mg@400/500; s:Vitamin B12 1000 mcg@100", "")]
    // Valproate and carnitine: the labels manage hyperammonemia by measuring ammonia and stopping valproate, not by
    // carnitine [362][363]; no rule for any valproate product (Depakote ER is also silent for DEP-12, above).
    [InlineData("Depakote 500 mg DR tablet@800/900", "")]
    [InlineData("Depakene 250 mg capsule@400/500", "")]
    [InlineData("divalproex sodium ER 500 mg@400/500", "")]
    [InlineData("VALPROIC ACID 250MG CAP@400/500", "")]
    // One finding per nutrient: the strongest (then the earliest) depletion finding folds in the others for the same
    // nutrient (FDA 2011: PPI magnesium, especially with digoxin or diuretics); other nutrients stay separate.
    [InlineData("pantoprazole@760/800; furosemide@400/500; digoxin 125 mcg@400/500", "DEP-01:moderate:magnesium,DEP-02:info:vitamin b12,DEP-06:info:potassium")]
    // DEP-16: a loop or thiazide diuretic with licorice (Lasix label; FDA 2017) [364][365]; it folds in DEP-04/DEP-06.
    [InlineData("furosemide 40 mg@30/30; s:Licorice root 450 mg@20", "DEP-16:moderate:potassium")]
    [InlineData("hydrochlorothiazide 25 mg@30/30; s:black licorice@5", "DEP-16:moderate:potassium")]
    [InlineData("Lasix 20 mg@5/30; s:glycyrrhiza glabra extract@3", "DEP-16:moderate:potassium")] // no minimum duration
    [InlineData("hydrochlorothiazide 25 mg@30/30; s:DGL licorice chewable@20", "DEP-04:info:potassium")] // deglycyrrhizinated: no glycyrrhizin
    [InlineData("furosemide 40 mg@30/30; spironolactone 25 mg@30/30; s:licorice root@20", "")] // counteracted: DEP-16 and DEP-06 (since 2027.1.23) are silent
    [InlineData("s:licorice root@20", "")] // licorice alone is not a depletion rule here
    [InlineData("omeprazole@800/900; hydrochlorothiazide@800/900", "DEP-01:moderate:magnesium,DEP-02:info:vitamin b12,DEP-04:info:potassium")]
    [InlineData("omeprazole@800/900; metformin@800/900", "DEP-01:moderate:magnesium,DEP-03:info:vitamin b12")] // metformin reached its 180 days first
    [InlineData("metformin@800/900; famotidine@740/800", "DEP-03:info:vitamin b12")]
    [InlineData("furosemide@100/200; digoxin 125 mcg@100/200; omeprazole@95/200", "DEP-06:info:potassium,DEP-07:info:magnesium")]
    [InlineData("furosemide@100/200; Voquezna 20 mg@30/90", "DEP-06:info:potassium,DEP-07:info:magnesium")] // its label's hypomagnesemia warning [160]
    [InlineData("omeprazole@200/300; esomeprazole@150/300", "DEP-01:info:magnesium")]
    // Two glucocorticoids: one calcium finding (DEP-14). An antiepileptic's vitamin D (DEP-12) is another nutrient and
    // stays its own finding; a vitamin D product silences both, a calcium product only DEP-14.
    [InlineData("prednisone 5 mg@200/200; Cortef 10 mg@150/200", "DEP-14:info:calcium")]
    [InlineData("Dilantin 100 mg capsule@400/500; prednisone 5 mg@200/200", "DEP-12:info:vitamin d,DEP-14:info:calcium,DEP-22:info:folate")]
    [InlineData("Dilantin 100 mg capsule@400/500; prednisone 5 mg@200/200; s:Vitamin D3 2000 IU@400", "DEP-22:info:folate")]
    [InlineData("Dilantin 100 mg capsule@400/500; prednisone 5 mg@200/200; s:calcium citrate 500 mg@400", "DEP-12:info:vitamin d,DEP-22:info:folate")]
    // Ended therapy raises nothing.
    [InlineData("omeprazole@500/90", "")]
    // A switch between drugs of one rule continues its therapy (the labels and guidance speak of the class: "PPIs for
    // at least three months", acid suppression, glucocorticoids); a break longer than the episode limit still ends it.
    [InlineData("omeprazole 20 mg@120/60; pantoprazole 40 mg@60/90", "DEP-01:info:magnesium")]
    [InlineData("pantoprazole 40 mg@60/90", "")]
    [InlineData("omeprazole 20 mg@300/180; pantoprazole 40 mg@60/90", "")] // omeprazole ran out 106 days ago: a 46-day break
    [InlineData("omeprazole 20 mg@150/60; s:Nexium 24HR@90", "DEP-01:info:magnesium")] // an OTC PPI reported after the dispensed one
    [InlineData("omeprazole 20 mg@800/700; famotidine 20 mg@100/120", "DEP-02:info:vitamin b12")] // PPI to H2RA: acid suppression
    [InlineData("omeprazole 20 mg@120/60; famotidine 20 mg@60/90", "")] // famotidine is no DEP-01 drug
    [InlineData("Tegretol 200 mg@400/300; Dilantin 100 mg capsule@100/200", "DEP-12:info:vitamin d,DEP-22:info:folate")]
    [InlineData("prednisone 5 mg@100/50; Medrol 4 mg@50/100", "DEP-14:info:calcium")]
    public void DepletionRules(string regimen, string expected)
    {
        var result = Evaluate(regimen);

        var actual = string.Join(',', result.Findings.Where(f => f.Concern == Concern.NutrientDepletion).Select(f => $"{f.RuleId}:{WireNames.Of(f.Severity)}:{f.Nutrient}"));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void FingerprintIncludesNutrientAndStaysWhenSeverityEscalates()
    {
        var early = Evaluate("omeprazole@100/400").Single("DEP-01");
        var late = Evaluate("omeprazole@370/400").Single("DEP-01");

        Assert.Equal("DEP-01|omeprazole|magnesium", early.Fingerprint);
        Assert.Equal(early.Fingerprint, late.Fingerprint);
        Assert.Equal(Severity.Info, early.Severity);
        Assert.Equal(Severity.Moderate, late.Severity);
        Assert.Equal("magnesium", early.Nutrient);
        Assert.Equal(Concern.NutrientDepletion, early.Concern);
    }

    [Fact]
    public void CoRiskFindingNamesBothProducts()
    {
        var finding = Evaluate("sertraline 50 mg@10; hydrochlorothiazide 25 mg@40/90").Single("DEP-08");

        Assert.Equal("DEP-08|hydrochlorothiazide,sertraline|sodium", finding.Fingerprint);
        Assert.Equal(AsOf.AddDays(-10), finding.Since);
        Assert.Contains("together with hydrochlorothiazide 25 mg (hydrochlorothiazide)", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoGlucocorticoidsGiveOneCalciumFindingNamingBoth()
    {
        var finding = Evaluate("prednisone 5 mg@200/200; Cortef 10 mg@150/200").Single("DEP-14");

        Assert.Equal("DEP-14|prednisone|calcium", finding.Fingerprint);
        Assert.Equal("calcium", finding.Nutrient);
        Assert.Equal(AsOf.AddDays(-110), finding.Since);
        Assert.Contains("Also for calcium: DEP-14 hydrocortisone (info, since ", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_switch_within_the_rules_drugs_counts_from_the_first_and_says_what_it_continued()
    {
        var finding = Evaluate("omeprazole 20 mg@120/60; Protonix 40 mg@60/90").Single("DEP-01");

        Assert.Equal("DEP-01|pantoprazole|magnesium", finding.Fingerprint);
        Assert.Equal(AsOf.AddDays(-30), finding.Since); // 90 days after the omeprazole's start
        Assert.StartsWith($"Protonix 40 mg (pantoprazole), which continued omeprazole, taken continuously since {AsOf.AddDays(-120):yyyy-MM-dd} (120 days; threshold 90 days).", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_drugs_of_one_rule_taken_together_are_one_finding_spoken_for_by_the_first()
    {
        // prednisone from 200 days ago, Cortef added 150 days ago: one therapy since the prednisone's start
        var finding = Evaluate("prednisone 5 mg@200/200; Cortef 10 mg@150/200").Single("DEP-14");

        Assert.Equal("DEP-14|prednisone|calcium", finding.Fingerprint);
        Assert.Equal(AsOf.AddDays(-110), finding.Since);
        Assert.DoesNotContain("which continued", finding.Detail, StringComparison.Ordinal);
        Assert.Contains($"Also for calcium: DEP-14 hydrocortisone (info, since {AsOf.AddDays(-110):yyyy-MM-dd})", finding.Detail, StringComparison.Ordinal);
    }

    [Theory]
    // DEP-11 is silent while folic acid is taken: once it stops, the finding holds from its stop, and says so.
    [InlineData("methotrexate sodium 2.5 mg@60/90; s:folic acid 1 mg@60!7", "DEP-11", 7, "s:folic acid 1 mg")]
    [InlineData("Rasuvo 10 mg@100/120; folic acid 1 mg@100/30", "DEP-11", 64, "folic acid 1 mg")] // 30 days + 6 grace
    // DEP-12 reaches its threshold (365 days) while vitamin D is still taken: dated from the vitamin D's stop.
    [InlineData("phenobarbital 30 mg@400/500; s:Vitamin D3 2000 IU@400!30", "DEP-12", 30, "s:Vitamin D3 2000 IU")]
    // DEP-14 was silent while Caltrate 600+D was taken: from its stop on it speaks, dated from that stop.
    [InlineData("prednisone 5 mg@200/200; s:Caltrate 600+D@200!20", "DEP-14", 20, "s:Caltrate 600+D")]
    public void A_depletion_silenced_by_a_counteracting_product_is_dated_from_its_end(string regimen, string rule, int endedDaysAgo, string product)
    {
        var finding = Evaluate(regimen).Single(rule);

        Assert.Equal(AsOf.AddDays(-endedDaysAgo), finding.Since);
        var text = product.StartsWith("s:", StringComparison.Ordinal) ? product[2..] : product;
        Assert.Contains($"{text} (", finding.Detail, StringComparison.Ordinal);
        Assert.Contains($"which counteracts this, is no longer taken since {AsOf.AddDays(-endedDaysAgo):yyyy-MM-dd}", finding.Detail, StringComparison.Ordinal);
    }

    [Theory]
    // the counteracting product ended before this run of the trigger began, or the threshold came after its end
    [InlineData("methotrexate 2.5 mg@20/90; s:folic acid 1 mg@100!50", "DEP-11", 20)]
    [InlineData("phenobarbital 30 mg@400/500; s:Vitamin D3 2000 IU@400!390", "DEP-12", 35)] // threshold 365 days after the start
    public void A_counteracting_product_that_ended_earlier_does_not_change_the_date(string regimen, string rule, int sinceDaysAgo)
    {
        var finding = Evaluate(regimen).Single(rule);

        Assert.Equal(AsOf.AddDays(-sinceDaysAgo), finding.Since);
        Assert.DoesNotContain("counteracts", finding.Detail, StringComparison.Ordinal);
    }

    [Theory]
    // A supplement of the nutrient does not make the check unnecessary (the FDA's PPI communication: magnesium
    // supplements alone did not correct low magnesium in a quarter of cases), so the finding stays at its severity;
    // the detail names the supplement, so the care team sees it was taken into account.
    [InlineData("metformin 500 mg@200/250; s:Nature Made Vitamin B12 1000 mcg@100", "DEP-03", "info", "vitamin b12", "Nature Made Vitamin B12 1000 mcg (vitamin b12)")]
    [InlineData("Pepcid 20 mg@730/800; s:cyanocobalamin 1000 mcg@30", "DEP-02", "info", "vitamin b12", "cyanocobalamin 1000 mcg (vitamin b12)")]
    [InlineData("Nexium 40 mg@400/450; s:Mag-Ox 400@100", "DEP-01", "moderate", "magnesium", "Mag-Ox 400 (magnesium oxide)")]
    [InlineData("chlorthalidone@400/450; s:magnesium glycinate 200 mg@100", "DEP-05", "info", "magnesium", "magnesium glycinate 200 mg (magnesium)")]
    [InlineData("Lasix 40 mg@30/60; Klor-Con M20@30/60", "DEP-06", "info", "potassium", "Klor-Con M20 (potassium chloride)")]
    [InlineData("HCTZ 25 mg@30/60; K-Tab 10 mEq@20/60", "DEP-04", "info", "potassium", "K-Tab 10 mEq (potassium chloride)")]
    public void A_supplement_of_the_nutrient_is_named_and_the_finding_stays(string regimen, string rule, string severity, string nutrient, string product)
    {
        var finding = Evaluate(regimen).Single(rule);

        Assert.Equal(severity, WireNames.Of(finding.Severity));
        Assert.Contains($"Also taken, a source of {nutrient}: {product}; it does not replace the check.", finding.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(finding.Involves, i => i.ProductText == product[..product.LastIndexOf(" (", StringComparison.Ordinal)]);
    }

    [Theory]
    // a stopped supplement, or one the rule does not list (a multivitamin's few micrograms of B12), is not named
    [InlineData("metformin 500 mg@200/250; s:Vitamin B12 1000 mcg@100!10", "DEP-03")]
    [InlineData("metformin 500 mg@200/250; s:Centrum@100", "DEP-03")]
    [InlineData("isoniazid 300 mg@10/30; s:Centrum@10", "DEP-09")] // DEP-09 lists none
    public void A_supplement_stopped_or_not_listed_is_not_named(string regimen, string rule)
    {
        var finding = Evaluate(regimen).Single(rule);

        Assert.DoesNotContain("Also taken, a source of", finding.Detail, StringComparison.Ordinal);
    }
}
