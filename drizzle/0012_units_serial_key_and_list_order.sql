DROP INDEX `units_serial_idx`;--> statement-breakpoint
DROP INDEX `units_state_idx`;--> statement-breakpoint
DROP INDEX `units_received_idx`;--> statement-breakpoint
DROP INDEX `units_region_idx`;--> statement-breakpoint
DROP INDEX `units_site_idx`;--> statement-breakpoint
ALTER TABLE `units` ADD `serial_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `units_serial_key_idx` ON `units` (`serial_key`,`model`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `units_state_received_idx` ON `units` (`state`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `units_received_id_idx` ON `units` (`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `units_region_received_idx` ON `units` (`region`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `units_site_received_idx` ON `units` (`site_code`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `units_site_summary_idx` ON `units` (`site_code`,`state`,`intake_g`,`refurbished_g`,`harvested_g`,`recycled_g`,`landfilled_g`,`energy_recovered_g`);