// Physical security: the doors (remote unlock where the site file lets this role), and for the
// security log's readers the door events with their camera stills and the audit chain's verification.
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { api, post } from '../api.js';
import * as store from '../store.js';
import { formatTime } from '../time.js';
import { ask, errorText } from '../dialog.js';

const EVENT_LABEL = {
  'access-granted': 'security.type.access-granted', 'access-denied': 'security.type.access-denied',
  'door-opened': 'security.type.door-opened', 'door-closed': 'security.type.door-closed',
  'exit-request': 'security.type.exit-request', 'door-forced': 'security.type.door-forced',
  'door-held-open': 'security.type.door-held-open', 'door-open-agent-offline': 'security.type.door-open-agent-offline',
  'remote-unlock': 'security.type.remote-unlock', 'remote-unlock-done': 'security.type.remote-unlock-done',
  'remote-unlock-rejected': 'security.type.remote-unlock-rejected', 'remote-unlock-timed-out': 'security.type.remote-unlock-timed-out',
  'remote-unlock-refused': 'security.type.remote-unlock-refused', 'access-unlock-rejected': 'security.type.access-unlock-rejected',
  'access-unlock-timed-out': 'security.type.access-unlock-timed-out', 'cctv-snapshot': 'security.type.cctv-snapshot',
  'access-rules-reloaded': 'security.type.access-rules-reloaded', 'site-file-refused': 'security.type.site-file-refused',
  tamper: 'security.type.tamper',
};
const DOOR_STATE = { open: 'door.open', closed: 'door.closed', unknown: 'door.unknown' };

export default function security(container) {
  const doors = h('section', { class: 'card' });
  const audit = h('section', { class: 'card' });
  const log = h('section', { class: 'card' });
  const readsLog = store.may('view-security-log');

  const renderDoors = () => fill(doors, h('h2', {}, t('security.doors')), h('ul', { class: 'plain' },
    store.state.doors.map((d) => h('li', { class: 'door-row', 'data-door': d.id },
      h('strong', {}, d.name || d.id), ' · ', store.roomName(d.room), ': ', t(DOOR_STATE[d.state] || 'door.unknown'), ' ',
      d.mayUnlock ? h('button', { type: 'button', 'data-action': 'unlock', onclick: () => unlock(d) }, t('security.unlock')) : null))));

  const loadAudit = async () => {
    try {
      const v = await api('/api/audit/verify');
      fill(audit, h('h2', {}, t('security.audit')), h('p', { class: 'verify', 'data-ok': String(v.ok) },
        h('strong', {}, t(v.ok ? 'security.audit.ok' : 'security.audit.broken')), ' ',
        t('security.audit.checked', { count: v.checked }),
        v.signedHeadSeq ? ' · ' + t('security.audit.signed', { seq: v.signedHeadSeq }) : '',
        v.ok ? '' : ' · ' + t('security.audit.first-bad', { seq: v.firstBadSeq, problem: v.problem })));
    } catch (e) {
      fill(audit, h('h2', {}, t('security.audit')), h('p', { class: 'error' }, errorText(e)));
    }
  };

  let events = [];
  let next = null;
  const loadLog = async (more) => {
    try {
      const page = await api('/api/security/events?limit=100' + (more ? '&cursor=' + encodeURIComponent(next) : ''));
      events = more ? [...events, ...page.items] : page.items;
      next = page.next;
      fill(log, h('h2', {}, t('security.log')), events.length ? h('table', { class: 'table' },
        h('thead', {}, h('tr', {}, [t('security.when'), t('security.event'), t('security.door'), t('security.who'),
          t('security.detail'), t('security.stills')].map((label) => h('th', { scope: 'col' }, label)))),
        h('tbody', {}, events.map(eventRow))) : h('p', { class: 'muted' }, t('security.no-events')),
        next ? h('button', { type: 'button', onclick: () => loadLog(true) }, t('common.more')) : null);
    } catch (e) {
      fill(log, h('h2', {}, t('security.log')), h('p', { class: 'error' }, errorText(e)));
    }
  };

  const eventRow = (e) => h('tr', { 'data-seq': e.seq, 'data-type': e.type },
    h('td', { 'data-label': t('security.when') }, formatTime(e.ts)),
    h('td', { 'data-label': t('security.event') }, EVENT_LABEL[e.type] ? t(EVENT_LABEL[e.type]) : e.type),
    h('td', { 'data-label': t('security.door') }, e.subject || '–'),
    h('td', { 'data-label': t('security.who') }, e.actor || '–'),
    h('td', { 'data-label': t('security.detail') }, e.detail || ''),
    h('td', { 'data-label': t('security.stills') }, e.snapshots.map((s) => s.status === 'taken'
      ? h('button', { type: 'button', class: 'link', onclick: (ev) => still(ev.target, s) }, t('security.show-still', { camera: s.camera }))
      : h('span', { class: 'muted' }, t('security.no-still', { camera: s.camera, status: s.status })))));

  const still = (button, snapshot) => button.replaceWith(h('img', {
    class: 'still', src: `/api/security/snapshots/${snapshot.id}/image`, alt: t('security.still-alt', { camera: snapshot.camera }),
    title: 'SHA-256 ' + snapshot.sha256,
  }));

  const unlock = (d) => ask({
    title: t('security.unlock.title', { door: d.name || d.id }), message: t('security.unlock.message', { door: d.name || d.id }),
    fields: [{ name: 'reason', label: t('security.unlock.reason'), type: 'textarea', required: true }],
    confirm: t('security.unlock'),
    action: (v) => post(`/api/doors/${encodeURIComponent(d.id)}/unlock`, { reason: v.reason }),
  }).then((result) => {
    if (result) store.refresh('doors');
    if (readsLog) loadLog();
  });

  fill(container, h('h1', {}, t('nav.security')), doors,
    readsLog ? [audit, log] : h('p', { class: 'muted' }, t('security.log-needs-role')));
  renderDoors();
  if (readsLog) {
    loadAudit();
    loadLog();
  }
  return {
    changed: (parts) => { if (parts.includes('doors')) renderDoors(); },
    live: (type) => { if (readsLog && (type === 'security' || type === 'resync')) loadLog(); },
  };
}
