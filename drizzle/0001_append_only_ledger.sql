-- The ledger and the audit log are append-only: corrections are `voided` events.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER period_versions_no_update BEFORE UPDATE ON period_versions
BEGIN SELECT RAISE(ABORT, 'published versions are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER factor_sets_no_update BEFORE UPDATE ON factor_sets
BEGIN SELECT RAISE(ABORT, 'factor sets are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER magnet_upgrade_figures_no_update BEFORE UPDATE ON magnet_upgrade_figures
BEGIN SELECT RAISE(ABORT, 'computed figures are never overwritten'); END;
