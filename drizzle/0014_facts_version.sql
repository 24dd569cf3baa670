CREATE TABLE `facts_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`token` integer NOT NULL
);
