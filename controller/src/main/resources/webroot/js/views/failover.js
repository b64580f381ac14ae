// Failover: the state, each DRC's health and last probe, the history, and the decisions for the roles
// that may take them, each behind a dialog that says what will happen.
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { api, post } from '../api.js';
import * as store from '../store.js';
import { formatTime } from '../time.js';
import { ask, errorText } from '../dialog.js';

const STATE_LABEL = {
  NORMAL: 'failover.state.NORMAL', AT_RISK: 'failover.state.AT_RISK', FAILING_OVER: 'failover.state.FAILING_OVER',
  ON_DRC: 'failover.state.ON_DRC', FAILING_BACK: 'failover.state.FAILING_BACK', CANCELLED: 'failover.state.CANCELLED',
  FAILED: 'failover.state.FAILED',
};
const POLL_MS = 5000;

export default function failover(container) {
  let data = null;
  let problem = '';
  const load = async () => {
    try {
      data = await api('/api/failover');
      problem = '';
    } catch (e) {
      problem = errorText(e);
    }
    render();
  };
  const render = () => fill(container, h('h1', {}, t('nav.failover')), problem ? h('p', { class: 'error' }, problem) : null,
    data ? [current(data.state, load), drcs(data.drcs), history(data.history)] : h('p', { class: 'muted' }, t('common.loading')));
  render();
  load();
  // DRC probes are not events of their own: their health is read again every few seconds.
  const timer = setInterval(load, POLL_MS);
  return { live: (type) => { if (type === 'failover') load(); }, leave: () => clearInterval(timer) };
}

function drcName(id) {
  const drc = store.state.site.drcSites.find((d) => d.id === id);
  return drc ? drc.name : id;
}

function current(s, reload) {
  const facts = [
    [t('failover.since'), formatTime(s.ts)],
    s.trigger ? [t('failover.trigger'), s.trigger] : null,
    s.drc ? [t('failover.drc'), drcName(s.drc)] : null,
    s.decidedBy ? [t('failover.decided-by'), s.decidedBy] : null,
    s.approvalDeadline ? [t('failover.approval-deadline'), formatTime(s.approvalDeadline)] : null,
    s.drill ? [t('failover.drill'), t('common.yes')] : null,
  ].filter(Boolean);
  return h('section', { class: 'card failover-state', 'data-state': s.state },
    h('h2', {}, t('failover.current')),
    h('p', { class: 'big' }, h('span', { class: 'state-chip', 'data-state': s.state }, t(STATE_LABEL[s.state] || 'failover.state.unknown'))),
    h('dl', { class: 'facts' }, facts.map(([term, value]) => h('div', { class: 'fact' }, h('dt', {}, term), h('dd', {}, value)))),
    store.may('approve-failover') ? decisions(s, reload) : null);
}

function decisions(s, reload) {
  const drcList = store.state.site.drcSites.map((d) => d.name).join(', ');
  const decide = (path, title, message, confirm, fields) => () => ask({
    title, message, fields, confirm, action: (v) => post('/api/failover/' + path, v.reason ? { reason: v.reason } : {}),
  }).then(reload);
  const buttons = [];
  if (s.state === 'AT_RISK' && s.approvalDeadline || s.state === 'FAILED') {
    buttons.push(h('button', { type: 'button', class: 'primary', 'data-action': 'approve', onclick: decide('approve',
      t('failover.approve.title'), t('failover.approve.message', { trigger: s.trigger || '–', drcs: drcList }),
      t('failover.approve')) }, t('failover.approve')));
  }
  if (s.state === 'AT_RISK' || s.state === 'FAILED') {
    buttons.push(h('button', { type: 'button', 'data-action': 'cancel', onclick: decide('cancel', t('failover.cancel.title'),
      t(s.state === 'FAILED' ? 'failover.cancel.failed-message' : 'failover.cancel.message'), t('failover.cancel')) },
    t('failover.cancel')));
  }
  if (s.state === 'ON_DRC') {
    buttons.push(h('button', { type: 'button', class: 'primary', 'data-action': 'failback', onclick: decide('failback',
      t('failover.failback.title'), t('failover.failback.message', { drc: drcName(s.drc) }), t('failover.failback')) },
    t('failover.failback')));
  }
  if (s.state === 'NORMAL') {
    buttons.push(h('button', { type: 'button', 'data-action': 'drill', onclick: decide('drill', t('failover.drill.title'),
      t('failover.drill.message', { drcs: drcList }), t('failover.drill.start')) }, t('failover.drill.start')));
  }
  if (s.state === 'NORMAL' || s.state === 'AT_RISK' || s.state === 'FAILED') {
    buttons.push(h('button', { type: 'button', class: 'danger', 'data-action': 'start', onclick: decide('start',
      t('failover.start.title'), t('failover.start.message', { drcs: drcList }), t('failover.start'),
      [{ name: 'reason', label: t('failover.start.reason'), type: 'textarea', required: true }]) }, t('failover.start')));
  }
  return h('div', { class: 'actions' }, buttons);
}

function drcs(health) {
  return h('section', { class: 'card' }, h('h2', {}, t('failover.drcs')),
    h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, [t('failover.drc'), t('failover.priority'), t('failover.health'), t('failover.last-probe'),
        t('failover.probe-time')].map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, store.state.site.drcSites.map((d) => {
        const probe = health[d.id];
        const state = !probe ? 'unknown' : probe.healthy ? 'healthy' : 'unhealthy';
        return h('tr', { 'data-drc': d.id, 'data-health': state },
          h('td', { 'data-label': t('failover.drc') }, d.name, d.location ? h('span', { class: 'muted' }, ' · ' + d.location) : null),
          h('td', { 'data-label': t('failover.priority') }, d.priority ?? '–'),
          h('td', { 'data-label': t('failover.health') }, h('span', { class: 'health', 'data-health': state },
            t({ healthy: 'failover.healthy', unhealthy: 'failover.unhealthy', unknown: 'failover.not-probed' }[state])),
          probe && probe.error ? h('span', { class: 'muted' }, ' · ' + probe.error) : null),
          h('td', { 'data-label': t('failover.last-probe') }, probe ? formatTime(probe.at) : '–'),
          h('td', { 'data-label': t('failover.probe-time') }, probe ? t('failover.millis', { ms: probe.millis }) : '–'));
      }))));
}

function history(events) {
  return h('section', { class: 'card' }, h('h2', {}, t('failover.history')),
    events.length ? h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, [t('failover.when'), t('failover.transition'), t('failover.drc'), t('failover.decided-by'),
        t('failover.detail')].map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, events.map((e) => h('tr', {},
        h('td', { 'data-label': t('failover.when') }, formatTime(e.ts)),
        h('td', { 'data-label': t('failover.transition') }, `${e.previous ? t(STATE_LABEL[e.previous] || 'failover.state.unknown') + ' → ' : ''}${
          t(STATE_LABEL[e.state] || 'failover.state.unknown')}`, e.drill ? ` (${t('failover.drill')})` : ''),
        h('td', { 'data-label': t('failover.drc') }, e.drc ? drcName(e.drc) : '–'),
        h('td', { 'data-label': t('failover.decided-by') }, e.decidedBy || '–'),
        h('td', { 'data-label': t('failover.detail') }, [e.trigger, e.detail].filter(Boolean).join(' · ') || '–')))))
      : h('p', { class: 'muted' }, t('failover.no-history')));
}
