ALTER TABLE `units` ADD `data_bearing` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `units_closed_idx` ON `units` (`closed_at`);