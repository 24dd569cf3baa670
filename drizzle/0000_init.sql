CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`secret_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text,
	`revoked_at` text,
	`revoked_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_secret_hash_unique` ON `api_keys` (`secret_hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`at` text NOT NULL,
	`actor` text,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text,
	`request_id` text,
	`details` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_id_unique` ON `audit_log` (`id`);--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`unit_id` text NOT NULL,
	`type` text NOT NULL,
	`occurred_at` text NOT NULL,
	`mass_g` integer,
	`voids_event_id` text,
	`data` text NOT NULL,
	`recorded_at` text NOT NULL,
	`actor` text NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_id_unique` ON `events` (`id`);--> statement-breakpoint
CREATE INDEX `events_unit_idx` ON `events` (`unit_id`,`seq`);--> statement-breakpoint
CREATE INDEX `events_occurred_idx` ON `events` (`occurred_at`);--> statement-breakpoint
CREATE TABLE `factor_sets` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`version` text NOT NULL,
	`supersedes` text,
	`is_default` integer DEFAULT false NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `factor_sets_id_unique` ON `factor_sets` (`id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`api_key_id` text NOT NULL,
	`key` text NOT NULL,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`body_hash` text NOT NULL,
	`status` integer,
	`content_type` text,
	`response` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`api_key_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `kpi_daily` (
	`day` text NOT NULL,
	`region` text NOT NULL,
	`category` text NOT NULL,
	`modality` text NOT NULL,
	`site_code` text NOT NULL,
	`units_received` integer DEFAULT 0 NOT NULL,
	`intake_g` integer DEFAULT 0 NOT NULL,
	`units_closed` integer DEFAULT 0 NOT NULL,
	`refurbished_units` integer DEFAULT 0 NOT NULL,
	`donated_units` integer DEFAULT 0 NOT NULL,
	`parts_harvested` integer DEFAULT 0 NOT NULL,
	`refurbished_g` integer DEFAULT 0 NOT NULL,
	`donated_g` integer DEFAULT 0 NOT NULL,
	`harvested_g` integer DEFAULT 0 NOT NULL,
	`recycled_g` integer DEFAULT 0 NOT NULL,
	`landfilled_g` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `region`, `category`, `modality`, `site_code`)
);
--> statement-breakpoint
CREATE TABLE `magnet_upgrade_figures` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`upgrade_id` text NOT NULL,
	`factor_set_id` text NOT NULL,
	`avoided_kg` integer NOT NULL,
	`breakdown` text NOT NULL,
	`kind` text NOT NULL,
	`computed_at` text NOT NULL,
	`computed_by` text NOT NULL,
	FOREIGN KEY (`upgrade_id`) REFERENCES `magnet_upgrades`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`factor_set_id`) REFERENCES `factor_sets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `magnet_upgrade_figures_upgrade_idx` ON `magnet_upgrade_figures` (`upgrade_id`,`seq`);--> statement-breakpoint
CREATE TABLE `magnet_upgrades` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`magnet_serial` text NOT NULL,
	`site_country` text NOT NULL,
	`region` text NOT NULL,
	`field_strength_t` text NOT NULL,
	`completed_at` text NOT NULL,
	`inputs` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `magnet_upgrades_id_unique` ON `magnet_upgrades` (`id`);--> statement-breakpoint
CREATE INDEX `magnet_upgrades_completed_idx` ON `magnet_upgrades` (`completed_at`);--> statement-breakpoint
CREATE TABLE `period_locks` (
	`year` integer PRIMARY KEY NOT NULL,
	`locked` integer NOT NULL,
	`changed_at` text NOT NULL,
	`changed_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `period_unlocks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`unlocked_at` text NOT NULL,
	`unlocked_by` text NOT NULL,
	`reason` text NOT NULL,
	`after_version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `period_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`version` integer NOT NULL,
	`published_at` text NOT NULL,
	`published_by` text NOT NULL,
	`note` text,
	`figures` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `period_versions_year_version` ON `period_versions` (`year`,`version`);--> statement-breakpoint
CREATE TABLE `sites` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`country` text NOT NULL,
	`region` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `units` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`serial_number` text NOT NULL,
	`category` text NOT NULL,
	`modality` text,
	`model` text NOT NULL,
	`intake_g` integer NOT NULL,
	`mass_source` text NOT NULL,
	`origin_country` text NOT NULL,
	`region` text NOT NULL,
	`site_code` text NOT NULL,
	`received_at` text NOT NULL,
	`return_channel` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`state` text NOT NULL,
	`route` text,
	`refurbished_g` integer DEFAULT 0 NOT NULL,
	`harvested_g` integer DEFAULT 0 NOT NULL,
	`recycled_g` integer DEFAULT 0 NOT NULL,
	`landfilled_g` integer DEFAULT 0 NOT NULL,
	`closed_at` text,
	`last_event_at` text,
	FOREIGN KEY (`site_code`) REFERENCES `sites`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_id_unique` ON `units` (`id`);--> statement-breakpoint
CREATE INDEX `units_serial_idx` ON `units` (`serial_number`,`model`);--> statement-breakpoint
CREATE INDEX `units_state_idx` ON `units` (`state`);--> statement-breakpoint
CREATE INDEX `units_received_idx` ON `units` (`received_at`);--> statement-breakpoint
CREATE INDEX `units_region_idx` ON `units` (`region`);--> statement-breakpoint
CREATE INDEX `units_site_idx` ON `units` (`site_code`);