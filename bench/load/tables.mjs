// Markdown tables for docs/scale.md from the JSON lines of run.sh runs: node tables.mjs run1.jsonl [run2.jsonl ...]
import { readFileSync } from 'node:fs';

const rows = [];
const circuits = [];
for (const file of process.argv.slice(2)) {
  const lines = readFileSync(file, 'utf8').split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l));
  const machine = lines.find(l => l.load === 'machine');
  const name = machine.mode === 'proxy' ? `${machine.instances} behind nginx` : `1, ${machine.mode}`;
  for (const s of lines.filter(l => l.load === 'step')) rows.push({ name, s });
  const idle = lines.find(l => l.load === 'idle-circuits');
  const active = lines.find(l => l.load === 'active-circuits');
  if (idle) circuits.push({ name, idle, active, load: machine.loadAverage });
}

const pair = (o, k) => `${o.p50[k] ?? '-'} / ${o.p95[k] ?? '-'}`;
console.log('| instances | API people | pages/s (all) | errors | upload p50/p95 | start p50/p95 | Generate-to-page p50/p95 | download p50/p95 | browser: pages, errors, photo shown p50/p95, Generate-to-page p50/p95 | RSS (all instances) | PG connections | load average |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const { name, s } of rows) {
  const b = s.browser ? `${s.browser.pages}, ${s.browser.errors}, ${pair(s.browser, 'upload')}, ${pair(s.browser, 'generateToPage')}` : '-';
  console.log(`| ${name} | ${s.people} | ${s.pagesPerSecond} (${s.allPagesPerSecond}) | ${s.errors} | ${pair(s, 'upload')} | ${pair(s, 'start')} | ${pair(s, 'generateToPage')} | ${pair(s, 'download')} | ${b} | ${s.rssMbMax} MB | ${s.pgConnectionsMax ?? '-'} | ${s.loadAverage} |`);
}
console.log();
console.log('| instances | idle circuits (per instance) | managed heap per idle circuit | RSS per idle circuit | active circuits | managed heap per active circuit, more than idle | RSS, more than idle | load average |');
console.log('|---|---|---|---|---|---|---|---|');
for (const { name, idle, active, load } of circuits) {
  console.log(`| ${name} | ${idle.circuits} (${idle.circuitsPerInstance.join(' + ')}) | ${idle.heapKb} KB | ${idle.rssKb} KB | ${active?.circuits ?? '-'} | ${active?.moreThanIdleHeapKb ?? '-'} KB | ${active?.moreThanIdleRssKb ?? '-'} KB | ${load} |`);
}
