-- The ledger chain (0004 added ledger_seq, prev_hash and hash to units and events). A row's
-- chain columns are written once: at insert by the ledger writer, or, for rows older than
-- the chain, by the start-up backfill (src/modules/units/ledger-backfill.ts) while they
-- are still null. After that neither they nor what they hash may change.
DROP TRIGGER events_no_update;
--> statement-breakpoint
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
WHEN NOT (
  OLD.hash IS NULL
  AND NEW.seq IS OLD.seq AND NEW.id IS OLD.id AND NEW.unit_id IS OLD.unit_id AND NEW.type IS OLD.type
  AND NEW.occurred_at IS OLD.occurred_at AND NEW.mass_g IS OLD.mass_g AND NEW.voids_event_id IS OLD.voids_event_id
  AND NEW.data IS OLD.data AND NEW.recorded_at IS OLD.recorded_at AND NEW.actor IS OLD.actor
)
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
--> statement-breakpoint
-- A unit's projection columns (state, balance, ...) are rewritten with every event; its
-- intake (what the chain hashes) never is. UPDATE OF: projection writes do not fire it.
CREATE TRIGGER units_intake_no_update
BEFORE UPDATE OF seq, id, serial_number, category, modality, model, intake_g, mass_source, origin_country, region,
  site_code, received_at, return_channel, created_at, created_by, ledger_seq, prev_hash, hash ON units
WHEN NOT (
  OLD.hash IS NULL
  AND NEW.seq IS OLD.seq AND NEW.id IS OLD.id AND NEW.serial_number IS OLD.serial_number AND NEW.category IS OLD.category
  AND NEW.modality IS OLD.modality AND NEW.model IS OLD.model AND NEW.intake_g IS OLD.intake_g
  AND NEW.mass_source IS OLD.mass_source AND NEW.origin_country IS OLD.origin_country AND NEW.region IS OLD.region
  AND NEW.site_code IS OLD.site_code AND NEW.received_at IS OLD.received_at AND NEW.return_channel IS OLD.return_channel
  AND NEW.created_at IS OLD.created_at AND NEW.created_by IS OLD.created_by
)
BEGIN SELECT RAISE(ABORT, 'a unit''s intake is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER units_no_delete BEFORE DELETE ON units
BEGIN SELECT RAISE(ABORT, 'units are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER period_boundaries_no_update BEFORE UPDATE ON period_boundaries
BEGIN SELECT RAISE(ABORT, 'a boundary is replaced by a new one, never edited'); END;
--> statement-breakpoint
CREATE TRIGGER period_boundaries_no_delete BEFORE DELETE ON period_boundaries
BEGIN SELECT RAISE(ABORT, 'a boundary is replaced by a new one, never deleted'); END;
--> statement-breakpoint
-- The roll-up's measured intake for rows written before the column existed.
UPDATE kpi_daily SET measured_intake_g = COALESCE((
  SELECT sum(u.intake_g) FROM units u
  WHERE u.received_at = kpi_daily.day AND u.region = kpi_daily.region AND u.category = kpi_daily.category
    AND COALESCE(u.modality, '') = kpi_daily.modality AND u.site_code = kpi_daily.site_code AND u.mass_source = 'measured'
), 0);
