// One rack: its readings now, its alarms, and a chart of each sensor over the last hour, day or week
// (raw readings for an hour, 1-minute aggregates for a day, 1-hour aggregates for a week).
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { all } from '../api.js';
import * as store from '../store.js';
import { readingNode, unitLabel, KIND_LABEL } from '../readings.js';
import { formatTime, formatTick, siteZone } from '../time.js';
import { errorText } from '../dialog.js';
import { badge } from './floor.js';

const RANGES = {
  hour: { seconds: 3600, resolution: 'raw', label: 'rack.range.hour' },
  day: { seconds: 86400, resolution: '1m', label: 'rack.range.day' },
  week: { seconds: 7 * 86400, resolution: '1h', label: 'rack.range.week' },
};
let range = 'hour';

export default function rack(container, id) {
  const r = store.rack(id);
  if (!r) {
    fill(container, h('p', { class: 'error' }, t('rack.unknown', { id })), h('a', { href: '#/floor' }, t('rack.back')));
    return {};
  }
  const charts = [];
  const now = h('div', { class: 'now' });
  const alarmList = h('div', {});
  const chartArea = h('div', { class: 'charts' });
  const sensors = () => store.state.sensors.filter((s) => s.rack === id);

  const renderNow = () => {
    fill(now, h('dl', { class: 'facts' }, sensors().map((s) => h('div', { class: 'fact', 'data-sensor': s.id },
      h('dt', {}, `${t(KIND_LABEL[s.kind])} (${s.id})`), h('dd', {}, readingNode(s))))));
    const alarms = store.rackAlarms(id);
    fill(alarmList, alarms.length ? h('ul', { class: 'plain' }, alarms.map((a) => h('li', {}, badge(a.severity), ' ',
      a.message || a.type, ' · ', formatTime(a.raisedAt)))) : h('p', { class: 'muted' }, t('rack.no-alarms')));
  };

  const renderCharts = async () => {
    charts.splice(0).forEach((chart) => chart.destroy());
    const { seconds, resolution } = RANGES[range];
    const to = new Date();
    const from = new Date(to.getTime() - seconds * 1000);
    fill(chartArea, sensors().filter((s) => s.kind !== 'ups-status').map((s) => {
      const box = h('figure', { class: 'chart card', 'data-chart': s.id },
        h('figcaption', {}, `${t(KIND_LABEL[s.kind])} · ${s.id} (${unitLabel(s.unit)})`),
        h('p', { class: 'muted' }, t('common.loading')));
      history(s.id, from, to, resolution)
        .then((points) => draw(box, s, series(points), from, to))
        .catch((e) => fill(box, box.firstChild, h('p', { class: 'error' }, errorText(e))));
      return box;
    }));

    function draw(box, sensor, data, start, end) {
      box.lastChild.remove();
      if (!data[0].length) {
        box.append(h('p', { class: 'muted' }, t('rack.no-history')));
        return;
      }
      const plot = h('div', {});
      box.append(plot);
      const zone = siteZone();
      charts.push(new window.uPlot({
        width: Math.max(240, box.clientWidth - 24), height: 180,
        tzDate: (ts) => window.uPlot.tzDate(new Date(ts * 1000), zone),
        scales: { x: { time: true, min: start.getTime() / 1000, max: end.getTime() / 1000 } },
        legend: { show: false },
        axes: [{ values: (u, ticks) => ticks.map((tick) => formatTick(tick, range === 'week')) }, {}],
        series: [{}, { label: sensor.id, stroke: '#1d4ed8', width: 2 },
          ...(data.length > 2 ? [{ label: t('rack.min'), stroke: '#93c5fd' }, { label: t('rack.max'), stroke: '#93c5fd' }] : [])],
      }, data, plot));
    }
  };

  const resize = () => charts.forEach((chart) => {
    const width = Math.max(240, chart.root.parentElement.parentElement.clientWidth - 24);
    chart.setSize({ width, height: 180 });
  });
  window.addEventListener('resize', resize);

  fill(container,
    h('p', {}, h('a', { href: '#/floor' }, '← ', t('rack.back'))),
    h('h1', {}, r.name || r.id, ' ', h('span', { class: 'muted' }, store.roomName(r.room))),
    h('section', { class: 'card' }, h('h2', {}, t('rack.now')), now, h('h2', {}, t('rack.alarms')), alarmList),
    h('div', { class: 'range', role: 'group', 'aria-label': t('rack.range') }, Object.entries(RANGES).map(([key, value]) =>
      h('button', { type: 'button', 'aria-pressed': String(key === range), 'data-range': key,
        onclick: () => { range = key; container.querySelectorAll('[data-range]').forEach((b) =>
          b.setAttribute('aria-pressed', String(b.dataset.range === key))); renderCharts(); } }, t(value.label)))),
    chartArea);
  renderNow();
  renderCharts();
  return {
    changed: renderNow,
    leave: () => {
      window.removeEventListener('resize', resize);
      charts.forEach((chart) => chart.destroy());
    },
  };
}

/** The sensor's history in the range: a week by the hour, a day by the minute, an hour raw. */
function history(sensor, from, to, resolution) {
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), resolution, limit: 5000 });
  return all(`/api/sensors/${encodeURIComponent(sensor)}/history?${query}`);
}

/**
 * uPlot's columns: times in seconds and values; for aggregates (1m, 1h) also each bucket's min and
 * max. A bad raw reading has no value and leaves a gap.
 */
function series(points) {
  const times = points.map((p) => Date.parse(p.ts || p.start) / 1000);
  if (points.length && points[0].start === undefined) return [times, points.map((p) => p.value ?? null)];
  return [times, points.map((p) => p.avg), points.map((p) => p.min), points.map((p) => p.max)];
}
