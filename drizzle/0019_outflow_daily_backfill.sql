-- The disclosure roll-up for the ledger written before it existed: every standing (not
-- voided) outgoing event's grams by day, its unit's dimensions, WEEE category and mass
-- source, and the event's type, treatment code, hazardous and radioactive. The events
-- recorded before v1.2 name none of the last three: they get their type's defaults, as
-- the service reads them (src/domain/outflows.ts outflowFacts: recycled by material, R4
-- metals, R5 glass and electronics, R3 plastics, R12 otherwise; landfilled D1;
-- energy_recovered R1; not hazardous unless the waste code ends in *, not radioactive).
-- A release moves what was left on the unit: its refurbished grams (one standing release
-- at most per unit). From here on the ledger writer keeps the table, as it keeps kpi_daily.
INSERT INTO outflow_daily (day, region, category, site_code, weee_category, mass_source, type, treatment_code, hazardous, radioactive, mass_g)
SELECT e.occurred_at, u.region, u.category, u.site_code, u.weee_category, u.mass_source, e.type,
  CASE
    WHEN e.type IN ('released', 'part_harvested') THEN ''
    ELSE COALESCE(json_extract(e.data, '$.treatmentCode'), CASE e.type
      WHEN 'recycled' THEN CASE json_extract(e.data, '$.material')
        WHEN 'ferrous' THEN 'R4' WHEN 'stainless' THEN 'R4' WHEN 'copper' THEN 'R4' WHEN 'aluminium' THEN 'R4'
        WHEN 'glass' THEN 'R5' WHEN 'electronics' THEN 'R5' WHEN 'plastics' THEN 'R3' ELSE 'R12' END
      WHEN 'landfilled' THEN 'D1'
      WHEN 'energy_recovered' THEN 'R1'
    END)
  END,
  CASE
    WHEN e.type IN ('released', 'part_harvested') THEN 0
    ELSE COALESCE(json_extract(e.data, '$.hazardous'), json_extract(e.data, '$.wasteCode') LIKE '%*', 0)
  END,
  CASE WHEN e.type IN ('released', 'part_harvested') THEN 0 ELSE COALESCE(json_extract(e.data, '$.radioactive'), 0) END,
  SUM(CASE e.type WHEN 'released' THEN u.refurbished_g ELSE e.mass_g END)
FROM events e JOIN units u ON u.id = e.unit_id
WHERE e.type IN ('released', 'part_harvested', 'recycled', 'landfilled', 'energy_recovered')
  AND NOT EXISTS (SELECT 1 FROM events v WHERE v.voids_event_id = e.id)
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
HAVING SUM(CASE e.type WHEN 'released' THEN u.refurbished_g ELSE e.mass_g END) <> 0;
