// The reward dashboard (examples-web/) in headless Chromium, against its dev backend and the
// sandbox (seeded with 30 days of history): sign in, balance, field errors with nothing sent,
// one allocation, a CSV bulk run with progress, cancel and resume, the results download, a
// voucher order, the cards table (paging, search), the transactions (type, dates, one card),
// the chart of points allocated per day, and the bundler-free page. Screenshots of each
// screen go to test-results/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './static.mjs';
import { historyPlan } from '../../sandbox/data.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'test-results/screenshots');
let dashboard, browser, page;

const inr = (n) => `₹${n.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const snap = (name) => page.screenshot({ path: join(shots, `dashboard-${name}.png`), fullPage: true });
const control = (body) => fetch(`${dashboard.sandboxUrl}/__sandbox/control`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
const state = () => fetch(`${dashboard.sandboxUrl}/__sandbox/state`).then((r) => r.json());
const balance = async () => (await state()).accounts.find((a) => a.cardAccountId === 'CAQL8YCV3').balance;
const HISTORY = { days: 30, seed: 1 };
const ACCOUNT = 'CAQL8YCV3';
const pad = (n) => String(n).padStart(2, '0');
/** yyyy-mm-dd of a local date (the browser runs in this process's time zone). */
const dayKey = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const daysAgo = (n) => {
  const d = new Date();
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - n);
};
/** The account's ledger, newest first (by whole seconds, as the page sees dates; then reference, descending). */
const ledgerNewestFirst = async () =>
  (await state()).ledger
    .filter((e) => e.cardAccountId === ACCOUNT)
    .sort((a, b) => Math.floor(b.at / 1000) - Math.floor(a.at / 1000) || b.reference.localeCompare(a.reference));
const rowTexts = (id) => page.$$eval(`[data-testid=${id}-row]`, (rows) => rows.map((r) => r.textContent));
const rowAttr = (id, attr) => page.$$eval(`[data-testid=${id}-row]`, (rows, a) => rows.map((r) => r.getAttribute(a)), attr);
/** Waits until the table `id` is loaded and its rows' `attr` equal `expected` (in order). */
async function waitRows(id, attr, expected) {
  try {
    await page.waitForFunction(
      ([id, attr, expected]) => {
        const table = document.querySelector(`[data-testid=${id}]`);
        const got = [...document.querySelectorAll(`[data-testid=${id}-row]`)].map((r) => r.getAttribute(attr));
        return table?.getAttribute('aria-busy') === 'false' && JSON.stringify(got) === JSON.stringify(expected);
      },
      [id, attr, expected],
      { timeout: 10_000 },
    );
  } catch {
    assert.deepEqual(await rowAttr(id, attr), expected, `rows of ${id}`);
  }
}

before(async () => {
  if (!existsSync(join(root, 'examples-web/dist/index.html'))) {
    execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'examples-web/vite.config.mjs')], { stdio: 'inherit' });
  }
  mkdirSync(shots, { recursive: true });
  const { startDashboard } = await import('../../examples-web/server.mjs');
  dashboard = await startDashboard({ history: HISTORY });
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
  assert.equal(csv[0], 'line,index,status,reference,reason,enkashCardId,transactionId,balance');
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

test('the sandbox seeded the same history as the plan (the data the next tests read)', async () => {
  const plan = historyPlan(HISTORY);
  assert.deepEqual(historyPlan(HISTORY).transactions, plan.transactions, 'deterministic for a seed');
  assert.notDeepEqual(historyPlan({ ...HISTORY, seed: 2 }).transactions.map((t) => t.amount), plan.transactions.map((t) => t.amount));
  const s = await state();
  const seeded = s.ledger.filter((e) => e.reference.startsWith(`HIST-${HISTORY.seed}-`));
  assert.deepEqual(
    // The plan's times are relative to now (today's only up to now): compare the days.
    seeded.map((e) => [e.reference, e.type, Math.round(e.amount * 100), dayKey(new Date(e.at))]),
    plan.transactions.map((t) => [t.reference, t.type, t.amount, dayKey(new Date(t.at))]),
  );
  assert.ok(plan.people.length >= 24, 'a few dozen people');
  for (const p of plan.people) assert.ok(s.cards.some((c) => c.email === p.email && c.mobile === p.mobile && c.cardAccountId === ACCOUNT), p.email);
  assert.deepEqual(new Set(plan.transactions.map((t) => t.type)), new Set(['CR', 'DR']));
  const oldest = Math.min(...plan.transactions.map((t) => t.at));
  assert.ok(oldest >= daysAgo(HISTORY.days - 1).getTime() && oldest < daysAgo(HISTORY.days - 8).getTime(), 'spread back to the first day');
});

test("the sandbox's searches honour the contract's filters and paging (what the views rely on)", async () => {
  const { SANDBOX_CREDENTIALS: c, SANDBOX_PARTNER_ID } = await import('../../sandbox/server.mjs');
  const basic = Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64');
  const form = new URLSearchParams({ username: c.username, password: c.password, grant_type: 'password', clientId: c.clientId });
  const { access_token } = await (await fetch(`${dashboard.sandboxUrl}/oauth/token`, { method: 'POST', headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: form })).json();
  const post = async (path, body) => {
    const r = await fetch(`${dashboard.sandboxUrl}/api/v0/partner/enKashCard/${path}`, { method: 'POST', headers: { Authorization: `Bearer ${access_token}`, partnerId: SANDBOX_PARTNER_ID, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return [r.status, await r.json()];
  };
  const account = { companyId: 'CEK1PU9AOO', cardAccountId: ACCOUNT };
  const ledger = await ledgerNewestFirst();
  const [busiest] = [...ledger.reduce((m, e) => m.set(e.enKashCardId, (m.get(e.enKashCardId) ?? 0) + 1), new Map())].filter(([id]) => id.startsWith('EKCH')).sort((a, b) => b[1] - a[1])[0];
  const mine = ledger.filter((e) => e.enKashCardId === busiest);
  const search = (filter, query = '') => post(`transaction/all${query}`, { ...account, enKashCardId: busiest, ...filter });
  const refs = ([, body]) => body.payload.data.map((t) => t.pgReferenceNumber);

  assert.deepEqual(refs(await search({})), mine.map((e) => e.reference), 'newest first');
  const [, paged] = await search({}, '?limit=2&offset=1');
  assert.deepEqual([paged.payload.recordsCount, paged.payload.data.map((t) => t.pgReferenceNumber)], [mine.length, mine.slice(1, 3).map((e) => e.reference)]);
  // Dates: a date-time bound takes its whole second; a bare date its whole day (local time).
  const pick = mine[1];
  const iso = (ms) => {
    const d = new Date(ms);
    return `${dayKey(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  };
  assert.deepEqual(refs(await search({ txnDateFrom: iso(pick.at), txnDateTo: iso(pick.at) })), [pick.reference]);
  const day = dayKey(new Date(pick.at));
  assert.deepEqual(refs(await search({ txnDateFrom: day, txnDateTo: day })), mine.filter((e) => dayKey(new Date(e.at)) === day).map((e) => e.reference));
  assert.deepEqual(refs(await search({ cardTransactionType: 'CR' })), mine.filter((e) => e.type === 'CR').map((e) => e.reference));
  assert.deepEqual(refs(await search({ status: 'CREATED' })), []);
  assert.deepEqual(refs(await search({ status: 'SUCCESS', userId: `EKIH${busiest.slice(4)}` })), mine.map((e) => e.reference));
  assert.deepEqual(refs(await search({ userId: 'EKINOBODY' })), []);
  // Unreadable filters are refused, naming the field, rather than matching nothing.
  for (const [filter, field] of [[{ txnDateFrom: '01-11-2026' }, 'txnDateFrom'], [{ txnDateTo: '2026-02-30' }, 'txnDateTo'], [{ cardTransactionType: 'XX' }, 'cardTransactionType']]) {
    const [status, body] = await search(filter);
    assert.equal(status, 400, JSON.stringify(filter));
    assert.match(body.message, new RegExp(`^${field} `));
  }
  // The card search: every card without paging parameters, one page with them.
  const cards = (await state()).cards.filter((x) => x.cardAccountId === ACCOUNT).map((x) => x.enKashCardId);
  const [, all] = await post('search', account);
  assert.deepEqual(all.payload.data.map((x) => x.enKashCardId), cards);
  const [, some] = await post('search?limit=5&offset=10', account);
  assert.deepEqual([some.payload.recordsCount, some.payload.data.map((x) => x.enKashCardId)], [cards.length, cards.slice(10, 15)]);
});

test('cards: a paged table, next and previous, page size, search by email and by mobile', async () => {
  await page.click('[data-testid=tab-cards]');
  const cards = (await state()).cards.filter((c) => c.cardAccountId === ACCOUNT);
  assert.ok(cards.length > 25, `enough cards to page: ${cards.length}`);
  const ids = cards.map((c) => c.enKashCardId);
  await waitRows('cards', 'data-card', ids.slice(0, 10));
  assert.equal(await page.textContent('[data-testid=cards-status]'), `1–10 of ${cards.length} · page 1 of ${Math.ceil(cards.length / 10)}`);
  const first = await rowTexts('cards');
  cards.slice(0, 10).forEach((c, i) => assert.ok(first[i].includes(c.email) && first[i].includes(c.mobile), first[i]));
  assert.equal(await page.isDisabled('[data-testid=cards-prev]'), true);
  await snap('12-cards');
  await page.click('[data-testid=cards-next]');
  await waitRows('cards', 'data-card', ids.slice(10, 20));
  assert.match(await page.textContent('[data-testid=cards-status]'), new RegExp(`^11–20 of ${cards.length} · page 2 of`));
  const second = await rowTexts('cards');
  cards.slice(10, 20).forEach((c, i) => assert.ok(second[i].includes(c.email), second[i]));
  await snap('13-cards-page-2');
  await page.click('[data-testid=cards-prev]');
  await waitRows('cards', 'data-card', ids.slice(0, 10));
  await page.selectOption('[data-testid=cards-page-size]', '25');
  await waitRows('cards', 'data-card', ids.slice(0, 25));
  // Search: one history person by email, another by mobile (as typed, with +91 and a space).
  const plan = historyPlan(HISTORY).people;
  const byEmail = plan[17];
  await page.fill('[data-testid=card-search]', byEmail.email.toUpperCase());
  await waitRows('cards', 'data-card', [byEmail.enKashCardId]);
  assert.ok((await rowTexts('cards'))[0].includes(byEmail.firstName));
  await snap('14-cards-search-email');
  const byMobile = plan[5];
  await page.fill('[data-testid=card-search]', `+91 ${byMobile.mobile}`);
  await waitRows('cards', 'data-card', [byMobile.enKashCardId]);
  assert.ok((await rowTexts('cards'))[0].includes(byMobile.email));
  // Part of an email: every card whose email has it.
  await page.fill('[data-testid=card-search]', 'team1');
  await waitRows('cards', 'data-card', cards.filter((c) => c.email.includes('team1')).map((c) => c.enKashCardId));
  await page.fill('[data-testid=card-search]', 'nobody@nowhere.test');
  await waitRows('cards', 'data-card', []);
  assert.equal(await page.textContent('[data-testid=cards] tbody'), 'No card matches.');
});

test('transactions: newest first, by type, by date range, for one card', async () => {
  await page.click('[data-testid=tab-transactions]');
  const ledger = await ledgerNewestFirst();
  await page.waitForSelector('[data-testid=txns][aria-busy=false] [data-testid=txns-row]');
  assert.match(await page.textContent('[data-testid=txns-status]'), new RegExp(`^1–10 of ${ledger.length} ·`));
  const dates = await page.$$eval('[data-testid=txns-row] td:first-child', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual([...dates].sort().reverse(), dates, 'newest first');
  await snap('15-transactions');
  await page.selectOption('[data-testid=txns-page-size]', '50');

  // Debits only: the history's unallocations.
  await page.selectOption('[data-testid=txn-type]', 'DR');
  await page.click('[data-testid=txn-apply]');
  const debits = ledger.filter((e) => e.type === 'DR');
  assert.ok(debits.length >= 3, 'the history has debits');
  await waitRows('txns', 'data-reference', debits.map((e) => e.reference));
  const debitRows = await rowTexts('txns');
  debits.forEach((e, i) => assert.ok(debitRows[i].includes('Debit') && debitRows[i].includes(inr(e.amount)) && debitRows[i].includes(e.enKashCardId), debitRows[i]));
  await snap('16-transactions-debits');

  // A date range (11 to 20 days ago, both days whole), credits and debits.
  const from = daysAgo(20);
  const to = daysAgo(10);
  await page.selectOption('[data-testid=txn-type]', '');
  await page.fill('[data-testid=txn-from]', dayKey(from));
  await page.fill('[data-testid=txn-to]', dayKey(daysAgo(11)));
  await page.click('[data-testid=txn-apply]');
  const inRange = ledger.filter((e) => e.at >= from.getTime() && e.at < to.getTime());
  assert.ok(inRange.length > 5 && inRange.length <= 50, `rows in range: ${inRange.length}`);
  await waitRows('txns', 'data-reference', inRange.map((e) => e.reference));
  const shown = await page.$$eval('[data-testid=txns-row] td:first-child', (tds) => tds.map((td) => td.textContent.slice(0, 10)));
  assert.ok(shown.every((d) => d >= dayKey(from) && d <= dayKey(daysAgo(11))), shown.join(' '));
  await snap('17-transactions-date-range');

  // Credits in that range.
  await page.selectOption('[data-testid=txn-type]', 'CR');
  await page.click('[data-testid=txn-apply]');
  await waitRows('txns', 'data-reference', inRange.filter((e) => e.type === 'CR').map((e) => e.reference));
  assert.ok((await rowTexts('txns')).every((t) => t.includes('Credit') && !t.includes('Debit')));

  // One card, paged by the server: the card with the most history, 2 rows a page.
  await page.fill('[data-testid=txn-from]', '');
  await page.fill('[data-testid=txn-to]', '');
  await page.selectOption('[data-testid=txn-type]', '');
  const counts = new Map();
  for (const e of ledger) if (e.reference.startsWith('HIST-')) counts.set(e.enKashCardId, (counts.get(e.enKashCardId) ?? 0) + 1);
  const [busiest] = [...counts].sort((a, b) => b[1] - a[1])[0];
  const mine = ledger.filter((e) => e.enKashCardId === busiest);
  assert.ok(mine.length >= 3, `${busiest} has ${mine.length}`);
  await page.selectOption('[data-testid=txns-page-size]', '10');
  await page.selectOption('[data-testid=txn-card]', busiest);
  const before = (await state()).counts.byRoute['POST /api/v0/partner/enKashCard/transaction/all'];
  await page.click('[data-testid=txn-apply]');
  await waitRows('txns', 'data-reference', mine.slice(0, 10).map((e) => e.reference));
  assert.equal((await state()).counts.byRoute['POST /api/v0/partner/enKashCard/transaction/all'] - before, 1, 'one page, one request');
  assert.match(await page.textContent('[data-testid=txns-status]'), new RegExp(`of ${mine.length} ·`));

  // A range that ends before it starts is refused in the page.
  await page.selectOption('[data-testid=txn-card]', '');
  await page.fill('[data-testid=txn-from]', dayKey(daysAgo(2)));
  await page.fill('[data-testid=txn-to]', dayKey(daysAgo(5)));
  await page.click('[data-testid=txn-apply]');
  await page.waitForSelector('[data-testid=transactions-view] [data-testid=banner-error]:has-text("starts after it ends")');
});

test('overview: one bar per day with the points allocated that day, and the numbers as a table', async () => {
  await page.click('[data-testid=tab-overview]');
  await page.waitForSelector('[data-testid=chart] .bar');
  // Computed from the sandbox's ledger: credits of the account per local day, last 30 days.
  const expected = new Map();
  for (let i = 29; i >= 0; i--) expected.set(dayKey(daysAgo(i)), 0);
  for (const e of (await state()).ledger) {
    const day = dayKey(new Date(e.at));
    if (e.cardAccountId === ACCOUNT && e.type === 'CR' && expected.has(day)) expected.set(day, Math.round((expected.get(day) + e.amount) * 100) / 100);
  }
  const bars = await page.$$eval('[data-testid=chart] .bar', (rects) => rects.map((r) => [r.getAttribute('data-day'), Number(r.getAttribute('data-points')), Number(r.getAttribute('height'))]));
  assert.deepEqual(bars.map(([d, p]) => [d, p]), [...expected]);
  assert.ok([...expected.values()].filter((v) => v > 0).length >= 20, 'most days have allocations');
  // Taller bars for more points.
  const byPoints = [...bars].sort((a, b) => a[1] - b[1]);
  for (let i = 1; i < byPoints.length; i++) assert.ok(byPoints[i][2] >= byPoints[i - 1][2], 'heights follow the points');
  // Accessible: a title and a description, and the numbers as text.
  assert.match(await page.textContent('[data-testid=chart] title#chart-title'), /^Points allocated per day/);
  const total = [...expected.values()].reduce((a, b) => a + b, 0);
  assert.ok((await page.textContent('[data-testid=chart] desc')).includes(`${inr(Math.round(total * 100) / 100)} in all`));
  await page.click('[data-testid=chart-numbers] summary');
  const rows = await page.$$eval('[data-testid=chart-numbers] tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepEqual(rows.map(([d, p]) => [d, p]), [...expected].map(([d, p]) => [d, inr(p)]));
  await snap('18-overview-chart');
  // A shorter period: 7 bars, the last 7 days.
  await page.selectOption('[data-testid=chart-days]', '7');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=chart] .bar').length === 7);
  assert.deepEqual(await page.$$eval('[data-testid=chart] .bar', (r) => r.map((x) => Number(x.getAttribute('data-points')))), [...expected.values()].slice(-7));
});

test('the bundler-free page allocates with the plain browser build', async () => {
  await page.goto(`${dashboard.url}/plain.html`);
  await page.waitForSelector('body[data-ready=true]');
  await page.click('#go');
  await page.waitForSelector('#result:has-text("Allocated 42 points")');
  await snap('11-plain-page');
});
