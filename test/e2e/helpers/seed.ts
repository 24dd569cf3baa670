import { client } from './service.js';

type Api = ReturnType<typeof client>;

/**
 * A small, fixed data set written through the public API (POST /units and events):
 * units in several regions and categories over two years, one from China, every
 * route, and a voided event. Used while the demo database is not available.
 */
export async function seedThroughApi(api: Api) {
  const units: Record<string, { id: string }> = {};
  const unit = async (serial: string, over: Record<string, unknown>) => {
    units[serial] = await api.post('/units', {
      serialNumber: serial,
      category: 'imaging',
      modality: 'CT',
      model: 'Revolution EVO',
      massKg: 2000,
      originCountry: 'DE',
      siteCode: 'HU-EROC',
      receivedAt: '2024-03-01',
      returnChannel: 'trade_in',
      ...over,
    });
    return units[serial]!.id;
  };
  const ev = (id: string, body: Record<string, unknown>) => api.post(`/units/${id}/events`, body);

  // Refurbished and resold (US).
  let id = await unit('E2E-MR-0001', { modality: 'MR', model: 'SIGNA Artist', massKg: 5200.5, originCountry: 'US', siteCode: 'US-ROC', receivedAt: '2023-02-10', returnChannel: 'buy_back' });
  await ev(id, { type: 'assessed', occurredAt: '2023-02-20', grade: 'A', route: 'refurbish' });
  await ev(id, { type: 'refurbishment_started', occurredAt: '2023-03-01', siteCode: 'US-ROC' });
  await ev(id, { type: 'refurbished', occurredAt: '2023-05-01', certification: 'GoldSeal', warrantyMonths: 12 });
  await ev(id, { type: 'released', occurredAt: '2023-06-01', channel: 'sale', destinationCountry: 'MX' });

  // Parts harvested, the rest recycled and landfilled, one recycling voided and re-entered (Hungary).
  id = await unit('E2E-CT-0002', { massKg: 2400, receivedAt: '2024-01-15' });
  await ev(id, { type: 'assessed', occurredAt: '2024-01-20', grade: 'C', route: 'harvest' });
  await ev(id, { type: 'part_harvested', occurredAt: '2024-02-01', partNumber: 'XRT-100', massKg: 180.25, destination: 'service_stock' });
  const wrong = await ev(id, { type: 'recycled', occurredAt: '2024-02-10', massKg: 2000, material: 'ferrous', recycler: 'MetalCo' });
  await ev(id, { type: 'voided', occurredAt: '2024-02-11', eventId: wrong.id, reason: 'Weighed with the pallet' });
  await ev(id, { type: 'recycled', occurredAt: '2024-02-12', massKg: 1900, material: 'ferrous', recycler: 'MetalCo' });
  await ev(id, { type: 'landfilled', occurredAt: '2024-02-15', massKg: 319.75, reason: 'Contaminated foam' });

  // Ultrasound in Japan, recycled in part and still dismantling.
  id = await unit('E2E-US-0003', { category: 'ultrasound', modality: undefined, model: 'LOGIQ E10', massKg: 120, originCountry: 'JP', siteCode: 'JP-RC', receivedAt: '2024-04-02', returnChannel: 'lease_return' });
  await ev(id, { type: 'assessed', occurredAt: '2024-04-05', grade: 'D', route: 'recycle' });
  await ev(id, { type: 'recycled', occurredAt: '2024-04-10', massKg: 80, material: 'electronics', recycler: 'Eco Japan' });

  // A magnet from India waiting for assessment.
  await unit('E2E-MG-0004', { category: 'magnet', modality: undefined, model: '1.5T magnet', massKg: 4100, originCountry: 'IN', siteCode: 'IN-RC', receivedAt: '2024-06-30', returnChannel: 'asset_recovery' });

  // From China: recycle only, left out of reports by default.
  id = await unit('E2E-CN-0005', { modality: 'XR', model: 'Definium', massKg: 800, originCountry: 'CN', siteCode: 'JP-RC', receivedAt: '2024-05-05' });
  await ev(id, { type: 'assessed', occurredAt: '2024-05-10', grade: 'D', route: 'recycle' });
  await ev(id, { type: 'recycled', occurredAt: '2024-05-20', massKg: 800, material: 'mixed', recycler: 'Eco Japan' });

  // In refurbishment (Brazil origin, US site).
  id = await unit('E2E-CT-0006', { massKg: 2100, originCountry: 'BR', siteCode: 'US-ROC', receivedAt: '2024-08-01', returnChannel: 'trade_in' });
  await ev(id, { type: 'assessed', occurredAt: '2024-08-05', grade: 'B', route: 'refurbish' });
  await ev(id, { type: 'refurbishment_started', occurredAt: '2024-08-10', siteCode: 'US-ROC' });

  return units;
}
