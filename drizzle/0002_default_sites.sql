-- The refurbishment centres the source report names; operators add their own with POST /sites.
INSERT INTO sites (code, name, country, region, created_at) VALUES
  ('US-ROC', 'US refurbishment operations centre', 'US', 'USCAN', '2026-01-01T00:00:00.000Z'),
  ('HU-EROC', 'European repair operations centre (Hungary)', 'HU', 'EMEA', '2026-01-01T00:00:00.000Z'),
  ('JP-RC', 'Japan refurbishment centre', 'JP', 'JAPAN', '2026-01-01T00:00:00.000Z'),
  ('IN-RC', 'India refurbishment centre', 'IN', 'INDIA', '2026-01-01T00:00:00.000Z');
