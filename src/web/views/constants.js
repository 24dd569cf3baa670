// The closed lists of the contract, for filters and forms.
export const STATES = ['received', 'assessed', 'in_refurbishment', 'refurbished', 'dismantling', 'closed'];
export const CATEGORIES = ['imaging', 'ultrasound', 'magnet', 'magnet_upgrade_component', 'surgical'];
export const REGIONS = ['USCAN', 'LATAM', 'EMEA', 'APAC', 'JAPAN', 'INDIA', 'CHINA'];
export const TRANSPORT_MODES = ['road', 'rail', 'sea', 'air'];
