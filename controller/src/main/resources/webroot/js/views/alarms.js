// Alarms as they change: filters by room, severity and state; acknowledge with a comment, shelve with
// a reason and an expiry, reset a latched alarm. Buttons show only to roles that may use them.
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { api, post } from '../api.js';
import * as store from '../store.js';
import { formatTime } from '../time.js';
import { formatValue } from '../readings.js';
import { ask, errorText } from '../dialog.js';
import { badge } from './floor.js';

const STATES = { active: 'alarms.filter.active', unacknowledged: 'alarms.filter.unacknowledged', cleared: 'alarms.filter.cleared',
  all: 'alarms.filter.all' };
const SHELF_MINUTES = [[60, 'shelve.1h'], [240, 'shelve.4h'], [480, 'shelve.8h'], [1440, 'shelve.1d'], [4320, 'shelve.3d'],
  [10080, 'shelve.7d']];
const STATE_QUERY = {
  active: { state: 'active' }, unacknowledged: { state: 'active', unacknowledged: 'true' }, cleared: { state: 'cleared' },
  all: { state: 'all' },
};
const filters = { room: '', severity: '', state: 'active' };

export default function alarms(container) {
  let list = [];
  let next = null;
  let problem = '';
  const body = h('div', { class: 'alarm-list', 'aria-live': 'polite' });

  /** The first page again, or with {@code more} the page after what is shown. */
  const load = async (more) => {
    const query = new URLSearchParams({ limit: 100, ...STATE_QUERY[filters.state] });
    if (filters.room) query.set('room', filters.room);
    if (filters.severity) query.set('severity', filters.severity);
    if (more) query.set('cursor', next);
    try {
      const page = await api('/api/alarms?' + query);
      list = more ? [...list, ...page.items] : page.items;
      next = page.next;
      problem = '';
    } catch (e) {
      problem = errorText(e);
    }
    render();
  };

  const render = () => fill(body, problem ? h('p', { class: 'error' }, problem) : null,
    list.length ? list.map(row) : h('p', { class: 'muted empty' }, t('alarms.none')),
    next ? h('button', { type: 'button', onclick: () => load(true) }, t('common.more')) : null);

  const select = (name, label, options) => h('label', {}, h('span', {}, label),
    h('select', { name, onchange: (e) => { filters[name] = e.target.value; load(); } },
      options.map(([value, text]) => h('option', { value, selected: filters[name] === value }, text))));

  fill(container,
    h('h1', {}, t('nav.alarms')),
    h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
      select('room', t('alarms.filter.room'), [['', t('alarms.filter.any-room')], ...store.state.site.rooms.map((r) => [r.id, r.name])]),
      select('severity', t('alarms.filter.severity'), [['', t('alarms.filter.any-severity')],
        ...store.SEVERITIES.map((s) => [s, t(store.SEVERITY_LABEL[s])])]),
      select('state', t('alarms.filter.state'), Object.entries(STATES).map(([value, key]) => [value, t(key)]))),
    body);
  load();
  return {
    changed: (parts) => { if (parts.includes('alarms')) load(); },
  };
}

function where(a) {
  const rack = store.rackOf(a.source);
  const room = store.roomOf(a);
  const rackName = rack ? (store.rack(rack).name || rack) : null;
  return [rackName, room ? store.roomName(room) : null].filter(Boolean).join(' · ');
}

function row(a) {
  // The alarm's own unit: a dew-point alarm's source is a humidity sensor, its value a temperature.
  // Alarms stored before units were kept have none; their values are their source sensor's.
  const sensor = store.sensor(a.source);
  const unit = a.unit ?? (sensor ? sensor.unit : '');
  const status = [];
  status.push(t(a.state === 'active' ? 'alarm.active' : 'alarm.cleared'));
  if (a.awaitingReset) status.push(t('alarm.awaiting-reset'));
  if (a.shelf) status.push(t('alarm.shelved-until', { until: formatTime(a.shelf.until), by: a.shelf.by, reason: a.shelf.reason }));
  return h('article', { class: 'alarm', 'data-alarm': a.id, 'data-severity': a.severity, 'data-acknowledged': a.acknowledged },
    h('div', { class: 'alarm-head' }, badge(a.severity),
      h('strong', { class: 'alarm-source' }, a.source), h('span', { class: 'muted' }, where(a))),
    h('p', { class: 'alarm-message' }, a.message || a.type),
    h('dl', { class: 'facts' },
      fact(t('alarm.since'), formatTime(a.raisedAt)),
      a.value === null || a.value === undefined ? null : fact(t('alarm.value'), formatValue(a.value, unit)),
      fact(t('alarm.count'), String(a.count)),
      fact(t('alarm.state'), status.join(' · ')),
      a.acknowledgement ? fact(t('alarm.acknowledged-by'), t('alarm.ack-detail', {
        by: a.acknowledgement.by, at: formatTime(a.acknowledgement.at), comment: a.acknowledgement.comment,
      }), 'ack') : null),
    store.may('handle-alarms') ? actions(a) : null);
}

function fact(term, value, name) {
  return h('div', { class: 'fact', 'data-fact': name }, h('dt', {}, term), h('dd', {}, value));
}

function actions(a) {
  const buttons = [];
  if (a.state === 'active' && !a.acknowledged) {
    buttons.push(h('button', { type: 'button', class: 'primary', 'data-action': 'acknowledge', onclick: () => acknowledge(a) },
      t('alarm.acknowledge')));
  }
  if (a.shelf) {
    buttons.push(h('button', { type: 'button', 'data-action': 'unshelve', onclick: () => unshelve(a) }, t('alarm.unshelve')));
  } else if (a.state === 'active') {
    buttons.push(h('button', { type: 'button', 'data-action': 'shelve', onclick: () => shelve(a) }, t('alarm.shelve')));
  }
  if (a.awaitingReset) {
    buttons.push(h('button', { type: 'button', 'data-action': 'reset', onclick: () => reset(a) }, t('alarm.reset')));
  }
  return buttons.length ? h('div', { class: 'actions' }, buttons) : null;
}

const done = () => store.refresh('alarms');

function acknowledge(a) {
  ask({
    title: t('acknowledge.title'), message: t('acknowledge.message', { source: a.source, message: a.message || a.type }),
    fields: [{ name: 'comment', label: t('acknowledge.comment'), type: 'textarea', required: true }],
    confirm: t('alarm.acknowledge'),
    action: (v) => post(`/api/alarms/${a.id}/acknowledge`, { comment: v.comment }),
  }).then(done);
}

function shelve(a) {
  ask({
    title: t('shelve.title'), message: t('shelve.message', { source: a.source }),
    fields: [
      { name: 'reason', label: t('shelve.reason'), type: 'textarea', required: true },
      { name: 'minutes', label: t('shelve.until'), type: 'select', options: SHELF_MINUTES.map(([m, key]) => [m, t(key)]) },
    ],
    confirm: t('alarm.shelve'),
    action: (v) => post(`/api/alarms/${a.id}/shelve`, { reason: v.reason, minutes: Number(v.minutes) }),
  }).then(done);
}

function unshelve(a) {
  ask({
    title: t('unshelve.title'), message: t('unshelve.message', { source: a.source }), confirm: t('alarm.unshelve'),
    action: () => post(`/api/alarms/${a.id}/unshelve`),
  }).then(done);
}

function reset(a) {
  ask({
    title: t('reset.title'), message: t('reset.message', { source: a.source }),
    fields: [{ name: 'comment', label: t('reset.comment'), type: 'textarea', required: true }],
    confirm: t('alarm.reset'),
    action: (v) => post(`/api/alarms/${a.id}/reset`, { comment: v.comment }),
  }).then(done);
}
