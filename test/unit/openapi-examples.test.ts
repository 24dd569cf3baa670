import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { BodyExamples } from '../../src/http/route.js';
import { CREATE_KEY_EXAMPLES, CreateKeyBody } from '../../src/modules/keys/keys.routes.js';
import { ESTIMATE_EXAMPLES, EstimateBody, SENSITIVITY_EXAMPLES } from '../../src/modules/magnet-upgrades/estimate-api.schemas.js';
import { CREATE_FACTOR_SET_EXAMPLES, CreateFactorSetBody } from '../../src/modules/magnet-upgrades/factor-set-api.schemas.js';
import {
  CREATE_MAGNET_UPGRADE_EXAMPLES,
  CreateMagnetUpgradeBody,
  RECALCULATE_EXAMPLES,
  RecalculateBody,
} from '../../src/modules/magnet-upgrades/magnet-upgrades.schemas.js';
import { BOUNDARY_EXAMPLES, LOCK_EXAMPLES, LockBody, SetBoundaryBody, UNLOCK_EXAMPLES, UnlockBody } from '../../src/modules/periods/periods.schemas.js';
import { CREATE_SHIPMENT_EXAMPLES, CreateShipmentBody, RECEIPT_EXAMPLES, ReceiptBody } from '../../src/modules/shipments/shipments.schemas.js';
import { CERTIFICATION_EXAMPLES, CertificationBody, CREATE_VENDOR_EXAMPLES, CreateVendorBody } from '../../src/modules/vendors/vendors.schemas.js';
import { CREATE_SITE_EXAMPLES, CreateSiteBody } from '../../src/modules/sites/sites.routes.js';
import { CREATE_UNIT_EXAMPLES, CreateUnitBody, EVENT_EXAMPLES, EventBody } from '../../src/modules/units/units.schemas.js';
import { EVENT_TYPES } from '../../src/domain/lifecycle.js';

const pairs: [string, z.ZodType, BodyExamples][] = [
  ['POST /keys', CreateKeyBody, CREATE_KEY_EXAMPLES],
  ['POST /sites', CreateSiteBody, CREATE_SITE_EXAMPLES],
  ['POST /units', CreateUnitBody, CREATE_UNIT_EXAMPLES],
  ['POST /units/{id}/events', EventBody, EVENT_EXAMPLES],
  ['POST /factor-sets', CreateFactorSetBody, CREATE_FACTOR_SET_EXAMPLES],
  ['POST /estimates/magnet-upgrade', EstimateBody, ESTIMATE_EXAMPLES],
  ['POST /estimates/magnet-upgrade/sensitivity', EstimateBody, SENSITIVITY_EXAMPLES],
  ['POST /magnet-upgrades', CreateMagnetUpgradeBody, CREATE_MAGNET_UPGRADE_EXAMPLES],
  ['POST /magnet-upgrades/recalculate', RecalculateBody, RECALCULATE_EXAMPLES],
  ['POST /periods/{year}/lock', LockBody, LOCK_EXAMPLES],
  ['POST /periods/{year}/unlock', UnlockBody, UNLOCK_EXAMPLES],
  ['POST /periods/{year}/boundary', SetBoundaryBody, BOUNDARY_EXAMPLES],
  ['POST /vendors', CreateVendorBody, CREATE_VENDOR_EXAMPLES],
  ['POST /vendors/{code}/certifications', CertificationBody, CERTIFICATION_EXAMPLES],
  ['POST /shipments', CreateShipmentBody, CREATE_SHIPMENT_EXAMPLES],
  ['POST /shipments/{id}/receipt', ReceiptBody, RECEIPT_EXAMPLES],
];

describe('request body examples in the OpenAPI document', () => {
  it.each(pairs.flatMap(([route, schema, examples]) => Object.entries(examples).map(([name, ex]) => [route, name, schema, ex.value] as const)))(
    'when the %s example "%s" is validated, then its body schema accepts it unchanged',
    (_route, _name, schema, value) => {
      const r = schema.safeParse(value);
      expect(r.success ? [] : r.error.issues).toEqual([]);
    },
  );

  it('when the events route is documented, then every event type has an example', () => {
    expect(Object.values(EVENT_EXAMPLES).map((e) => (e.value as { type: string }).type).sort()).toEqual([...EVENT_TYPES].sort());
  });
});
