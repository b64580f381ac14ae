// The UPS of each room: its status tokens (Network UPS Tools), charge, runtime, load and input voltage.
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import * as store from '../store.js';
import { readingNode, isCurrent } from '../readings.js';
import { badge } from './floor.js';

const UPS_KINDS = ['ups-status', 'battery-charge', 'battery-runtime', 'ups-load', 'mains-voltage'];
const TOKENS = {
  OL: 'ups.token.OL', OB: 'ups.token.OB', LB: 'ups.token.LB', HB: 'ups.token.HB', RB: 'ups.token.RB', CHRG: 'ups.token.CHRG',
  DISCHRG: 'ups.token.DISCHRG', BYPASS: 'ups.token.BYPASS', CAL: 'ups.token.CAL', OFF: 'ups.token.OFF', OVER: 'ups.token.OVER',
  TRIM: 'ups.token.TRIM', BOOST: 'ups.token.BOOST', FSD: 'ups.token.FSD', ALARM: 'ups.token.ALARM',
};
/** Tokens that mean trouble, as the controller's state alarms see them. */
const TROUBLE = new Set(['OB', 'LB', 'RB', 'OVER', 'BYPASS', 'ALARM', 'FSD', 'OFF', 'DISCHRG']);
const METRICS = [['battery-charge', 'ups.charge'], ['battery-runtime', 'ups.runtime'], ['ups-load', 'ups.load'],
  ['mains-voltage', 'ups.input-voltage']];

export default function ups(container) {
  const render = () => {
    const units = groups();
    fill(container, h('h1', {}, t('nav.ups')),
      units.length ? units.map(card) : h('p', { class: 'muted' }, t('ups.none')));
  };
  render();
  return { changed: (parts) => { if (parts.includes('sensors') || parts.includes('alarms')) render(); } };
}

/** One UPS per room and agent: the agent that reads it over NUT. */
function groups() {
  const byKey = new Map();
  for (const s of store.state.sensors.filter((x) => UPS_KINDS.includes(x.kind))) {
    const key = `${s.room}/${s.agent}`;
    if (!byKey.has(key)) byKey.set(key, { room: s.room, agent: s.agent, sensors: {} });
    byKey.get(key).sensors[s.kind] = byKey.get(key).sensors[s.kind] || s;
  }
  return [...byKey.values()];
}

function card(unit) {
  const status = unit.sensors['ups-status'];
  const tokens = status && status.reading && typeof status.reading.value === 'string'
    ? [...new Set(status.reading.value.trim().split(/\s+/).filter(Boolean))] : [];
  const ids = Object.values(unit.sensors).map((s) => s.id);
  const severity = store.worst(store.state.alarms.filter((a) => ids.includes(a.source)));
  return h('section', { class: 'card ups', 'data-ups': `${unit.room}/${unit.agent}` },
    h('header', { class: 'room-head' }, h('h2', {}, t('ups.title', { room: store.roomName(unit.room) })),
      h('span', { class: 'muted' }, unit.agent), badge(severity)),
    h('div', { class: 'tokens' }, h('span', { class: 'label' }, t('ups.status')),
      tokens.length ? tokens.map((token) => h('span', { class: 'token' + (TROUBLE.has(token) ? ' trouble' : ''), title: token },
        TOKENS[token] ? `${t(TOKENS[token])} (${token})` : token)) : h('span', { class: 'muted' }, '–'),
      status && !isCurrent(status) ? readingNode(status) : null),
    h('dl', { class: 'facts' }, METRICS.map(([kind, label]) => h('div', { class: 'fact' }, h('dt', {}, t(label)),
      h('dd', {}, unit.sensors[kind] ? readingNode(unit.sensors[kind]) : t('ups.not-measured'))))));
}
