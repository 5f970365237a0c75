import { EnKashClient } from 'enkash-rewards';
import { startSandbox, SANDBOX_CREDENTIALS, SANDBOX_PARTNER_ID } from '/work/main/sandbox/server.mjs';
const realFetch = globalThis.fetch; let answer;
{ const sb = await startSandbox(); const c = new EnKashClient({ baseUrl: sb.url, partnerId: SANDBOX_PARTNER_ID, credentials: SANDBOX_CREDENTIALS });
  globalThis.fetch = async (...a) => { const r = await realFetch(...a); const t = await r.clone().text(); if (!String(a[0]).includes('oauth')) answer = t; return r; };
  await c.createAndAllocatePoints({ companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', transactionCode: 'ALLOCATION', transactionType: 'CR', type: 'ALLOCATE_POINT', email: 'overhead@example.com', mobile: '9000000003', title: 'Mr', firstName: 'Bench', gender: 'M', loadAmount: 0.01, uniqueReferenceNumber: 'OVERHEAD-X' });
  await sb.close(); }
const token = JSON.stringify({ access_token: 'overhead-token', token_type: 'bearer', expires_in: 3600 });
globalThis.fetch = async (url) => new Response(String(url).includes('/oauth/') ? token : answer, { status: 200, headers: { 'content-type': 'application/json' } });
const request = (i) => ({ companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', transactionCode: 'ALLOCATION', transactionType: 'CR', type: 'ALLOCATE_POINT', email: 'overhead@example.com', mobile: '9000000003', title: 'Mr', firstName: 'Bench', gender: 'M', loadAmount: 0.01, uniqueReferenceNumber: `OVERHEAD-${i}` });
const client = new EnKashClient({ baseUrl: 'http://127.0.0.1:9', partnerId: SANDBOX_PARTNER_ID, credentials: SANDBOX_CREDENTIALS });
await client.authenticate();
const n = Number(process.env.N ?? 20000);
const t = performance.now();
for (let i = 0; i < n; i++) await client.createAndAllocatePoints(request(i));
console.log('sdk us', ((performance.now() - t) / n * 1000).toFixed(1));
