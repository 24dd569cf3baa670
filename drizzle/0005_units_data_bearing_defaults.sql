-- Units received before dataBearing existed get their category's default: imaging,
-- ultrasound and surgical systems may hold patient data; magnets and magnet-upgrade
-- components do not (see src/domain/sanitization.ts, defaultDataBearing).
UPDATE `units` SET `data_bearing` = 1 WHERE `category` IN ('imaging', 'ultrasound', 'surgical');
