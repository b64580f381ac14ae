// The console's shell: sign-in, the top bar, the live feed and the hash routes (#/floor, #/rack/ID, ...).
import { api, post, onSignedOut, ApiError } from './api.js';
import { t, useLanguage, preferredLanguage, onLanguageChange, translate } from './i18n.js';
import { useZone, formatTime } from './time.js';
import { follow } from './live.js';
import * as store from './store.js';
import { errorText } from './dialog.js';
import floor from './views/floor.js';
import alarms from './views/alarms.js';
import rack from './views/rack.js';
import ups from './views/ups.js';
import failover from './views/failover.js';
import security from './views/security.js';
import green from './views/green.js';

const VIEWS = { floor, alarms, rack, ups, failover, security, green };
const main = document.getElementById('view');
let current = null;
let stopLive = null;
let clock = null;

async function start() {
  document.querySelectorAll('.lang-select').forEach((select) =>
    select.addEventListener('change', () => useLanguage(select.value)));
  await useLanguage(preferredLanguage());
  onLanguageChange(() => {
    if (store.state.me) updateHeader();
    show();
  });
  onSignedOut(signedOut);
  document.getElementById('signin-form').addEventListener('submit', signIn);
  document.getElementById('password-form').addEventListener('submit', changePassword);
  document.getElementById('signout').addEventListener('click', signOut);
  window.addEventListener('hashchange', show);
  store.subscribe((parts) => {
    updateAlarmCount();
    if (current && current.changed) current.changed(parts);
  });
  try {
    return await enter(await api('/api/me')); // still signed in from before (the session cookie)
  } catch (e) {
    signedOut();
  }
}

async function signIn(event) {
  event.preventDefault();
  const form = event.target;
  const error = document.getElementById('signin-error');
  error.textContent = '';
  try {
    const me = await post('/api/session', { name: form.name.value, password: form.password.value });
    form.reset();
    await enter(me);
  } catch (e) {
    error.textContent = errorText(e);
  }
}

async function changePassword(event) {
  event.preventDefault();
  const form = event.target;
  const error = document.getElementById('password-error');
  try {
    await post('/api/me/password', { current: form.current.value, password: form.password.value });
    form.reset();
    await enter(await api('/api/me'));
  } catch (e) {
    error.textContent = errorText(e);
  }
}

async function enter(me) {
  const signin = document.getElementById('signin');
  if (me.mustChangePassword) {
    signin.hidden = false;
    document.getElementById('signin-form').hidden = true;
    document.getElementById('password-form').hidden = false;
    return;
  }
  await store.load(me);
  useZone(store.state.site.timezone);
  signin.hidden = true;
  document.getElementById('app').hidden = false;
  document.getElementById('site-name').textContent = store.state.site.name;
  // The site file let the broker link go without TLS or a login: staff must see that, every time.
  document.getElementById('insecure').hidden = !store.state.site.insecure;
  document.getElementById('insecure-reason').textContent = store.state.site.insecure || '';
  updateHeader();
  clock = setInterval(tick, 1000);
  stopLive = follow(onLiveEvent, (mode) => {
    document.getElementById('live').dataset.mode = mode;
    showLiveMode();
  });
  if (!location.hash) location.hash = '#/floor';
  show();
}

const ROLE_LABEL = {
  viewer: 'role.viewer', operator: 'role.operator', 'security-officer': 'role.security-officer', admin: 'role.admin',
};

const LIVE_MODE = { live: 'live.live', reconnecting: 'live.reconnecting', polling: 'live.polling' };

function showLiveMode() {
  const live = document.getElementById('live');
  live.textContent = live.dataset.mode ? t(LIVE_MODE[live.dataset.mode]) : '';
}

function onLiveEvent(type, data) {
  if (type === 'resync') store.refresh();
  else store.apply(type, data);
  if (current && current.live) current.live(type, data);
}

async function signOut() {
  try {
    await api('/api/session', { method: 'DELETE' });
  } catch (e) {
    // signed out here either way
  }
  signedOut();
}

function signedOut() {
  if (stopLive) stopLive();
  stopLive = null;
  clearInterval(clock);
  if (current && current.leave) current.leave();
  current = null;
  store.state.me = null;
  document.getElementById('app').hidden = true;
  document.getElementById('signin').hidden = false;
  document.getElementById('signin-form').hidden = false;
  document.getElementById('password-form').hidden = true;
}

function updateHeader() {
  const me = store.state.me;
  document.getElementById('who').textContent = `${me.name} (${t(ROLE_LABEL[me.role] || 'role.viewer')})`;
  showLiveMode();
  updateAlarmCount();
  tick();
}

function tick() {
  document.getElementById('clock').textContent = formatTime(new Date().toISOString(), { seconds: false });
}

function updateAlarmCount() {
  const unacknowledged = store.state.alarms.filter((a) => !a.acknowledged).length;
  const count = document.getElementById('alarm-count');
  count.textContent = unacknowledged ? String(unacknowledged) : '';
  count.title = t('nav.unacknowledged', { count: unacknowledged });
  count.dataset.severity = store.worst(store.state.alarms.filter((a) => !a.acknowledged));
}

/** Renders the view the hash names: #/NAME/ARG. */
function show() {
  if (!store.state.me || document.getElementById('app').hidden) return;
  const [, name = 'floor', arg] = location.hash.split('/');
  const view = VIEWS[decodeURIComponent(name)] || floor;
  if (current && current.leave) current.leave();
  document.querySelectorAll('nav a').forEach((link) => {
    link.classList.toggle('current', link.dataset.view === (view === rack ? 'floor' : name));
  });
  current = view(main, arg === undefined ? undefined : decodeURIComponent(arg));
  translate(main);
}

start().catch((e) => {
  console.error(e);
  document.body.textContent = e instanceof ApiError ? e.message : String(e);
});
