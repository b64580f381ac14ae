// How a PUE figure reads on the Energy page: the ratio over the measured time only, and how much of
// the period that was, with what was left out and why. The controller never forms a PUE from time
// in which a UPS ran on battery or a meter had no data (docs/green.md); a figure below 1 could
// only come from such time, so none is ever shown as a figure here either.

const percent = (share) => `${Math.round(share * 100)} %`;

/** {value, note} for one period's answer of /api/green/pue; {@code t} is i18n's t. */
export function pueText(pue, t) {
  const value = pue.pue == null || pue.pue < 1 ? t('green.no-data') : pue.pue.toFixed(2);
  const left = pue.leftOut || {};
  const reasons = [['green.left-out.ups', left.upsOnBattery], ['green.left-out.no-data', left.meterWithoutData],
    ['green.left-out.below-it', left.facilityBelowIt]]
    .filter(([, share]) => share && Math.round(share * 100) > 0)
    .map(([key, share]) => t(key, { share: percent(share) }));
  const measured = percent(pue.coverage);
  // Time without data needs no explaining on its own: the share measured says it.
  const onlyNoData = !(left.upsOnBattery >= 0.005) && !(left.facilityBelowIt >= 0.005);
  const note = Math.round(pue.coverage * 100) >= 100 || reasons.length === 0 || onlyNoData
    ? t('green.measured', { share: measured })
    : t('green.measured-left-out', { share: measured, left: percent(1 - pue.coverage), reasons: reasons.join(', ') });
  return { value, note };
}
