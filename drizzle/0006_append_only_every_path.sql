-- Append-only, by every path (issue 10, finding 11).
--
-- UPDATE and DELETE triggers (0001) do not see INSERT OR REPLACE, REPLACE or UPSERT's
-- REPLACE: a REPLACE deletes the row it collides with and inserts the new one, and that
-- delete fires DELETE triggers only while PRAGMA recursive_triggers is on. The pragma
-- is per connection (the sqlite3 shell, another tool or process does not set it), so
-- it cannot be the guard. A BEFORE INSERT trigger that refuses a row whose key (any
-- unique key) already exists is part of the file itself, fires before the conflict is
-- resolved, and so closes REPLACE for every connection. ON CONFLICT DO UPDATE is
-- refused by the same trigger (and by the UPDATE trigger behind it).
--
-- The units' UPDATE (intake) and DELETE guards are units_intake_no_update and
-- units_no_delete of 0005 (the ledger chain); this adds the REPLACE guard beside them.
--
-- The tables: the ledger (events; units' intake record: its projection columns, state
-- and balances, are rewritten with each event and stay updatable), the audit log,
-- published period versions and unlock records, factor sets, recorded magnet upgrades
-- and their figures.
CREATE TRIGGER events_no_replace BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE seq = NEW.seq) OR EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq) OR EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER period_versions_no_replace BEFORE INSERT ON period_versions
WHEN EXISTS (SELECT 1 FROM period_versions WHERE id = NEW.id) OR EXISTS (SELECT 1 FROM period_versions WHERE year = NEW.year AND version = NEW.version)
BEGIN SELECT RAISE(ABORT, 'published versions are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER period_versions_no_delete BEFORE DELETE ON period_versions
BEGIN SELECT RAISE(ABORT, 'published versions are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER period_unlocks_no_replace BEFORE INSERT ON period_unlocks
WHEN EXISTS (SELECT 1 FROM period_unlocks WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'unlock records are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER period_unlocks_no_update BEFORE UPDATE ON period_unlocks
BEGIN SELECT RAISE(ABORT, 'unlock records are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER period_unlocks_no_delete BEFORE DELETE ON period_unlocks
BEGIN SELECT RAISE(ABORT, 'unlock records are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER factor_sets_no_replace BEFORE INSERT ON factor_sets
WHEN EXISTS (SELECT 1 FROM factor_sets WHERE seq = NEW.seq) OR EXISTS (SELECT 1 FROM factor_sets WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'factor sets are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER factor_sets_no_delete BEFORE DELETE ON factor_sets
BEGIN SELECT RAISE(ABORT, 'factor sets are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER magnet_upgrades_no_replace BEFORE INSERT ON magnet_upgrades
WHEN EXISTS (SELECT 1 FROM magnet_upgrades WHERE seq = NEW.seq) OR EXISTS (SELECT 1 FROM magnet_upgrades WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'recorded upgrades are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER magnet_upgrades_no_update BEFORE UPDATE ON magnet_upgrades
BEGIN SELECT RAISE(ABORT, 'recorded upgrades are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER magnet_upgrades_no_delete BEFORE DELETE ON magnet_upgrades
BEGIN SELECT RAISE(ABORT, 'recorded upgrades are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER magnet_upgrade_figures_no_replace BEFORE INSERT ON magnet_upgrade_figures
WHEN EXISTS (SELECT 1 FROM magnet_upgrade_figures WHERE seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'computed figures are never overwritten'); END;
--> statement-breakpoint
CREATE TRIGGER magnet_upgrade_figures_no_delete BEFORE DELETE ON magnet_upgrade_figures
BEGIN SELECT RAISE(ABORT, 'computed figures are never overwritten'); END;
--> statement-breakpoint
CREATE TRIGGER units_no_replace BEFORE INSERT ON units
WHEN EXISTS (SELECT 1 FROM units WHERE seq = NEW.seq) OR EXISTS (SELECT 1 FROM units WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'a unit’s intake record is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER period_boundaries_no_replace BEFORE INSERT ON period_boundaries
WHEN EXISTS (SELECT 1 FROM period_boundaries WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'a boundary is replaced by a new one, never edited'); END;
