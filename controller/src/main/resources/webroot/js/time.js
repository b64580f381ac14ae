// Times in the site's zone, with Indonesia's own abbreviation (WIB, WITA, WIT) rather than "GMT+8".
import { language } from './i18n.js';

const INDONESIAN_ZONES = {
  'Asia/Jakarta': 'WIB', 'Asia/Pontianak': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT',
};
let zone = 'Asia/Jakarta';

export function useZone(siteZone) {
  zone = siteZone || 'Asia/Jakarta';
}

export function zoneAbbreviation() {
  if (INDONESIAN_ZONES[zone]) return INDONESIAN_ZONES[zone];
  const part = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'short' }).formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName');
  return part ? part.value : zone;
}

function locale() {
  return language() === 'id' ? 'id-ID' : 'en-GB';
}

/** "22 Nov 2026 14:05:09 WITA"; today's times without the date. */
export function formatTime(iso, { seconds = true } = {}) {
  if (!iso) return '';
  const date = new Date(iso);
  const sameDay = dayOf(date) === dayOf(new Date());
  const options = { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  if (seconds) options.second = '2-digit';
  if (!sameDay) Object.assign(options, { day: 'numeric', month: 'short', year: 'numeric' });
  return new Intl.DateTimeFormat(locale(), options).format(date) + ' ' + zoneAbbreviation();
}

function dayOf(date) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(date);
}

export function siteZone() {
  return zone;
}

/** A chart's time axis label in the site's zone, 24-hour: "14:05", or "22 Nov" for a week's chart. */
export function formatTick(seconds, dateOnly) {
  const options = dateOnly ? { timeZone: zone, day: 'numeric', month: 'short' }
    : { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return new Intl.DateTimeFormat(locale(), options).format(new Date(seconds * 1000));
}
