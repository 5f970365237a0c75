// Seed data and small helpers shared by the sandbox's routes.
import { randomBytes } from 'node:crypto';

export const SANDBOX_CREDENTIALS = Object.freeze({
  clientId: 'sandbox-client',
  clientSecret: 'sandbox-client-secret',
  username: 'hr@sandbox.test',
  password: 'sandbox-password',
});
/** An end user of the redemption store (same OAuth client, the user's own password). */
export const SANDBOX_EMPLOYEE = Object.freeze({ username: 'employee@sandbox.test', password: 'employee-password', ekUserId: 'EKUSEED1', enKashCardId: 'EKCSEED001' });
export const SANDBOX_PARTNER_ID = 'CRMXWB3ZM';
export const DUPLICATE_REFERENCE = 'The transaction associated with the given Unique reference Number already exists';

// Seeded reward accounts (balances in paise). Each shows one documented case.
export const ACCOUNTS = [
  { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', companyName: 'Sandbox Rewards Pvt Ltd', balance: 100_000_00 },
  { companyId: 'CEKLOWBAL1', cardAccountId: 'CALOWBAL1', companyName: 'Thin Wallet Ltd', balance: 50_00 },
  { companyId: 'CEKNOPRIM1', cardAccountId: 'CANOPRIM1', companyName: 'No Primary Ltd', balance: 1_000_00, noPrimaryCard: true },
  { companyId: 'CEKKYCPND1', cardAccountId: 'CAKYCPND1', companyName: 'KYC Pending Ltd', balance: 1_000_00, kycPending: true },
  { companyId: 'CEKNOBIN01', cardAccountId: 'CANOBIN01', companyName: 'No Bin Ltd', balance: 1_000_00, binUnmapped: true },
];

const image = (brand, kind) => `https://images.sandbox.test/${brand.toLowerCase().replace(/\W+/g, '-')}/${kind}.png`;
function product(productCatalogId, brand, category, denominations, discount) {
  return {
    productCatalogId,
    brand,
    aggregator: 'SANDBOX',
    category: [category],
    images: { BRAND_IMAGE: image(brand, 'brand'), LOGO_IMAGE: image(brand, 'logo'), LOGO_IMAGE_SMALL: image(brand, 'logo-small') },
    description: `${brand} gift voucher`,
    configResponses: denominations.map((mrp, i) => ({
      productConfigId: productCatalogId * 10 + i + 1,
      mrp,
      sellRate: Math.round(mrp * (100 - discount)) / 100,
      enkashDiscount: discount,
      maxQuantity: 10,
      customAmountEnabled: false,
    })),
    enabled: true,
    rank: productCatalogId - 100,
    termsAndCondition: 'Valid for 12 months from the date of issue.',
    howToRedeem: 'Enter the card number and PIN at checkout.',
    expiryPeriod: '12 months',
    active: true,
    enkashImages: [],
    discount,
  };
}
export const CATALOG = [
  product(101, 'Amazon Pay', 'Shopping', [100, 500, 1000], 2),
  product(102, 'Flipkart', 'Shopping', [250, 500], 3),
  product(103, 'Swiggy', 'Food', [200, 500], 5),
  product(104, 'BookMyShow', 'Entertainment', [300], 4),
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "Jun 20, 2024 2:56:47 PM", as the portal writes dates. */
export function portalDate(d = new Date()) {
  const h = d.getHours() % 12 || 12;
  const pad = (n) => String(n).padStart(2, '0');
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()} ${h}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
}
export const id = (prefix, n) => prefix + randomBytes(8).toString('hex').toUpperCase().slice(0, n);
export const digits = (n) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');
export const rupees = (paise) => paise / 100;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;
export const MOBILE = /^[6-9]\d{9}$/;

/** Whole paise of a positive amount with at most two decimals, else undefined. */
export function toPaise(value) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  const p = Math.round(value * 100);
  return Math.abs(p - value * 100) < 1e-6 ? p : undefined;
}

export function send(res, status, body) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json' });
  res.end(text);
}

/** The `code/message` envelope (allocation, bulk, user card details). */
export const ok = (payload) => ({ code: 0, message: 'Success', payload });
export const fail = (message, payload = null) => ({ code: 1, message, payload });
/** The `response_code/response_message` envelope (account details, cart, configs, coins). */
export const rok = (payload) => ({ response_code: 0, response_message: 'Success', payload });
export const rfail = (message) => ({ response_code: 1, response_message: message, payload: message });

/** Reads {limit, offset} from the query, defaults 50 and 0. */
export function paging(url) {
  const limit = Math.min(Math.max(parseInt(url.searchParams.get('limit') ?? '50', 10) || 50, 1), 1000);
  const offset = Math.max(parseInt(url.searchParams.get('offset') ?? '0', 10) || 0, 0);
  return { limit, offset };
}

/** The page shape the portal documents: {recordsCount, data}. */
export const page = (all, { limit, offset }) => ({ recordsCount: all.length, data: all.slice(offset, offset + limit) });

// Seeded history ---------------------------------------------------------------------------

/** A small seeded PRNG (mulberry32): the same seed gives the same numbers. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [['Aarav', 'M'], ['Diya', 'F'], ['Vihaan', 'M'], ['Ananya', 'F'], ['Arjun', 'M'], ['Ishita', 'F'], ['Kabir', 'M'], ['Meera', 'F'], ['Rohan', 'M'], ['Saanvi', 'F'], ['Aditya', 'M'], ['Kavya', 'F'], ['Nikhil', 'M'], ['Pooja', 'F'], ['Rahul', 'M'], ['Sneha', 'F'], ['Varun', 'M'], ['Tara', 'F']];
const LAST = ['Sharma', 'Iyer', 'Reddy', 'Menon', 'Gupta', 'Nair', 'Patel', 'Das', 'Khan', 'Joshi', 'Rao', 'Bose'];

/** Local midnight `daysAgo` days before `now`. */
export function dayStart(now, daysAgo) {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - daysAgo);
  return d.getTime();
}

/**
 * The history to seed: `people` (a few dozen) and their `transactions` over the last `days`
 * days up to `now` (today included), oldest first. Everything but the dates (relative to
 * `now`) follows from `seed`. A person's first transaction is a credit; a debit never takes
 * more than the card holds. Amounts in paise; `at` in whole seconds (ms since the epoch).
 * Transaction kinds: 'reward' (CR), 'incentive' (CR), 'unallocation' (DR).
 */
export function historyPlan({ days = 30, seed = 1, people: count = 36 } = {}, now = Date.now()) {
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new RangeError(`history days must be a whole number from 1 to 3660, got ${days}`);
  if (!Number.isInteger(seed)) throw new RangeError(`history seed must be a whole number, got ${seed}`);
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const people = [];
  const mobiles = new Set();
  for (let i = 0; i < count; i++) {
    const [firstName, gender] = pick(FIRST);
    const last = pick(LAST);
    let mobile;
    do mobile = String(6 + Math.floor(random() * 4)) + String(Math.floor(random() * 1e9)).padStart(9, '0');
    while (mobiles.has(mobile));
    mobiles.add(mobile);
    const n = String(i + 1).padStart(3, '0');
    people.push({
      firstName: `${firstName} ${last}`,
      gender,
      title: gender === 'M' ? 'Mr' : 'Ms',
      email: `${firstName}.${last}.${n}@staff.example.com`.toLowerCase(),
      mobile,
      enKashCardId: `EKCH${seed}${n}`,
      userId: `EKIH${seed}${n}`,
    });
  }
  const events = [];
  const end = Math.floor(now / 1000) * 1000;
  for (let ago = days - 1; ago >= 0; ago--) {
    const start = dayStart(now, ago);
    const span = Math.min(dayStart(now, ago - 1), end) - start;
    const n = 1 + Math.floor(random() * 5);
    for (let k = 0; k < n; k++) events.push({ at: start + Math.floor((random() * span) / 1000) * 1000, person: Math.floor(random() * count), roll: random(), size: random() });
  }
  events.sort((a, b) => a.at - b.at);
  const balances = new Map();
  const transactions = [];
  for (const e of events) {
    const balance = balances.get(e.person);
    let kind = balance === undefined || e.roll < 0.7 ? 'reward' : e.roll < 0.85 ? 'incentive' : 'unallocation';
    let amount = kind === 'unallocation' ? 50_00 * (1 + Math.floor(e.size * 6)) : 100_00 + 50_00 * Math.floor(e.size * 19);
    if (kind === 'unallocation' && amount > balance) kind = 'reward';
    const type = kind === 'unallocation' ? 'DR' : 'CR';
    balances.set(e.person, (balance ?? 0) + (type === 'CR' ? amount : -amount));
    const n = String(transactions.length + 1).padStart(5, '0');
    transactions.push({ person: e.person, at: e.at, kind, type, amount, reference: `HIST-${seed}-${n}`, txnId: `ECTH${seed}${n}` });
  }
  for (const [i, p] of people.entries()) p.createdAt = transactions.find((t) => t.person === i)?.at ?? dayStart(now, days - 1);
  return { people, transactions };
}
