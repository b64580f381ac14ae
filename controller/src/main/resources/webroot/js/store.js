// What the views share: the site, the signed-in user, the latest readings, the active alarms and
// the doors. Read from the REST API, then kept current by the live feed; views re-render on changes.
import { api, all } from './api.js';

export const SEVERITIES = ['critical', 'major', 'minor', 'warning'];
export const SEVERITY_LABEL = {
  critical: 'severity.critical', major: 'severity.major', minor: 'severity.minor', warning: 'severity.warning',
  none: 'severity.none',
};

export const state = { me: null, site: null, racks: [], sensors: [], alarms: [], doors: [] };
const listeners = new Set();
const loaders = {
  sensors: async () => { state.sensors = (await api('/api/sensors')).sensors; },
  alarms: async () => { state.alarms = await all('/api/alarms?state=active&limit=1000'); },
  doors: async () => { state.doors = (await api('/api/doors')).doors; },
};
const pending = new Set();
let timer = null;

export async function load(me) {
  state.me = me;
  const [site, racks] = await Promise.all([api('/api/site'), api('/api/racks')]);
  state.site = site;
  state.racks = racks.racks;
  await Promise.all(Object.values(loaders).map((loader) => loader()));
}

export function may(permission) {
  return Boolean(state.me && state.me.permissions.includes(permission));
}

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells the views once for a burst of changes (the feed sends every sensor at once when it starts). */
function changed(...parts) {
  parts.forEach((part) => pending.add(part));
  if (timer) return;
  timer = setTimeout(() => {
    timer = null;
    const all = [...pending];
    pending.clear();
    listeners.forEach((listener) => listener(all));
  }, 250);
}

/** Reads the named parts (sensors, alarms, doors; all by default) again from the REST API. */
export async function refresh(...parts) {
  const names = parts.length ? parts : Object.keys(loaders);
  try {
    await Promise.all(names.map((part) => loaders[part]()));
    changed(...names);
  } catch (e) {
    console.warn('refresh failed', e);
  }
}

const newer = (next, previous) => !previous || !next || next >= previous; // ISO-8601 instants compare as text

/** One event of the live feed; the newest value per key wins, so the feed's overlap never sets one back. */
export function apply(type, data) {
  if (type === 'reading') {
    const s = sensor(data.sensor);
    if (s && newer(data.reading && data.reading.ts, s.reading && s.reading.ts)) {
      s.reading = data.reading;
      changed('sensors');
    }
  } else if (type === 'alarm') {
    const a = data.alarm;
    const known = state.alarms.findIndex((x) => x.id === a.id);
    if (known >= 0 && !newer(a.updatedAt, state.alarms[known].updatedAt)) return;
    const others = state.alarms.filter((x) => x.id !== a.id);
    state.alarms = a.state === 'active' ? [a, ...others].sort((x, y) => (x.raisedAt < y.raisedAt ? 1 : -1)) : others;
    changed('alarms');
  } else if (type === 'door') {
    const door = state.doors.find((d) => d.id === data.door);
    if (door) {
      door.state = data.state;
      changed('doors');
    }
  }
}

export function sensor(id) {
  return state.sensors.find((s) => s.id === id);
}

export function rack(id) {
  return state.racks.find((r) => r.id === id);
}

export function roomName(id) {
  const room = state.site.rooms.find((r) => r.id === id);
  return room ? room.name : id;
}

/**
 * The room an alarm is in, as the controller says with each alarm (its one lookup of every kind of
 * source: sensor, rack, agent, door, camera, the room itself); null for the site or a DRC.
 */
export function roomOf(alarm) {
  return alarm.room || null;
}

/** The rack an alarm's source belongs to: one of its sensors, or the rack itself. */
export function rackOf(source) {
  const s = sensor(source);
  if (s) return s.rack;
  return rack(source) ? source : null;
}

export function worst(alarms) {
  return SEVERITIES.find((severity) => alarms.some((a) => a.severity === severity)) || 'none';
}

export function rackAlarms(rackId) {
  return state.alarms.filter((a) => rackOf(a.source) === rackId);
}
