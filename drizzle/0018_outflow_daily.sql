CREATE TABLE `outflow_daily` (
	`day` text NOT NULL,
	`region` text NOT NULL,
	`category` text NOT NULL,
	`site_code` text NOT NULL,
	`weee_category` integer NOT NULL,
	`mass_source` text NOT NULL,
	`type` text NOT NULL,
	`treatment_code` text NOT NULL,
	`hazardous` integer NOT NULL,
	`radioactive` integer NOT NULL,
	`mass_g` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `region`, `category`, `site_code`, `weee_category`, `mass_source`, `type`, `treatment_code`, `hazardous`, `radioactive`)
);
