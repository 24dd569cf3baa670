-- Units recorded before serial_key existed get their match key. The app computes it
-- (domain/text.ts serialKey: NFC, trimmed, case-folded); SQLite's lower() folds ASCII
-- letters only, so a serial recorded before this migration with non-ASCII capitals
-- matches those letters in their own case only. New units get the key from the app.
UPDATE `units` SET `serial_key` = lower(trim(`serial_number`));
