-- The facts token (0014): every write to a table the write rules read as facts moves it, in
-- the writing transaction, whoever writes (this service, the CLI, another connection, the
-- sqlite3 shell). The app's read cache (src/db/read-cache.ts) keeps what it read of these
-- tables only while the token it read them at stands. A random token, not a counter: a
-- rolled-back write puts the old token back, and the next write must not land on the value
-- the rolled-back one showed (a value read inside it would look current again).
INSERT INTO facts_version (id, token) VALUES (1, random());
--> statement-breakpoint
CREATE TRIGGER sites_moves_facts_insert AFTER INSERT ON sites
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER sites_moves_facts_update AFTER UPDATE ON sites
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER sites_moves_facts_delete AFTER DELETE ON sites
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER period_locks_moves_facts_insert AFTER INSERT ON period_locks
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER period_locks_moves_facts_update AFTER UPDATE ON period_locks
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER period_locks_moves_facts_delete AFTER DELETE ON period_locks
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER vendors_moves_facts_insert AFTER INSERT ON vendors
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER vendors_moves_facts_update AFTER UPDATE ON vendors
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER vendors_moves_facts_delete AFTER DELETE ON vendors
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER vendor_certifications_moves_facts_insert AFTER INSERT ON vendor_certifications
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER vendor_certifications_moves_facts_update AFTER UPDATE ON vendor_certifications
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER vendor_certifications_moves_facts_delete AFTER DELETE ON vendor_certifications
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER shipments_moves_facts_insert AFTER INSERT ON shipments
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER shipments_moves_facts_update AFTER UPDATE ON shipments
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER shipments_moves_facts_delete AFTER DELETE ON shipments
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER shipment_events_moves_facts_insert AFTER INSERT ON shipment_events
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER shipment_events_moves_facts_update AFTER UPDATE ON shipment_events
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER shipment_events_moves_facts_delete AFTER DELETE ON shipment_events
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER shipment_receipts_moves_facts_insert AFTER INSERT ON shipment_receipts
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER shipment_receipts_moves_facts_update AFTER UPDATE ON shipment_receipts
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER shipment_receipts_moves_facts_delete AFTER DELETE ON shipment_receipts
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER api_keys_moves_facts_insert AFTER INSERT ON api_keys
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER api_keys_moves_facts_update AFTER UPDATE ON api_keys
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
--> statement-breakpoint
CREATE TRIGGER api_keys_moves_facts_delete AFTER DELETE ON api_keys
BEGIN UPDATE facts_version SET token = random() WHERE id = 1; END;
