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
