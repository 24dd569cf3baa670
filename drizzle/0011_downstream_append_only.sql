-- Downstream vendors and chain of custody are append-only, like the ledger: a vendor is
-- never edited, certifications are only added, a shipment keeps the events it was made
-- with, and its weighed receipt is recorded once.
CREATE TRIGGER vendors_no_update BEFORE UPDATE ON vendors
BEGIN SELECT RAISE(ABORT, 'vendors are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER vendors_no_delete BEFORE DELETE ON vendors
BEGIN SELECT RAISE(ABORT, 'vendors are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER vendor_certifications_no_update BEFORE UPDATE ON vendor_certifications
BEGIN SELECT RAISE(ABORT, 'vendor certifications are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER vendor_certifications_no_delete BEFORE DELETE ON vendor_certifications
BEGIN SELECT RAISE(ABORT, 'vendor certifications are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER shipments_no_update BEFORE UPDATE ON shipments
BEGIN SELECT RAISE(ABORT, 'shipments are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER shipments_no_delete BEFORE DELETE ON shipments
BEGIN SELECT RAISE(ABORT, 'shipments are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER shipment_events_no_update BEFORE UPDATE ON shipment_events
BEGIN SELECT RAISE(ABORT, 'shipment events are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER shipment_events_no_delete BEFORE DELETE ON shipment_events
BEGIN SELECT RAISE(ABORT, 'shipment events are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER shipment_receipts_no_update BEFORE UPDATE ON shipment_receipts
BEGIN SELECT RAISE(ABORT, 'shipment receipts are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER shipment_receipts_no_delete BEFORE DELETE ON shipment_receipts
BEGIN SELECT RAISE(ABORT, 'shipment receipts are append-only'); END;
--> statement-breakpoint
-- REPLACE and UPSERT are refused by key, as 0006 does for the ledger's other tables.
CREATE TRIGGER vendors_no_replace BEFORE INSERT ON vendors
WHEN EXISTS (SELECT 1 FROM vendors WHERE seq = NEW.seq) OR EXISTS (SELECT 1 FROM vendors WHERE code = NEW.code)
BEGIN SELECT RAISE(ABORT, 'vendors are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER vendor_certifications_no_replace BEFORE INSERT ON vendor_certifications
WHEN EXISTS (SELECT 1 FROM vendor_certifications WHERE seq = NEW.seq) OR EXISTS (SELECT 1 FROM vendor_certifications WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'vendor certifications are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER shipments_no_replace BEFORE INSERT ON shipments
WHEN EXISTS (SELECT 1 FROM shipments WHERE seq = NEW.seq) OR EXISTS (SELECT 1 FROM shipments WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'shipments are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER shipment_events_no_replace BEFORE INSERT ON shipment_events
WHEN EXISTS (SELECT 1 FROM shipment_events WHERE event_id = NEW.event_id)
BEGIN SELECT RAISE(ABORT, 'shipment events are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER shipment_receipts_no_replace BEFORE INSERT ON shipment_receipts
WHEN EXISTS (SELECT 1 FROM shipment_receipts WHERE shipment_id = NEW.shipment_id)
BEGIN SELECT RAISE(ABORT, 'shipment receipts are append-only'); END;
