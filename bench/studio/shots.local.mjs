import { chromium } from 'playwright-core';
const [base, photo, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
page.on('console', m => console.log('console:', m.text()));
const email = `shot-${Date.now()}@example.com`;
await page.goto(`${base}/account/sign-in`);
await page.getByLabel('Email').fill(email);
await page.getByRole('button', { name: 'Send sign-in link' }).click();
await page.waitForURL('**/check-email');
for (let i = 0; i < 100; i++) {
  await page.goto(`${base}/dev/mailbox`);
  const links = await page.locator('a[href*="/account/magic"]').evaluateAll((as, to) => as.filter(a => a.closest('.mud-paper')?.textContent.includes(to)).map(a => a.href), email);
  if (links.length) { await page.goto(links[0]); break; }
  await page.waitForTimeout(100);
}
await page.getByRole('button', { name: 'Continue' }).click();
await page.waitForURL(u => !u.pathname.startsWith('/account'));
await page.goto(`${base}/create`);
await page.waitForFunction(() => document.getElementById('photo')?._blazorInputFileNextFileId !== undefined);
await page.screenshot({ path: `${out}/0-empty-1280.png`, fullPage: true });
await page.getByLabel('Photo', { exact: true }).setInputFiles(photo);
await page.waitForFunction(() => Number(document.querySelector('[data-testid=page-preview]')?.dataset.shown ?? 0) >= 1, null, { timeout: 60000 });
await page.screenshot({ path: `${out}/1-photo-1280.png`, fullPage: true });
const frame = page.getByTestId('studio-frame');
const b = await frame.boundingBox();
await page.mouse.move(b.x + b.width * 0.25, b.y + b.height * 0.2);
await page.mouse.down();
await page.mouse.move(b.x + b.width * 0.5, b.y + b.height * 0.5, { steps: 5 });
await page.mouse.move(b.x + b.width * 0.75, b.y + b.height * 0.95, { steps: 5 });
await page.mouse.up();
await page.waitForFunction(() => Number(document.querySelector('[data-testid=page-preview]')?.dataset.shown ?? 0) >= 2, null, { timeout: 60000 });
await page.screenshot({ path: `${out}/2-box-1280.png`, fullPage: true });
await page.setViewportSize({ width: 390, height: 844 });
await page.waitForTimeout(500);
await page.screenshot({ path: `${out}/3-box-390.png`, fullPage: true });
await page.getByRole('button', { name: 'Crop' }).click();
await page.getByRole('button', { name: 'Square' }).click();
await page.waitForTimeout(1500);
await page.screenshot({ path: `${out}/4-crop-390.png`, fullPage: false });
console.log('scrollWidth', await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]));
await browser.close();
