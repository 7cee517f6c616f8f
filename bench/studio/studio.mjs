// Studio benchmark (not a test). Drives the running app in Debian's Chromium: on /create with a photo, one control at a
// time is changed (a tap on the photo, the subject box moved by a key, the detail slider, the preset, the background),
// and the time from the person's key or pointer going down to the new preview on screen is taken in the page itself.
//  1. one person alone;  2. ten people at once, each changing something as soon as their last preview showed.
// The browser's cache is off, so no preview comes back for free. The app's RSS is sampled from /proc meanwhile.
// Usage: node studio.mjs BASE_URL PHOTO APP_PID [CHANGES]
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const [base, photo, appPid, changesArg] = process.argv.slice(2);
const changes = Number(changesArg ?? 30);
const browser = await chromium.launch({
  executablePath: process.env.COLORING_CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

let peakRssMb = 0;
const rss = () => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${appPid}/status`, 'utf8'))[1]);
    peakRssMb = Math.max(peakRssMb, kb / 1024);
    return kb / 1024;
  } catch { return 0; }
};
const sampler = setInterval(rss, 100);

async function signedInPage(email) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(120_000); // the machine is shared: signing in may wait, the timing does not include it
  const page = await context.newPage();
  await page.goto(`${base}/account/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send sign-in link' }).click();
  await page.waitForURL('**/check-email');
  for (let i = 0; i < 100; i++) {
    await page.goto(`${base}/dev/mailbox`);
    const links = await page.locator('a[href*="/account/magic"]').evaluateAll(
      (as, to) => as.filter(a => a.closest('.mud-paper')?.textContent.includes(to)).map(a => a.href), email);
    if (links.length) { await page.goto(links[0]); break; }
    await page.waitForTimeout(100);
  }
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(u => !u.pathname.startsWith('/account'));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  return page;
}

async function inStudio(page) {
  await page.goto(`${base}/create`);
  await page.waitForFunction(() => document.getElementById('photo')?._blazorInputFileNextFileId !== undefined);
  await page.getByLabel('Photo', { exact: true }).setInputFiles(photo);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=page-preview]')?.dataset.shown ?? 0) >= 1, null, { timeout: 120_000 });
  // The clock starts when the person's key or pointer goes down; it stops when the next preview is on screen.
  await page.evaluate(() => {
    window.__bench = { t0: 0, times: [] };
    for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, () => { window.__bench.t0 = performance.now(); }, true);
    document.addEventListener('studio-preview-shown', () => window.__bench.times.push(performance.now() - window.__bench.t0));
  });
}

// One change of a control, chosen in turn; every one makes options not asked before (the subject box moves between).
async function change(page, i) {
  const shown = await page.evaluate(() => window.__bench.times.length);
  const step = i % 6;
  if (step === 0) {
    await page.getByTestId('studio-frame').click({ position: { x: 120 + (i * 7) % 200, y: 100 + (i * 5) % 150 } }); // tap: mark or clear
  } else if (step === 1 || step === 4) {
    const box = page.locator('.subject-box');
    if (await box.count() === 0) await page.getByRole('button', { name: 'Mark the subject' }).click();
    else { await box.focus(); await page.keyboard.press(i % 12 < 6 ? 'ArrowRight' : 'ArrowLeft'); }
  } else if (step === 2) {
    const slider = page.getByRole('slider', { name: 'Detail' });
    await slider.focus();
    await page.keyboard.press(i % 12 < 6 ? 'ArrowRight' : 'ArrowLeft');
  } else if (step === 3) {
    // Each round picks the next one, never the one already chosen (Kids is where a person starts).
    const presets = ['Ages 3-5: thick lines, a few big shapes', 'Ages 9 and up: fine lines and detail', 'Ages 6-8: medium lines, more to color'];
    await page.getByRole('radio', { name: presets[Math.floor(i / 6) % 3] }).check();
  } else {
    const backgrounds = ['Keep it', 'Simplify it: a few big shapes', 'Automatic: simpler when the subject is clear'];
    await page.getByRole('radio', { name: backgrounds[Math.floor(i / 6) % 3] }).check();
  }
  await page.waitForFunction(n => window.__bench.times.length > n, shown, { timeout: 60_000 });
  await page.waitForTimeout(300); // a person looks before the next change
}

const p95 = xs => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (name, people, times) => ({
  bench: name, people, changes: times.length, medianMs: Math.round(median(times)), p95Ms: Math.round(p95(times)),
  maxMs: Math.round(Math.max(...times)), peakRssMb: Math.round(peakRssMb),
});
const stamp = Date.now();

// Everyone is signed in and in the studio first, one after the other; only the changes are made at once.
async function ready(i) {
  const page = await signedInPage(`studio-${stamp}-${i}@example.com`);
  await inStudio(page);
  return page;
}

async function person(page, warmup) {
  for (let c = 0; c < warmup; c++) await change(page, c);
  await page.evaluate(() => { window.__bench.times = []; });
  for (let c = warmup; c < warmup + changes; c++) await change(page, c);
  const times = await page.evaluate(() => window.__bench.times);
  await page.context().close();
  return times;
}

const alone = await person(await ready('alone'), 6);
console.log(JSON.stringify(summary('one-person', 1, alone)));

peakRssMb = 0;
const ten = [];
for (let i = 0; i < 10; i++) ten.push(await ready(`ten-${i}`));
peakRssMb = 0;
const together = (await Promise.all(ten.map(page => person(page, 2)))).flat();
console.log(JSON.stringify(summary('ten-people', 10, together)));
clearInterval(sampler);
console.log(JSON.stringify({ bench: 'memory', appRssNowMb: Math.round(rss()), peakRssMb: Math.round(peakRssMb) }));
await browser.close();
