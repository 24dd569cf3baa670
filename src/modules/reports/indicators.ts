/**
 * WEEE-style rates and circularity-indicator shares of a year, from the same ledger
 * read as /kpis (the same roll-up, scope and boundary): every ratio is over the mass
 * that left our custody in the year, except the data-completeness share, which is over
 * the intake of the units received in it. Ratios are rounded to 4 decimals (0.9426 =
 * 94.26 %) and null when their denominator is zero.
 */
import { gramsToKg } from '../../domain/mass.js';
import { diversionRate as ratio, outflowKg, recoveredG, reusedG, totalG, type Sums } from '../kpis/kpi.js';


export const INDICATOR_DEFINITIONS = {
  preparedForReuseAndRecycledRate:
    'Mass prepared for re-use or recycled (refurbished units released, parts harvested, material sent to recyclers) divided by all mass that left our custody in the year (whichever way it left); the WEEE "prepared for re-use and recycled" rate. Equals diversionRate of /kpis.',
  recoveryRate:
    'Mass prepared for re-use, recycled or sent to energy recovery, divided by all mass that left our custody in the year; the WEEE "recovered" rate. Differs from the rate above only by energy recovery.',
  reuseShare:
    'Mass kept in use as products or parts (refurbished units released for sale, redeployment or donation, plus harvested parts) divided by all mass that left our custody in the year.',
  recyclingShare: 'Mass sent to recyclers as material divided by all mass that left our custody in the year.',
  measuredMassShare:
    'Intake mass of the units received in the year that was weighed (massSource measured) rather than taken from a model default, divided by the intake mass of all of them: how much of the mass behind the figures is measured data.',
} as const;

export function indicatorsOf(s: Sums) {
  const total = totalG(s);
  const reused = reusedG(s);
  return {
    preparedForReuseAndRecycledRate: ratio(reused, total),
    recoveryRate: ratio(reused + recoveredG(s), total),
    reuseShare: ratio(s.refurbishedG + s.harvestedG, total),
    recyclingShare: ratio(s.recycledG, total),
    measuredMassShare: ratio(s.measuredIntakeG, s.intakeG),
    basis: {
      outgoingKg: gramsToKg(total),
      reusedKg: gramsToKg(reused),
      ...outflowKg(s),
      intakeKg: gramsToKg(s.intakeG),
      measuredIntakeKg: gramsToKg(s.measuredIntakeG),
    },
  };
}
