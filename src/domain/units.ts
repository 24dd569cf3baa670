/** The closed vocabularies of a returned unit, shared by the ledger, the reports and the bulk formats. */
export const CATEGORIES = ['imaging', 'ultrasound', 'magnet', 'magnet_upgrade_component', 'surgical'] as const;
export type Category = (typeof CATEGORIES)[number];
export const MODALITIES = ['MR', 'CT', 'XR', 'MI', 'MAMMO'] as const;
export const RETURN_CHANNELS = ['buy_back', 'trade_in', 'lease_return', 'asset_recovery'] as const;
export const MATERIALS = ['ferrous', 'stainless', 'copper', 'aluminium', 'plastics', 'electronics', 'glass', 'helium', 'mixed'] as const;
