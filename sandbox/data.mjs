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
