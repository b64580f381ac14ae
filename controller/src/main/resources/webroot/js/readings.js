// A sensor's latest reading as people read it: number and unit, and whether it is current.
import { h } from './dom.js';
import { t, language } from './i18n.js';

export const KIND_LABEL = {
  temperature: 'kind.temperature', humidity: 'kind.humidity', 'dew-point': 'kind.dew-point', power: 'kind.power',
  voltage: 'kind.voltage', 'mains-voltage': 'kind.mains-voltage', current: 'kind.current', energy: 'kind.energy',
  'battery-charge': 'kind.battery-charge', 'battery-runtime': 'kind.battery-runtime', 'ups-load': 'kind.ups-load',
  'ups-status': 'kind.ups-status', door: 'kind.door', smoke: 'kind.smoke', 'exit-request': 'kind.exit-request',
  tamper: 'kind.tamper', 'cpu-temperature': 'kind.cpu-temperature', 'cpu-load': 'kind.cpu-load', 'disk-free': 'kind.disk-free',
};

const UNITS = { C: '°C', '%RH': '% RH', '%': '%', W: 'W', V: 'V', A: 'A', kWh: 'kWh', MB: 'MB' };

function number(value, digits) {
  return new Intl.NumberFormat(language() === 'id' ? 'id-ID' : 'en-GB',
    { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

/** The unit as people write it: °C rather than C. */
export function unitLabel(unit) {
  return UNITS[unit] || unit;
}

/** The value alone, formatted for its unit: "22.4 °C", "2.10 kW", "30:00" for a runtime. */
export function formatValue(value, unit) {
  if (value === null || value === undefined) return '–';
  if (typeof value !== 'number') return String(value);
  if (unit === 's') {
    const minutes = Math.floor(value / 60);
    return `${minutes}:${String(Math.round(value % 60)).padStart(2, '0')}`;
  }
  if (unit === 'W' && Math.abs(value) >= 1000) return `${number(value / 1000, 2)} kW`;
  const digits = unit === 'C' || unit === 'A' ? 1 : 0;
  return `${number(value, digits)} ${unitLabel(unit)}`;
}

/** True while the sensor keeps sending good readings. */
export function isCurrent(sensor) {
  return Boolean(sensor && sensor.reading && sensor.reading.current);
}

/**
 * The reading as an element: the value, marked "stale" (or the fault's reason) when it is not
 * current, so an old number never passes for a live one.
 */
export function readingNode(sensor) {
  if (!sensor) return h('span', { class: 'value missing' }, '–');
  const reading = sensor.reading;
  if (!reading) return h('span', { class: 'value missing', title: t('reading.none') }, '–');
  const text = formatValue(reading.value, sensor.unit);
  if (reading.current) return h('span', { class: 'value' }, text);
  const why = reading.quality === 'good' ? t('reading.stale') : t('reading.bad', { reason: reading.reason || reading.quality });
  return h('span', { class: 'value stale', title: why }, text, ' ', h('small', { class: 'stale-tag' }, reading.quality === 'good'
    ? t('reading.stale-short') : t('reading.bad-short')));
}
