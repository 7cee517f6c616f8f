// Load driver (not a test). Everything goes to BASE on loopback; it stops by itself (steps, seconds and requests are bounded).
//  1. Signs an admin and the people in through the dev mailbox in Chromium, makes each API person a token, grants credits.
//  2. Opens idle circuits (Create page, signed in) and then makes some active (a photo chosen), and measures each
//     instance's live managed heap with dotnet-gcdump (which runs a full GC first) and its RSS, before and after.
//  3. Ramps API people up in steps: each loops upload -> POST /api/jobs -> poll until made -> download the PNG.
//     BROWSER_PEOPLE more people make pages on the Create page all the while (choose a photo, Generate, wait for the page).
//     A step ends after STEP_SECONDS; the ramp stops once p95 Generate-to-page passes 5 s or a step has errors.
// Prints one JSON line per result. Env: APP_PIDS and APP_URLS (each instance, same order), GCDUMP (dotnet-gcdump),
// PG_COUNT=1 with PGHOST etc. (PostgreSQL connections in use), ADMIN_EMAIL.
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, photoDir] = process.argv.slice(2);
const steps = (process.env.STEPS ?? '1,2,4,8,16').split(',').filter(Boolean).map(Number);
const stepSeconds = Number(process.env.STEP_SECONDS ?? 30);
const maxRequests = Number(process.env.MAX_REQUESTS ?? 5000);
const browserPeople = Number(process.env.BROWSER_PEOPLE ?? 0);
const idleCircuits = Number(process.env.IDLE_CIRCUITS ?? 50);
const activeCircuits = Number(process.env.ACTIVE_CIRCUITS ?? 10);
const stamp = Date.now();
const loopback = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/;
if (!loopback.test(base)) throw new Error(`loopback only, not ${base}`);
const pids = (process.env.APP_PIDS ?? '').split(' ').filter(Boolean);
const urls = (process.env.APP_URLS ?? base).split(' ').filter(Boolean);
if (!urls.every(u => loopback.test(u))) throw new Error(`loopback only, not ${urls}`);

const photos = readdirSync(photoDir).filter(f => f.endsWith('.jpg')).sort()
  .map(f => ({ name: f, path: join(photoDir, f), bytes: readFileSync(join(photoDir, f)) }));
const out = o => console.log(JSON.stringify(o));
const rssMbOf = pid => Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);
const rssMb = () => pids.length ? pids.reduce((a, pid) => a + rssMbOf(pid), 0) : null;
const pgConnections = () => {
  if (!process.env.PG_COUNT) return null;
  return Number(execFileSync('psql', ['-Atc',
    "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()"]).toString().trim());
};
// From an instance's /metrics (Telemetry:PrometheusEnabled): the circuits open on it.
const circuitsOn = async url => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text.split('\n').filter(l => l.startsWith('coloring_circuits_open')).reduce((a, l) => a + Number(l.trim().split(/\s+/)[1]), 0);
};
// Where a page's time goes, from every instance's /metrics: seconds and pages per stage of the job path (queued, the
// engine's stages, store), summed; a step's figures are the difference over the step.
const stageTotals = async () => {
  const totals = {};
  for (const url of urls) {
    for (const line of (await (await fetch(`${url}/metrics`)).text()).split('\n')) {
      const m = /^coloring_page_stage_duration_seconds_(sum|count)\{([^}]*)\}\s+(\S+)/.exec(line);
      const stage = m && /(?:^|,)stage="([^"]+)"/.exec(m[2])?.[1];
      if (!stage) continue;
      totals[stage] ??= { sum: 0, count: 0 };
      totals[stage][m[1]] += Number(m[3]);
    }
  }
  return totals;
};
const stageMeansMs = (before, after) => Object.fromEntries(Object.entries(after)
  .map(([stage, t]) => [stage, t.count - (before[stage]?.count ?? 0), t.sum - (before[stage]?.sum ?? 0)])
  .filter(([, count]) => count > 0)
  .map(([stage, count, sum]) => [stage, Math.round(sum / count * 1000)]));
// The live managed heap: dotnet-gcdump makes the instance run a full, blocking GC and walks what survives.
const gcdumpDir = mkdtempSync(join(tmpdir(), 'coloring-gcdump-'));
const heapOf = (pid, name) => {
  const file = join(gcdumpDir, `${pid}-${name}.gcdump`);
  execFileSync(process.env.GCDUMP, ['collect', '-p', pid, '-o', file], { stdio: 'ignore', timeout: 120_000 });
  const report = execFileSync(process.env.GCDUMP, ['report', file], { maxBuffer: 64 << 20 }).toString();
  rmSync(file);
  const types = new Map();
  for (const line of report.split('\n')) {
    const m = /^\s*([\d,]+)\s+([\d,]+)\s+(.+?)(?:\s+\(Bytes > \d+K?\))?\s+\[.*\]\s*$/.exec(line);
    if (m) {
      const bytes = Number(m[1].replaceAll(',', '')) * Number(m[2].replaceAll(',', ''));
      types.set(m[3], (types.get(m[3]) ?? 0) + bytes);
    }
  }
  return { heapBytes: Number(/([\d,]+)\s+GC Heap bytes/.exec(report)[1].replaceAll(',', '')), types };
};
const pct = (xs, p) => { if (!xs.length) return null; const s = [...xs].sort((a, b) => a - b); return Math.round(s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)]); };
const sleep = ms => new Promise(r => setTimeout(r, ms));

const browser = await chromium.launch({
  executablePath: process.env.COLORING_CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'],
});

async function signIn(email) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  await page.goto(`${base}/account/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send sign-in link' }).click();
  await page.waitForURL('**/check-email');
  for (let i = 0; ; i++) {
    // The dev mailbox answers only direct loopback requests, never through the proxy; the instances share its folder.
    await page.goto(`${urls[0]}/dev/mailbox`);
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
  return page.evaluate(async () => {
    const r = await fetch('/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'load test' }) });
    if (!r.ok) throw new Error(`token: ${r.status} ${await r.text()}`);
    return (await r.json()).token;
  });
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
// 2. Circuits, measured before the ramp: its leftovers (caches, pools a full GC may or may not trim) would be noise.
// Each tab is one Blazor circuit on the Create page. Behind the proxy a browser context sticks to one instance (its
// route cookie), so the tabs are spread over several contexts, all signed in as the same person, and the heap that
// grew on the instances is divided by the circuits they count themselves.
async function measure(name) {
  await sleep(3000);
  const each = [];
  for (let i = 0; i < urls.length; i++) {
    each.push({ url: urls[i], rssMb: pids[i] ? rssMbOf(pids[i]) : null, circuits: await circuitsOn(urls[i]),
      ...(process.env.GCDUMP && pids[i] ? heapOf(pids[i], name) : {}) });
  }
  return each;
}
function perCircuit(before, after, count) {
  const circuits = count ?? after.reduce((a, x, i) => a + x.circuits - before[i].circuits, 0);
  const heap = after.reduce((a, x, i) => a + (x.heapBytes ?? 0) - (before[i].heapBytes ?? 0), 0);
  const rss = after.reduce((a, x, i) => a + (x.rssMb ?? 0) - (before[i].rssMb ?? 0), 0);
  // What grew, by type (gcdump's per-type figures are estimates; the total above is the heap's own count).
  const grew = new Map();
  after.forEach((x, i) => x.types?.forEach((bytes, type) => grew.set(type, (grew.get(type) ?? 0) + bytes - (before[i].types.get(type) ?? 0))));
  const top = [...grew].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([type, bytes]) => [type, Math.round(bytes / circuits / 1024 * 10) / 10]);
  return {
    circuits, heapKb: Math.round(heap / circuits / 1024), rssKb: Math.round(rss * 1024 / circuits),
    circuitsPerInstance: after.map((x, i) => x.circuits - before[i].circuits), topTypesKb: top,
  };
}
async function circuits() {
  const { context, page } = await signIn(`circuits-${stamp}@example.com`);
  const state = await context.storageState();
  await context.close();
  const signedIn = { ...state, cookies: state.cookies.filter(c => c.name !== 'coloring_route') };
  const contexts = [];
  for (let i = 0; i < (urls.length > 1 ? urls.length * 4 : 1); i++) contexts.push(await browser.newContext({ storageState: signedIn }));
  // One circuit opened and closed first, so what every circuit shares (JIT, caches) is not counted as a circuit's.
  const warm = await contexts[0].newPage();
  await warm.goto(`${base}/create`);
  await warm.getByText('Getting ready…').waitFor({ state: 'detached' });
  await warm.close();
  const before = await measure('before');
  const tabs = [];
  for (let i = 0; i < idleCircuits; i++) {
    const tab = await contexts[i % contexts.length].newPage();
    await tab.goto(`${base}/create`);
    await tab.getByText('Getting ready…').waitFor({ state: 'detached' });
    tabs.push(tab);
  }
  const after = await measure('idle');
  out({ load: 'idle-circuits', opened: idleCircuits, ...perCircuit(before, after),
    heapMbBefore: before.map(x => Math.round(x.heapBytes / 1048576)), heapMbAfter: after.map(x => Math.round(x.heapBytes / 1048576)) });
  if (activeCircuits > 0) {
    for (const tab of tabs.slice(0, activeCircuits)) {
      await tab.getByLabel('Photo', { exact: true }).setInputFiles(photos[0].path);
      await tab.getByRole('img', { name: 'Your photo' }).waitFor({ timeout: 120_000 });
    }
    const active = await measure('active');
    // Every circuit of the instances stays open, so the growth is the active circuits' alone.
    const more = perCircuit(after, active, activeCircuits);
    out({ load: 'active-circuits', circuits: activeCircuits, photo: photos[0].name, moreThanIdleHeapKb: more.heapKb, moreThanIdleRssKb: more.rssKb, topTypesKb: more.topTypesKb });
  }
  for (const c of contexts) await c.close();
}
// CIRCUIT_PAGES="/,/jobs,…": the same count for each of these pages in turn, signed in, instead of the Create page alone.
// The growth is divided by the tabs opened (a page rendered without a circuit costs its visitors nothing after the
// answer, and counts as 0); the circuits the instances report are given beside it.
async function circuitsByPage(paths) {
  const { context, page } = await signIn(`circuits-${stamp}@example.com`);
  // "{job}" in a path is a page this person made (so /jobs/{job} is a finished job's page, and /jobs shows one card).
  let jobId = null;
  if (paths.some(p => p.includes('{job}'))) {
    const token = await tokenFor(page);
    const form = new FormData();
    form.append('file', new Blob([photos[0].bytes], { type: 'image/jpeg' }), photos[0].name);
    const { assetId } = await (await api(token, 'POST', '/api/upload', form)).json();
    ({ jobId } = await (await api(token, 'POST', '/api/jobs', { assetId, preset: 'kids' })).json());
    for (let i = 0; ; i++) {
      const job = await (await api(token, 'GET', `/api/jobs/${jobId}`)).json();
      if (job.status === 'succeeded') break;
      if (job.status === 'failed' || job.status === 'canceled' || i > 1200) throw new Error(`job ${jobId}: ${job.status}`);
      await sleep(100);
    }
  }
  paths = paths.map(p => p.replace('{job}', jobId));
  if (jobId) {
    // The page's drawing rented big arrays from the shared pool; the pool gives back what lay unused for a minute at the
    // next full GC, which would land inside a page's count and make it look smaller. Let that happen first.
    await sleep(65_000);
    await measure('settle');
  }
  const state = await context.storageState();
  await context.close();
  const signedIn = { ...state, cookies: state.cookies.filter(c => c.name !== 'coloring_route') };
  const contexts = [];
  for (let i = 0; i < (urls.length > 1 ? urls.length * 4 : 1); i++) contexts.push(await browser.newContext({ storageState: signedIn }));
  const open = async (ctx, path) => {
    const tab = await ctx.newPage();
    await tab.goto(`${base}${path}`);
    await tab.waitForLoadState('networkidle');
    return tab;
  };
  const circuitsNow = async () => (await Promise.all(urls.map(circuitsOn))).reduce((a, b) => a + b, 0);
  const settle = async target => { for (let i = 0; i < 120 && (await circuitsNow()) !== target; i++) await sleep(500); };
  // Warm every page once (JIT, caches), then let those circuits close. SCREENSHOTS=<folder> keeps each page as a
  // person sees it, 1280 and 390 px wide, for looking at what a change did to the pages.
  const idleAtStart = await circuitsNow();
  for (const path of paths) {
    const tab = await open(contexts[0], path);
    if (process.env.SCREENSHOTS) {
      const name = path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home';
      for (const width of [1280, 390]) {
        await tab.setViewportSize({ width, height: 900 });
        await sleep(500);
        await tab.screenshot({ path: join(process.env.SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
      }
    }
    await tab.close();
  }
  await settle(idleAtStart);
  for (const path of paths) {
    const before = await measure('before');
    const tabs = [];
    for (let i = 0; i < idleCircuits; i++) tabs.push(await open(contexts[i % contexts.length], path));
    const after = await measure('idle');
    const r = perCircuit(before, after, idleCircuits);
    out({ load: 'idle-page', path, tabs: idleCircuits, circuitsOpened: after.reduce((a, x, i) => a + x.circuits - before[i].circuits, 0),
      heapKbPerTab: r.heapKb, rssKbPerTab: r.rssKb, topTypesKb: r.topTypesKb.slice(0, 8) });
    for (const tab of tabs) await tab.close();
    await settle(idleAtStart);
  }
  for (const c of contexts) await c.close();
}
if (process.env.CIRCUIT_PAGES) await circuitsByPage(process.env.CIRCUIT_PAGES.split(',').filter(Boolean));
else if (idleCircuits > 0) await circuits();

const grant = async email => {
  const found = await (await api(adminToken, 'GET', `/api/admin/users?email=${encodeURIComponent(email)}`)).json();
  await api(adminToken, 'POST', `/api/admin/users/${found.users[0].id}/credits`, { amount: 1000, reason: 'load test', requestId: crypto.randomUUID() });
};
const peopleCount = steps.length ? Math.max(...steps) : 0;
const people = [];
const t0 = performance.now();
for (let i = 0; i < peopleCount; i++) {
  const email = `load-${stamp}-${i}@example.com`;
  const { context, page } = await signIn(email);
  const token = await tokenFor(page);
  await context.close();
  await grant(email);
  people.push({ email, token });
}
// Browser people keep their signed-in context (and so their instance, by the route cookie) for the whole ramp.
const browsers = [];
for (let i = 0; i < browserPeople; i++) {
  const email = `load-${stamp}-browser-${i}@example.com`;
  const { context, page } = await signIn(email);
  await grant(email);
  browsers.push({ email, context, page });
}
if (peopleCount || browserPeople) {
  out({ load: 'people-ready', people: people.length, browserPeople, signInSecondsEach: +((performance.now() - t0) / 1000 / (peopleCount + browserPeople)).toFixed(2), rssMb: rssMb() });
}

// 3. Ramp.
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

// A person on the Create page: choose a photo (upload over the circuit), Generate, wait on the job page until the page shows.
async function browserJourney(person, i, deadline, sample) {
  const { page } = person;
  while (performance.now() < deadline && requests < maxRequests) {
    const photo = photos[i++ % photos.length];
    const t = {};
    try {
      requests++;
      await page.goto(`${base}/create`);
      await page.getByText('Getting ready…').waitFor({ state: 'detached' });
      let s = performance.now();
      await page.getByLabel('Photo', { exact: true }).setInputFiles(photo.path);
      await page.getByRole('img', { name: 'Your photo' }).waitFor();
      t.upload = performance.now() - s;
      s = performance.now();
      await page.getByRole('button', { name: 'Generate' }).click();
      await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
      t.start = performance.now() - s;
      await page.getByRole('img', { name: 'Coloring page', exact: true }).waitFor({ timeout: 120_000 });
      t.generateToPage = performance.now() - s;
      sample.ok.push({ ...t, photo: photo.name, done: performance.now() });
    } catch (e) {
      sample.errors.push(String(e.message ?? e).split('\n')[0].slice(0, 300));
    }
  }
}

const timings = sample => {
  const of = k => sample.ok.map(o => o[k]).filter(x => x !== undefined);
  const keys = ['upload', 'start', 'generateToPage', 'download'];
  return {
    p50: Object.fromEntries(keys.map(k => [k, pct(of(k), 50)])),
    p95: Object.fromEntries(keys.map(k => [k, pct(of(k), 95)])),
  };
};

for (const n of steps) {
  const sample = { ok: [], errors: [] };
  const viaBrowser = { ok: [], errors: [] };
  const rss = [];
  const pg = [];
  const started = performance.now();
  const deadline = started + stepSeconds * 1000;
  const stagesBefore = await stageTotals();
  const watch = setInterval(() => { const r = rssMb(); if (r) rss.push(r); const c = pgConnections(); if (c !== null) pg.push(c); }, 1000);
  await Promise.all([
    ...people.slice(0, n).map((p, k) => journey(p, k, deadline, sample)),
    ...browsers.map((p, k) => browserJourney(p, k, deadline, viaBrowser)),
  ]);
  clearInterval(watch);
  const seconds = (performance.now() - started) / 1000;
  const step = {
    load: 'step', people: n, browserPeople, seconds: +seconds.toFixed(1), pages: sample.ok.length, errors: sample.errors.length,
    pagesPerSecond: +(sample.ok.length / seconds).toFixed(2), ...timings(sample),
    browser: browserPeople ? { pages: viaBrowser.ok.length, errors: viaBrowser.errors.length, ...timings(viaBrowser), firstErrors: [...new Set(viaBrowser.errors)].slice(0, 3) } : undefined,
    allPagesPerSecond: +((sample.ok.length + viaBrowser.ok.length) / seconds).toFixed(2),
    stageMeanMs: stageMeansMs(stagesBefore, await stageTotals()),
    rssMbMax: rss.length ? Math.max(...rss) : null, pgConnectionsMax: pg.length ? Math.max(...pg) : null,
    loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    firstErrors: [...new Set(sample.errors)].slice(0, 3),
  };
  out(step);
  const errors = step.errors + (step.browser?.errors ?? 0);
  if (errors > 0 || step.p95.generateToPage > 5000 || requests >= maxRequests) {
    out({ load: 'knee', after: n, why: errors > 0 ? 'errors' : requests >= maxRequests ? 'request bound' : 'p95 Generate-to-page over 5 s' });
    break;
  }
}
for (const p of browsers) await p.context.close();

await browser.close();
rmSync(gcdumpDir, { recursive: true, force: true });
