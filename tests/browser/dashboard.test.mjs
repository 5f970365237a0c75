// The reward dashboard (examples-web/) in headless Chromium, against its dev backend and the
// sandbox: sign in, balance, field errors with nothing sent, one allocation, a CSV bulk run
// with progress, cancel and resume, the results download, a voucher order, and the
// bundler-free page. Screenshots of each screen go to test-results/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './static.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'test-results/screenshots');
let dashboard, browser, page;

const inr = (n) => `₹${n.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const snap = (name) => page.screenshot({ path: join(shots, `dashboard-${name}.png`), fullPage: true });
const control = (body) => fetch(`${dashboard.sandboxUrl}/__sandbox/control`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
const state = () => fetch(`${dashboard.sandboxUrl}/__sandbox/state`).then((r) => r.json());
const balance = async () => (await state()).accounts.find((a) => a.cardAccountId === 'CAQL8YCV3').balance;

before(async () => {
  if (!existsSync(join(root, 'examples-web/dist/index.html'))) {
    execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'examples-web/vite.config.mjs')], { stdio: 'inherit' });
  }
  mkdirSync(shots, { recursive: true });
  const { startDashboard } = await import('../../examples-web/server.mjs');
  dashboard = await startDashboard();
  browser = await launchChromium();
  page = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 900 } })).newPage();
  page.on('pageerror', (e) => assert.fail(`page error: ${e}`));
  console.log(`screenshots: ${shots}`);
});
after(async () => {
  await browser?.close();
  await dashboard?.close();
});

test('sign in and see the balance', async () => {
  await page.goto(dashboard.url);
  await page.waitForSelector('[data-testid=login]');
  await snap('01-login');
  await page.fill('#login-password', 'wrong');
  await page.click('button:has-text("Sign in")');
  await page.waitForSelector('[data-testid=banner-error]:has-text("Wrong email or password")');
  await page.fill('#login-password', 'demo-password');
  await page.click('button:has-text("Sign in")');
  await page.waitForSelector('[data-testid=balance]');
  assert.equal(await page.textContent('[data-testid=balance]'), inr(await balance()));
  await snap('02-overview');
});

test('the allocation form shows the SDK field errors and sends nothing, then allocates', async () => {
  await page.click('[data-testid=tab-allocate]');
  await page.fill('#f-email', 'not-an-email');
  await page.fill('#f-mobile', '12345');
  await page.fill('#f-loadAmount', '0');
  const sent = (await state()).counts.total;
  await page.click('button:has-text("Allocate points")');
  await page.waitForSelector('[data-testid=error-email]:has-text("not a valid email")');
  assert.match(await page.textContent('[data-testid=error-mobile]'), /10-digit/);
  assert.match(await page.textContent('[data-testid=error-loadAmount]'), /^Points must be greater than 0/);
  assert.equal(await page.textContent('[data-testid=error-firstName]'), 'First name is required');
  assert.equal(await page.getAttribute('#f-email', 'aria-invalid'), 'true');
  assert.equal((await state()).counts.total, sent, 'nothing was sent');
  await snap('03-allocate-errors');
  const before = await balance();
  await page.fill('#f-firstName', 'Asha');
  await page.fill('#f-email', 'asha.dashboard@example.com');
  await page.fill('#f-mobile', '9600098867');
  await page.fill('#f-loadAmount', '42.50');
  await page.click('button:has-text("Allocate points")');
  await page.waitForSelector('[data-testid=banner-ok]:has-text("Allocated ₹42.50 to Asha")');
  assert.equal(await page.textContent('[data-testid=error-email]'), '');
  await snap('04-allocated');
  await page.click('[data-testid=tab-overview]');
  await page.waitForSelector('[data-testid=balance]');
  assert.equal(await page.textContent('[data-testid=balance]'), inr(before - 42.5));
});

test('bulk: a CSV with one bad line, progress, cancel, resume, download', async () => {
  await page.click('[data-testid=tab-bulk]');
  const lines = ['title,name,email,mobile,loadAmount,remarks'];
  for (let i = 0; i < 30; i++) lines.push(`Ms,Team ${i},team${i}.dash@example.com,98${String(40000000 + i)},10,bonus`);
  lines.splice(4, 0, 'Mr,Typo,typo.dash@example.com,12345,10,bad');
  await page.setInputFiles('[data-testid=csv-file]', { name: 'team bonus.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n')) });
  await page.waitForSelector('[data-testid=csv-errors]');
  assert.match(await page.textContent('[data-testid=parse-summary]'), /30 rows ready, 1 line\(s\) with problems/);
  assert.match(await page.textContent('[data-testid=csv-errors]'), /5mobile/);
  await snap('05-bulk-parsed');
  await page.fill('[data-testid=run-id]', 'dash-team-1');
  await page.fill('[data-testid=batch-size]', '5');
  await control({ delayMs: 400 });
  await page.click('[data-testid=start]');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=progress]').value) > 0);
  await page.click('[data-testid=cancel]');
  await page.waitForSelector('[data-testid=outcome] .banner:has-text("cancelled")');
  await control({ delayMs: 0 });
  const firstBanner = await page.textContent('[data-testid=outcome] .banner');
  const notAttempted = Number(/(\d+) not attempted/.exec(firstBanner)[1]);
  assert.ok(notAttempted > 0 && notAttempted < 30, firstBanner);
  await snap('06-bulk-cancelled');
  await page.click('[data-testid=resume]');
  await page.waitForSelector('[data-testid=outcome] .banner.ok');
  const done = await page.textContent('[data-testid=outcome] .banner');
  const allocated = Number(/(\d+) allocated/.exec(done)[1]);
  const already = Number(/(\d+) already allocated/.exec(done)[1]);
  assert.equal(allocated, notAttempted, done);
  assert.equal(already, 30 - notAttempted);
  assert.match(done, /0 failed, 0 invalid, 0 not attempted/);
  await snap('07-bulk-done');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download]')]);
  const csv = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
  assert.equal(csv[0], 'line,index,status,reference,reason,enKashCardId,enKashTransactionId,balance');
  assert.equal(csv.length, 31);
  assert.ok(csv.slice(1).every((l) => /^\d+,\d+,(allocated|alreadyAllocated),dash-team-1-/.test(l)), csv.join('\n'));
  const ledger = (await state()).ledger.filter((e) => e.reference.startsWith('dash-team-1-'));
  assert.equal(ledger.length, 30, 'each row paid exactly once');
});

test('bulk: answers lost to a network fault show what is unsettled, and resume settles it without paying twice', async () => {
  const lines = ['title,name,email,mobile,loadAmount'];
  for (let i = 0; i < 12; i++) lines.push(`Mr,Fault ${i},fault${i}.dash@example.com,97${String(40000000 + i)},5`);
  await page.setInputFiles('[data-testid=csv-file]', { name: 'fault.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.fill('[data-testid=run-id]', 'dash-fault-1');
  await page.fill('[data-testid=batch-size]', '6');
  await control({ bulkLoseShare: 1 }); // every answer lost after the rows were applied
  await page.click('[data-testid=start]');
  await page.waitForSelector('[data-testid=outcome] .banner:has-text("12 failed")', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid=outcomes]'), /re-run with the same runId/);
  assert.equal(await page.isVisible('[data-testid=resume]'), true);
  await snap('08-bulk-network-fault');
  await control({ bulkLoseShare: 0 });
  await page.click('[data-testid=resume]');
  await page.waitForSelector('[data-testid=outcome] .banner.ok');
  assert.match(await page.textContent('[data-testid=outcome] .banner'), /0 allocated, 12 already allocated, 0 failed/);
  assert.equal((await state()).ledger.filter((e) => e.reference.startsWith('dash-fault-1-')).length, 12, 'paid once, though every answer was lost');
});

test('voucher store: catalog, denominations, cart, order, PIN hidden until asked', async () => {
  await page.click('[data-testid=tab-store]');
  await page.click('[data-testid=product-101]');
  await page.click('[data-testid=add-500]');
  await page.waitForSelector('[data-testid=cart-qty]:has-text("1")');
  await snap('09-store-cart');
  await page.click('[data-testid=place-order]');
  await page.waitForSelector('[data-testid=voucher-pin]');
  assert.equal(await page.textContent('[data-testid=voucher-pin]'), '••••••');
  await snap('10-store-order');
  await page.click('[data-testid=show-pin]');
  assert.match(await page.textContent('[data-testid=voucher-pin]'), /^\d{6}$/);
  const orders = (await state()).orders;
  assert.ok(orders.some((o) => o.brand === 'Amazon Pay' && o.denomination === 500));
});

test('the bundler-free page allocates with the plain browser build', async () => {
  await page.goto(`${dashboard.url}/plain.html`);
  await page.waitForSelector('body[data-ready=true]');
  await page.click('#go');
  await page.waitForSelector('#result:has-text("Allocated 42 points")');
  await snap('11-plain-page');
});
