-- weeeCategory is part of what was received (v1.2): once a unit is chained it may no
-- longer change (0009's trigger, with weee_category added). Units received before the
-- column existed got 4 from its default (0016); their chain entries never hashed it, and
-- domain/ledger-chain.ts hashes the category only when it is not 4, so they verify as before.
DROP TRIGGER units_intake_no_update;
--> statement-breakpoint
CREATE TRIGGER units_intake_no_update
BEFORE UPDATE OF seq, id, serial_number, category, modality, model, intake_g, mass_source, origin_country, region,
  site_code, received_at, return_channel, created_at, created_by, data_bearing, weee_category, ledger_seq, prev_hash, hash ON units
WHEN NOT (
  OLD.hash IS NULL
  AND NEW.seq IS OLD.seq AND NEW.id IS OLD.id AND NEW.serial_number IS OLD.serial_number AND NEW.category IS OLD.category
  AND NEW.modality IS OLD.modality AND NEW.model IS OLD.model AND NEW.intake_g IS OLD.intake_g
  AND NEW.mass_source IS OLD.mass_source AND NEW.origin_country IS OLD.origin_country AND NEW.region IS OLD.region
  AND NEW.site_code IS OLD.site_code AND NEW.received_at IS OLD.received_at AND NEW.return_channel IS OLD.return_channel
  AND NEW.created_at IS OLD.created_at AND NEW.created_by IS OLD.created_by AND NEW.data_bearing IS OLD.data_bearing
  AND NEW.weee_category IS OLD.weee_category
)
BEGIN SELECT RAISE(ABORT, 'a unit''s intake is append-only'); END;
