// Load driver (not a test). Everything goes to BASE on loopback; it stops by itself (steps, seconds and requests are bounded).
//  1. Signs an admin and PEOPLE people in through the dev mailbox in Chromium, makes each an API token, grants credits.
//  2. Ramps people up in steps: each person loops upload -> POST /api/jobs -> poll until made -> download the PNG.
//     A step ends after STEP_SECONDS; the ramp stops once p95 Generate-to-page passes 5 s or a step has errors.
//  3. Opens idle circuits (Create page, signed in) and active ones (photo chosen on the Create page) and reads the
//     app's RSS before and after.
// Prints one JSON line per result. Env: APP_PID (for RSS), PG_COUNT=1 with PGHOST etc. (PostgreSQL connections in use), ADMIN_EMAIL.
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';

const [base, photoDir] = process.argv.slice(2);
const steps = (process.env.STEPS ?? '1,2,4,8,16').split(',').map(Number);
const stepSeconds = Number(process.env.STEP_SECONDS ?? 30);
const maxRequests = Number(process.env.MAX_REQUESTS ?? 5000);
const idleCircuits = Number(process.env.IDLE_CIRCUITS ?? 50);
const activeCircuits = Number(process.env.ACTIVE_CIRCUITS ?? 10);
const stamp = Date.now();
if (!/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(base)) throw new Error(`loopback only, not ${base}`);

const photos = readdirSync(photoDir).filter(f => f.endsWith('.jpg')).sort()
  .map(f => ({ name: f, bytes: readFileSync(join(photoDir, f)) }));
const out = o => console.log(JSON.stringify(o));
const rssMb = () => {
  if (!process.env.APP_PID) return null;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${process.env.APP_PID}/status`, 'utf8'));
  return Math.round(Number(m[1]) / 1024);
};
const pgConnections = () => {
  if (!process.env.PG_COUNT) return null;
  return Number(execFileSync('psql', ['-Atc',
    "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()"]).toString().trim());
};
// From /metrics (Telemetry:PrometheusEnabled): circuits open on the app and the managed heap after the last GC.
const metrics = async () => {
  const text = await (await fetch(`${base}/metrics`)).text();
  const sum = prefix => text.split('\n').filter(l => l.startsWith(prefix)).reduce((a, l) => a + Number(l.trim().split(/\s+/)[1]), 0);
  return { circuits: sum('coloring_circuits_open'), heapMb: Math.round(sum('dotnet_gc_last_collection_heap_size_bytes') / 1048576 * 10) / 10 };
};
const pct = (xs, p) => { if (!xs.length) return null; const s = [...xs].sort((a, b) => a - b); return Math.round(s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)]); };
const sleep = ms => new Promise(r => setTimeout(r, ms));

const browser = await chromium.launch({
  executablePath: process.env.COLORING_CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-renderer-backgrounding', '--disable-background-timer-throttling'],
});

async function signIn(email) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
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
  return { context, page };
}

async function tokenFor(page) {
  const token = await page.evaluate(async () => {
    const r = await fetch('/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'load test' }) });
    if (!r.ok) throw new Error(`token: ${r.status} ${await r.text()}`);
    return (await r.json()).token;
  });
  return token;
}

async function api(token, method, path, body) {
  const headers = { authorization: `Bearer ${token}` };
  if (body && !(body instanceof FormData)) { headers['content-type'] = 'application/json'; body = JSON.stringify(body); }
  const r = await fetch(`${base}${path}`, { method, headers, body });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${(await r.text()).slice(0, 200)}`);
  return r;
}

// 1. People.
const adminEmail = process.env.ADMIN_EMAIL;
const admin = await signIn(adminEmail);
const adminToken = await tokenFor(admin.page);
await admin.context.close();
const peopleCount = Math.max(...steps);
const people = [];
const t0 = performance.now();
for (let i = 0; i < peopleCount; i++) {
  const email = `load-${stamp}-${i}@example.com`;
  const { context, page } = await signIn(email);
  const token = await tokenFor(page);
  await context.close();
  const found = await (await api(adminToken, 'GET', `/api/admin/users?email=${encodeURIComponent(email)}`)).json();
  await api(adminToken, 'POST', `/api/admin/users/${found.users[0].id}/credits`, { amount: 1000, reason: 'load test', requestId: crypto.randomUUID() });
  people.push({ email, token });
}
out({ load: 'people-ready', people: people.length, signInSecondsEach: +((performance.now() - t0) / 1000 / peopleCount).toFixed(2), rssMb: rssMb() });

// 2. Ramp.
let requests = 0;
async function journey(person, i, deadline, sample) {
  while (performance.now() < deadline && requests < maxRequests) {
    const photo = photos[i++ % photos.length];
    const t = {};
    try {
      let s = performance.now();
      const form = new FormData();
      form.append('file', new Blob([photo.bytes], { type: 'image/jpeg' }), photo.name);
      requests++;
      const { assetId } = await (await api(person.token, 'POST', '/api/upload', form)).json();
      t.upload = performance.now() - s;
      s = performance.now();
      requests++;
      const { jobId } = await (await api(person.token, 'POST', '/api/jobs', { assetId, preset: 'kids' })).json();
      t.start = performance.now() - s;
      let job;
      for (;;) {
        requests++;
        job = await (await api(person.token, 'GET', `/api/jobs/${jobId}`)).json();
        if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'canceled') break;
        if (performance.now() - s > 120_000) throw new Error(`job ${jobId} still ${job.status} after 120 s`);
        await sleep(100);
      }
      if (job.status !== 'succeeded') throw new Error(`job ${jobId} ${job.status}: ${job.error}`);
      t.generateToPage = performance.now() - s;
      s = performance.now();
      requests++;
      const png = await (await api(person.token, 'GET', new URL(job.downloads.png, base).pathname + new URL(job.downloads.png, base).search)).arrayBuffer();
      if (png.byteLength < 1000) throw new Error(`PNG of ${png.byteLength} bytes`);
      t.download = performance.now() - s;
      sample.ok.push({ ...t, photo: photo.name, done: performance.now() });
    } catch (e) {
      sample.errors.push(String(e.message ?? e).slice(0, 300));
    }
  }
}

const results = [];
for (const n of steps) {
  const sample = { ok: [], errors: [] };
  const rss = [];
  const pg = [];
  const started = performance.now();
  const deadline = started + stepSeconds * 1000;
  const watch = setInterval(() => { const r = rssMb(); if (r) rss.push(r); const c = pgConnections(); if (c !== null) pg.push(c); }, 1000);
  await Promise.all(people.slice(0, n).map((p, k) => journey(p, k, deadline, sample)));
  clearInterval(watch);
  const seconds = (performance.now() - started) / 1000;
  const of = k => sample.ok.map(o => o[k]);
  const step = {
    load: 'step', people: n, seconds: +seconds.toFixed(1), pages: sample.ok.length, errors: sample.errors.length,
    pagesPerSecond: +(sample.ok.length / seconds).toFixed(2),
    p50: { upload: pct(of('upload'), 50), start: pct(of('start'), 50), generateToPage: pct(of('generateToPage'), 50), download: pct(of('download'), 50) },
    p95: { upload: pct(of('upload'), 95), start: pct(of('start'), 95), generateToPage: pct(of('generateToPage'), 95), download: pct(of('download'), 95) },
    rssMbMax: rss.length ? Math.max(...rss) : null, pgConnectionsMax: pg.length ? Math.max(...pg) : null,
    firstErrors: [...new Set(sample.errors)].slice(0, 3),
  };
  out(step);
  results.push(step);
  if (step.errors > 0 || step.p95.generateToPage > 5000 || requests >= maxRequests) {
    out({ load: 'knee', after: n, why: step.errors > 0 ? 'errors' : requests >= maxRequests ? 'request bound' : 'p95 Generate-to-page over 5 s' });
    break;
  }
}

// 3. Circuits. One signed-in browser context; each tab is one Blazor circuit on the Create page.
async function settle() { await sleep(5000); return { rssMb: rssMb(), ...(await metrics()) }; }
// The managed heap figure only moves when a GC has run in between; RSS always moves, but includes what the GC has not yet handed back.
const perCircuit = (a, b, n) => ({ rssKb: Math.round((b.rssMb - a.rssMb) * 1024 / n), heapKb: Math.round((b.heapMb - a.heapMb) * 1024 / n) });
if (idleCircuits > 0) {
  const { context, page } = await signIn(`circuits-${stamp}@example.com`);
  await page.close();
  const before = await settle();
  const tabs = [];
  for (let i = 0; i < idleCircuits; i++) {
    const tab = await context.newPage();
    await tab.goto(`${base}/create`);
    await tab.waitForLoadState('networkidle');
    tabs.push(tab);
  }
  const after = await settle();
  out({ load: 'idle-circuits', circuits: idleCircuits, before, after, perCircuit: perCircuit(before, after, after.circuits - before.circuits || idleCircuits) });
  if (activeCircuits > 0) {
    const photo = join(photoDir, photos[0].name);
    const start = await settle();
    for (const tab of tabs.slice(0, activeCircuits)) {
      await tab.getByLabel('Photo').setInputFiles(photo);
      await tab.getByAltText('Your photo').waitFor({ timeout: 120_000 });
    }
    const end = await settle();
    out({ load: 'active-circuits', circuits: activeCircuits, photo: photos[0].name, before: start, after: end,
      perCircuit: perCircuit(start, end, activeCircuits) });
  }
  await context.close();
}
await browser.close();
