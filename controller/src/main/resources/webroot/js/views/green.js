// Green figures: PUE live and over the site's day, month and year with how much of each period had
// data, energy and headroom per rack this month, estimated emissions, and the ICT office's reports.
import { h, fill } from '../dom.js';
import { api } from '../api.js';
import { t, language } from '../i18n.js';
import * as store from '../store.js';
import { errorText } from '../dialog.js';
import { pueText } from '../pue.js';

const PERIODS = ['live', 'day', 'month', 'year'];
const PERIOD_LABEL = { live: 'green.period.live', day: 'green.period.day', month: 'green.period.month', year: 'green.period.year' };
const kwh = (v) => `${v.toLocaleString(undefined, { maximumFractionDigits: 1 })} kWh`;

export default function green(container) {
  const render = async () => {
    try {
      const [pues, energy] = await Promise.all([
        Promise.all(PERIODS.map((p) => api(`/api/green/pue?period=${p}`))),
        api(`/api/green/energy?from=${monthStart(0)}&to=${today()}`)]);
      fill(container, h('h1', {}, t('nav.green')),
        h('section', { class: 'card' }, h('h2', {}, t('green.pue')),
          h('dl', { class: 'facts' }, PERIODS.map((p, i) => {
            const { value, note } = pueText(pues[i], t);
            return h('div', { class: 'fact', 'data-period': p }, h('dt', {}, t(PERIOD_LABEL[p])),
              h('dd', {}, value, h('span', { class: 'muted' }, ' ' + note)));
          })),
          h('p', { class: 'muted' }, t('green.left-out.why'))),
        h('section', { class: 'card' }, h('h2', {}, t('green.energy-month')),
          h('p', {}, t('green.totals', { facility: kwh(energy.facilityKwh), it: kwh(energy.itKwh),
            co2: `${Math.round(energy.emissions.kgCo2).toLocaleString()} kg`, factor: energy.emissions.kgPerKwh })),
          h('table', {}, h('thead', {}, h('tr', {}, ['green.rack', 'green.kwh', 'green.peak', 'green.headroom']
            .map((k) => h('th', {}, t(k))))),
            h('tbody', {}, energy.racks.map((r) => h('tr', {},
              h('td', {}, (store.rack(r.rack) || {}).name || r.rack), h('td', {}, kwh(r.kwh)),
              h('td', {}, r.peakW == null ? '–' : `${Math.round(r.peakW)} W`),
              h('td', {}, r.headroomW == null ? '–' : `${Math.round(r.headroomW)} W`)))))),
        store.may('view-security-log') ? reports() : null);
    } catch (e) {
      fill(container, h('h1', {}, t('nav.green')), h('p', { class: 'error' }, errorText(e)));
    }
  };
  render();
  return { changed: () => {} };
}

/** Last month's and this year's reports, in each format, in the console's language. */
function reports() {
  const periods = [['green.report.last-month', monthStart(-1), monthEnd(-1)], ['green.report.this-year', `${today().slice(0, 4)}-01-01`, today()]];
  return h('section', { class: 'card' }, h('h2', {}, t('green.reports')),
    h('ul', {}, periods.map(([label, from, to]) => h('li', {}, t(label) + ': ',
      ['html', 'pdf', 'csv'].map((format) => h('a', { href: `/api/reports?from=${from}&to=${to}&format=${format}&lang=${language()}`,
        download: `jaga-${from}-${to}.${format}`, class: 'report-link' }, format.toUpperCase() + ' '))))));
}

function today() {
  return new Date().toLocaleDateString('sv', { timeZone: store.state.site.timezone });
}

function monthStart(offset) {
  const [y, m] = today().split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + offset, 1));
  return d.toISOString().slice(0, 10);
}

function monthEnd(offset) {
  const [y, m] = today().split('-').map(Number);
  return new Date(Date.UTC(y, m + offset, 0)).toISOString().slice(0, 10);
}
