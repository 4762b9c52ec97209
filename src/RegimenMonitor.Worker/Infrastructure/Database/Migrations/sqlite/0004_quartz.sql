-- 0004: on PostgreSQL this creates Quartz's clustered job store. SQLite is the single-process profile and runs
-- Quartz in memory, so there is nothing to create; the version exists so both providers share one history.
SELECT 1;
