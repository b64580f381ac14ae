// The floor: each room as a plan of its racks, doors and smoke detectors. A rack takes the colour
// (and the written name) of its worst active alarm, with its inlet temperature, humidity and power.
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import * as store from '../store.js';
import { readingNode } from '../readings.js';

export default function floor(container) {
  const render = () => {
    // Readings change every second: keep the keyboard on the rack it was on.
    const focused = document.activeElement && document.activeElement.dataset.rack;
    fill(container, h('h1', { class: 'visually-hidden' }, t('nav.floor')), store.state.site.rooms.map(room));
    if (focused) container.querySelector(`[data-rack="${CSS.escape(focused)}"]`)?.focus();
  };
  render();
  return { changed: render };
}

function room(r) {
  const racks = store.state.racks.filter((rack) => rack.room === r.id);
  const roomSensors = store.state.sensors.filter((s) => s.room === r.id && !s.rack);
  const roomAlarms = store.state.alarms.filter((a) => store.roomOf(a) === r.id && !store.rackOf(a.source));
  const severity = store.worst(roomAlarms);
  const size = r.widthM && r.depthM ? t('floor.size', { width: r.widthM, depth: r.depthM }) : '';
  return h('section', { class: 'room card', 'data-room': r.id },
    h('header', { class: 'room-head' },
      h('h2', {}, r.name), h('span', { class: 'muted' }, size),
      severity === 'none' ? null : badge(severity, t('floor.room-alarms', { count: roomAlarms.length }))),
    h('ul', { class: 'fixtures' },
      store.state.doors.filter((d) => d.room === r.id).map(door),
      roomSensors.filter((s) => s.kind === 'smoke').map(smoke)),
    racks.length ? h('div', { class: 'plan' }, racks.map(rackTile)) : h('p', { class: 'muted' }, t('floor.no-racks')));
}

export function badge(severity, text) {
  return h('span', { class: 'badge', 'data-severity': severity }, t(store.SEVERITY_LABEL[severity]), text ? ' · ' + text : '');
}

function door(d) {
  const label = { open: 'door.open', closed: 'door.closed', unknown: 'door.unknown' }[d.state] || 'door.unknown';
  const alarm = store.worst(store.state.alarms.filter((a) => a.source === d.id));
  return h('li', { class: 'fixture door', 'data-door': d.id, 'data-state': d.state, 'data-severity': alarm },
    h('span', {}, d.name || d.id), ': ', h('strong', {}, t(label)));
}

function smoke(s) {
  const value = s.reading ? s.reading.value : null;
  const alarm = store.worst(store.state.alarms.filter((a) => a.source === s.id));
  const text = value === 1 ? 'smoke.detected' : value === 0 ? 'smoke.clear' : 'smoke.unknown';
  return h('li', { class: 'fixture smoke', 'data-sensor': s.id, 'data-severity': alarm },
    h('span', {}, t('smoke.label', { id: s.id })), ': ',
    h('strong', {}, t(text)), s.reading && !s.reading.current ? h('small', { class: 'stale-tag' }, t('reading.stale-short')) : null);
}

/** The rack's inlet sensor: one whose id says inlet, else its first temperature sensor. */
function inlet(sensors) {
  const temperatures = sensors.filter((s) => s.kind === 'temperature');
  return temperatures.find((s) => /inlet/.test(s.id)) || temperatures[0];
}

function rackTile(r) {
  const sensors = store.state.sensors.filter((s) => s.rack === r.id);
  const severity = store.worst(store.rackAlarms(r.id));
  const line = (label, sensor) => sensor ? h('div', { class: 'metric' }, h('span', { class: 'label' }, label), readingNode(sensor)) : null;
  return h('a', { class: 'rack', href: '#/rack/' + encodeURIComponent(r.id), 'data-rack': r.id, 'data-severity': severity },
    h('span', { class: 'rack-name' }, r.name || r.id),
    h('span', { class: 'rack-state' }, t(store.SEVERITY_LABEL[severity])),
    line(t('rack.inlet'), inlet(sensors)),
    line(t('rack.humidity'), sensors.find((s) => s.kind === 'humidity')),
    line(t('rack.power'), sensors.find((s) => s.kind === 'power')));
}
