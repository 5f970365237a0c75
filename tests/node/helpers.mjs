// Shared set-up for the package tests: a sandbox on a free loopback port, and request makers.
import { startSandbox, SANDBOX_CREDENTIALS, SANDBOX_PARTNER_ID } from '../../sandbox/server.mjs';

export { SANDBOX_CREDENTIALS, SANDBOX_PARTNER_ID };

export async function sandbox(options) {
  const s = await startSandbox(options);
  s.control = async (body) => (await fetch(`${s.url}/__sandbox/control`, { method: 'POST', body: JSON.stringify(body) })).json();
  return s;
}

let n = 0;
export const ref = (prefix = 'T') => `${prefix}-${process.pid}-${Date.now()}-${++n}`;

export function allocation(overrides = {}) {
  return {
    companyId: 'CEK1PU9AOO',
    cardAccountId: 'CAQL8YCV3',
    transactionType: 'CR',
    type: 'ALLOCATE_POINT',
    email: 'asha@example.com',
    mobile: '9600098867',
    title: 'Ms',
    firstName: 'Asha',
    gender: 'F',
    loadAmount: 10.25,
    uniqueReferenceNumber: ref('ONE'),
    ...overrides,
  };
}

export function row(i, overrides = {}) {
  return { title: 'Mr', name: `Person ${i}`, email: `p${i}@example.com`, mobile: `98765${String(43210 + i).padStart(5, '0')}`, loadAmount: 5, remarks: 'test', uniqueReferenceNumber: ref(`ROW${i}`), ...overrides };
}
