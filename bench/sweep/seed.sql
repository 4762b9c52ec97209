-- Seeds :n regimens for the sweep benchmark (psql -v n=1000000 -f seed.sql). Every patient is due
-- (next_review_at in the past), items are already normalised with the current rule set (steady state), and the
-- regimens rotate through six realistic shapes:
--   0  sertraline (ongoing) + tramadol (ended 40 days ago)   -> nothing active; the sweep finds nothing new
--   1  sertraline + tramadol, both covering now              -> SER-08 major opens (an alert)
--   2  omeprazole for 200 days + vitamin D                   -> DEP-01 info (an alert)
--   3  levothyroxine + calcium supplement                    -> ABS-08 moderate (an alert)
--   4  metformin for 60 days                                 -> nothing yet (DEP-03 needs 180 days)
--   5  escitalopram ended 100 days ago                       -> nothing; next_review_at becomes null
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO patients (id, patient_ref, surrogate_key, version, created_at, updated_at, next_review_at)
SELECT g, 'BENCH-' || g, gen_random_uuid(), 1, now() - interval '200 days', now() - interval '1 day', now() - interval '1 hour'
FROM generate_series(1, :n) AS g;
SELECT setval(pg_get_serial_sequence('patients', 'id'), :n);

WITH shapes(shape, slot, kind, text, ingredients, started_days_ago, days_supply, stopped) AS (VALUES
    (0, 1, 'medication', 'Zoloft 50 mg tablet',            'sertraline',    10,  30,  false),
    (0, 2, 'medication', 'Ultram 50 mg tablet',            'tramadol',      50,  10,  false),
    (1, 1, 'medication', 'SERTRALINE HCL 100MG TAB',       'sertraline',     5,  30,  false),
    (1, 2, 'medication', 'tramadol 50 mg tablet',          'tramadol',       2,  10,  false),
    (2, 1, 'medication', 'PRILOSEC 20MG CAP',              'omeprazole',   200, 400,  false),
    (2, 2, 'supplement', 'Vitamin D3 2000 IU',             'vitamin d',    300, NULL, false),
    (3, 1, 'medication', 'Synthroid 75 mcg tablet',        'levothyroxine', 20,  90,  false),
    (3, 2, 'supplement', 'Caltrate 600 + D3',              'calcium,vitamin d', 15, NULL, false),
    (4, 1, 'medication', 'metformin HCl 500 mg ER tablet', 'metformin',     60,  90,  false),
    (5, 1, 'medication', 'Lexapro 10 mg tablet',           'escitalopram', 130,  30,  false))
INSERT INTO regimen_items (patient_id, kind, item_key, status, withdrawn, product_text, ingredients, normalised_with,
                           started_at, days_supply, days_supply_assumed, stopped_at, effective_at, source_event_id, updated_at)
SELECT p, s.kind, 'I-' || s.slot, CASE WHEN s.kind = 'medication' THEN 'completed' ELSE 'active' END, false, s.text,
       s.ingredients, :'version', now() - make_interval(days => s.started_days_ago), s.days_supply, false, NULL,
       now() - make_interval(days => s.started_days_ago), gen_random_uuid(), now() - interval '1 day'
FROM generate_series(1, :n) AS p
JOIN shapes s ON s.shape = p % 6;
COMMIT;
ANALYZE patients;
ANALYZE regimen_items;
ANALYZE findings;
