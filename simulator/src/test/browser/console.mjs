// Drives the web console in headless Chromium, as facility staff would use it. Started by
// ConsoleBrowserTest, which runs the controller and a simulated site and reads what this prints:
// "HEAT" asks it to heat the rack; every other line says what was seen. Exits non-zero on failure.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
};
const base = env('JAGA_URL');
const operator = { name: env('JAGA_OPERATOR'), password: env('JAGA_PASSWORD') };
const viewer = { name: env('JAGA_VIEWER'), password: env('JAGA_PASSWORD') };
const rack = env('JAGA_RACK');
const sensor = env('JAGA_SENSOR');
const comment = env('JAGA_COMMENT');
const shots = env('JAGA_SCREENSHOTS');
const WAIT = { timeout: 30_000 };
mkdirSync(shots, { recursive: true });

// Playwright gives each launch a new, empty profile (its own --user-data-dir).
const browser = await chromium.launch({
  executablePath: process.env.JAGA_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const problems = [];
let page;

async function open(who, options = {}) {
  const context = await browser.newContext(options);
  const p = await context.newPage();
  p.on('pageerror', (e) => problems.push(`${who}: script error: ${e.message}`));
  p.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`${who}: ${m.text()}`);
  });
  await p.goto(base);
  await p.fill('#signin-form input[name=name]', who.name);
  await p.fill('#signin-form input[name=password]', who.password);
  await p.click('#signin-form button[type=submit]');
  await p.waitForSelector('#app:not([hidden])', WAIT);
  return p;
}

try {
  page = await open(operator, { viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  await page.selectOption('#app .lang-select', 'en');
  await page.waitForSelector(`[data-rack="${rack}"][data-severity="none"]`, WAIT);
  await page.waitForSelector('#live[data-mode="live"]', WAIT);
  console.log(`SIGNED-IN ${operator.name}, ${rack} normal, live feed connected`);

  console.log(`HEAT ${sensor}`);
  const red = await page.waitForSelector(`[data-rack="${rack}"][data-severity="critical"]`, WAIT);
  console.log(`RED ${rack}: ${(await red.innerText()).replace(/\s+/g, ' ')}`);
  await page.screenshot({ path: join(shots, 'console-floor.png'), fullPage: true });

  await page.click('nav a[data-view="alarms"]');
  const alarm = page.locator('article.alarm[data-severity="critical"]').filter({ has: page.locator('.alarm-source', { hasText: sensor }) });
  await alarm.locator('button[data-action="acknowledge"]').click(WAIT);
  await page.fill('#dialog textarea[name=comment]', comment);
  await page.click('#dialog-ok');
  await alarm.locator('[data-fact="ack"]', { hasText: comment }).waitFor(WAIT);
  if (await alarm.locator('button[data-action="acknowledge"]').count() !== 0) throw new Error('still offered to acknowledge');
  console.log(`ACKNOWLEDGED ${sensor}`);

  await page.click('nav a[data-view="floor"]');
  await page.click(`[data-rack="${rack}"]`);
  await page.waitForSelector(`figure[data-chart="${sensor}"] .uplot canvas`, WAIT);
  console.log(`CHART ${sensor}`);
  await page.screenshot({ path: join(shots, 'console-rack.png'), fullPage: true });

  await page.click('nav a[data-view="green"]');
  const live = page.locator('[data-period="live"] dd');
  await live.waitFor(WAIT);
  console.log(`GREEN live PUE: ${(await live.innerText()).replace(/\s+/g, ' ')}`);
  await page.click('nav a[data-view="alarms"]');

  await page.selectOption('#app .lang-select', 'id');
  await page.waitForFunction(() => document.documentElement.lang === 'id'
    && document.querySelector('nav a[data-view="floor"]').textContent === 'Denah', null, WAIT);
  await page.reload();
  await page.waitForSelector('#app:not([hidden])', WAIT);
  const remembered = await page.textContent('nav a[data-view="floor"]');
  const filter = await page.textContent('.filters label:first-child span');
  if (remembered !== 'Denah' || filter !== 'Ruangan') throw new Error(`after a reload the labels are "${remembered}", "${filter}"`);
  console.log(`LANGUAGE id: ${remembered}, ${filter}`);
  await page.screenshot({ path: join(shots, 'console-alarms-id.png'), fullPage: true });

  const phone = await open(operator, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await phone.waitForSelector(`[data-rack="${rack}"][data-severity="critical"]`, WAIT);
  const fit = await phone.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth,
    tile: document.querySelector('.rack').getBoundingClientRect().width }));
  if (fit.page > fit.screen || fit.tile > fit.screen / 2) throw new Error(`not laid out for a phone: ${JSON.stringify(fit)}`);
  await phone.screenshot({ path: join(shots, 'console-phone.png'), fullPage: true });
  console.log(`PHONE ok: ${JSON.stringify(fit)}`);

  const look = await open(viewer, { viewport: { width: 1280, height: 900 } });
  await look.click('nav a[data-view="alarms"]');
  await look.locator('article.alarm .alarm-source', { hasText: sensor }).first().waitFor(WAIT);
  const buttons = await look.locator('article.alarm button').count();
  if (buttons !== 0) throw new Error(`a viewer sees ${buttons} alarm buttons`);
  console.log('VIEWER no-acknowledge');

  if (problems.length) throw new Error(problems.join('\n'));
  console.log('DONE');
  await browser.close();
} catch (e) {
  console.log(`FAILED ${e.stack || e}`);
  if (page) await page.screenshot({ path: join(shots, 'console-failure.png'), fullPage: true }).catch(() => {});
  await browser.close();
  process.exit(1);
}
