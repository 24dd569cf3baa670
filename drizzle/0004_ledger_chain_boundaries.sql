CREATE TABLE `ledger_head` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `period_boundaries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`rules` text NOT NULL,
	`note` text,
	`set_at` text NOT NULL,
	`set_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `period_boundaries_year_idx` ON `period_boundaries` (`year`,`id`);--> statement-breakpoint
ALTER TABLE `events` ADD `ledger_seq` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `events` ADD `hash` text;--> statement-breakpoint
ALTER TABLE `kpi_daily` ADD `measured_intake_g` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `period_versions` ADD `boundary` text;--> statement-breakpoint
ALTER TABLE `period_versions` ADD `ledger_seq` integer;--> statement-breakpoint
ALTER TABLE `period_versions` ADD `ledger_head` text;--> statement-breakpoint
ALTER TABLE `period_versions` ADD `factor_sets` text;--> statement-breakpoint
ALTER TABLE `units` ADD `ledger_seq` integer;--> statement-breakpoint
ALTER TABLE `units` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `units` ADD `hash` text;