// Studio previews through the API (not a test): everything goes to BASE on loopback and stops by itself.
//  1. Signs PEOPLE people in through the dev mailbox in Chromium and makes each an API token.
//  2. One person alone: for ROUNDS photos, uploads it, asks for its first preview, then CHANGES previews, each after one
//     slider change (detail, line weight, background, subject box), waiting for each answer as the studio does.
//  3. PEOPLE at once: each does the same with a photo of their own.
// Prints one JSON line per phase with p50/p95 in ms and the app's RSS (APP_PID), sampled every 100 ms.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(new URL('../load/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const [base, photoDir] = process.argv.slice(2);
if (!/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(base)) throw new Error(`loopback only, not ${base}`);
const rounds = Number(process.env.ROUNDS ?? 4);
const changes = Number(process.env.CHANGES ?? 12);
const peopleCount = Number(process.env.PEOPLE ?? 10);
const photos = readdirSync(photoDir).filter(f => f.endsWith('.jpg')).sort().map(f => ({ name: f, bytes: readFileSync(join(photoDir, f)) }));
const out = o => console.log(JSON.stringify(o));
const sleep = ms => new Promise(r => setTimeout(r, ms));
const pct = (xs, p) => { if (!xs.length) return null; const s = [...xs].sort((a, b) => a - b); return Math.round(s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)]); };
const rssMb = () => process.env.APP_PID
  ? Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${process.env.APP_PID}/status`, 'utf8'))[1]) / 1024) : null;

const browser = await chromium.launch({
  executablePath: process.env.COLORING_CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
async function tokenOf(email) {
  const context = await browser.newContext();
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  await page.goto(`${base}/account/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send sign-in link' }).click();
  await page.waitForURL('**/check-email');
  for (let i = 0; ; i++) {
    await page.goto(`${base}/dev/mailbox`);
    const links = await page.locator('a[href*="/account/magic"]').evaluateAll(
      (as, to) => as.filter(a => a.closest('.mud-paper')?.textContent.includes(to)).map(a => a.href), email);
    if (links.length) { await page.goto(links[0]); break; }
    if (i > 100) throw new Error(`no sign-in link for ${email}`);
    await sleep(100);
  }
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(u => !u.pathname.startsWith('/account'));
  const token = await page.evaluate(async () => {
    const r = await fetch('/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'studio bench' }) });
    if (!r.ok) throw new Error(`token: ${r.status}`);
    return (await r.json()).token;
  });
  await context.close();
  return token;
}

async function upload(token, photo) {
  const form = new FormData();
  form.append('file', new Blob([photo.bytes], { type: 'image/jpeg' }), photo.name);
  const r = await fetch(`${base}/api/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  if (!r.ok) throw new Error(`upload: ${r.status} ${await r.text()}`);
  return (await r.json()).assetId;
}

async function preview(token, body) {
  const t0 = performance.now();
  const r = await fetch(`${base}/api/previews`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const png = await r.arrayBuffer();
  if (!r.ok) throw new Error(`preview: ${r.status} ${Buffer.from(png).toString().slice(0, 200)}`);
  return performance.now() - t0;
}

// One slider moved at a time, as a person steers: every step is a page not asked for before.
function* steps(assetId) {
  let o = { assetId, preset: 'kids', detail: 0, linePt: 3.5, background: 'auto' };
  yield o;
  const moves = [
    o => ({ ...o, detail: o.detail + 0.25 }), o => ({ ...o, linePt: o.linePt + 0.5 }), o => ({ ...o, detail: o.detail - 0.75 }),
    o => ({ ...o, background: 'simplify' }), o => ({ ...o, subject: { left: 0.2, top: 0.15, right: 0.8, bottom: 0.9 } }),
    o => ({ ...o, detail: o.detail + 1 }), o => ({ ...o, subject: { left: 0.25, top: 0.2, right: 0.85, bottom: 0.95 } }),
    o => ({ ...o, background: 'leave-out' }), o => ({ ...o, linePt: o.linePt - 1 }), o => ({ ...o, detail: o.detail - 0.5 }),
    o => ({ ...o, background: 'keep', subject: undefined }), o => ({ ...o, linePt: o.linePt + 0.25 }),
  ];
  for (let i = 0; i < changes; i++) { o = moves[i % moves.length](o); yield o; }
}

async function steer(token, photo, first, changed) {
  const assetId = await upload(token, photo);
  let i = 0;
  for (const body of steps(assetId)) (i++ === 0 ? first : changed).push(await preview(token, body));
}

async function phase(name, people, photosEach) {
  const first = [], changed = [];
  let peak = rssMb();
  const sampler = setInterval(() => { peak = Math.max(peak ?? 0, rssMb() ?? 0); }, 100);
  const t0 = performance.now();
  await Promise.all(people.map((token, p) => (async () => {
    for (let r = 0; r < photosEach; r++) await steer(token, photos[(p * photosEach + r) % photos.length], first, changed);
  })()));
  clearInterval(sampler);
  out({
    phase: name, people: people.length, seconds: +((performance.now() - t0) / 1000).toFixed(1),
    firstPreview: { n: first.length, p50: pct(first, 50), p95: pct(first, 95) },
    sliderChange: { n: changed.length, p50: pct(changed, 50), p95: pct(changed, 95), max: pct(changed, 100) },
    rssMb: { after: rssMb(), peak },
  });
}

const tokens = [];
for (let i = 0; i < peopleCount; i++) tokens.push(await tokenOf(`studio-${Date.now()}-${i}@example.com`));
await browser.close();
out({ phase: 'ready', people: tokens.length, rssMb: rssMb() });
await phase('one person', tokens.slice(0, 1), rounds);
await phase(`${peopleCount} at once`, tokens, 1);
