// The SDK's own cost per call, with the network taken out: globalThis.fetch is replaced by
// one that answers at once with a real sandbox answer (captured first), for both the SDK and
// the raw-fetch baseline. The difference is what the SDK adds to each call.
import { performance } from 'node:perf_hooks';
import { EnKashClient } from 'enkash-rewards';
import { startSandbox, SANDBOX_CREDENTIALS, SANDBOX_PARTNER_ID } from '../sandbox/server.mjs';

const request = (i) => ({
  companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', transactionCode: 'ALLOCATION', transactionType: 'CR', type: 'ALLOCATE_POINT',
  email: 'overhead@example.com', mobile: '9000000003', title: 'Mr', firstName: 'Bench', gender: 'M', loadAmount: 0.01, uniqueReferenceNumber: `OVERHEAD-${i}`,
});

export async function benchOverhead(n = Number(process.env.BENCH_OVERHEAD_CALLS ?? 20_000)) {
  const realFetch = globalThis.fetch;
  const sandbox = await startSandbox();
  let answer;
  try {
    const client = new EnKashClient({ baseUrl: sandbox.url, partnerId: SANDBOX_PARTNER_ID, credentials: SANDBOX_CREDENTIALS });
    const { accessToken } = await client.authenticate();
    const r = await realFetch(`${sandbox.url}/api/v0/partner/enKashCard/create-allocate-points`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, partnerId: SANDBOX_PARTNER_ID, 'Content-Type': 'application/json' },
      body: JSON.stringify(request(0)),
    });
    answer = await r.text();
  } finally {
    await sandbox.close();
  }
  const token = JSON.stringify({ access_token: 'overhead-token', token_type: 'bearer', expires_in: 3600 });
  globalThis.fetch = async (url) => new Response(String(url).includes('/oauth/') ? token : answer, { status: 200, headers: { 'content-type': 'application/json' } });
  try {
    const client = new EnKashClient({ baseUrl: 'http://127.0.0.1:9', partnerId: SANDBOX_PARTNER_ID, credentials: SANDBOX_CREDENTIALS });
    await client.authenticate();
    const headers = { Authorization: 'Bearer overhead-token', partnerId: SANDBOX_PARTNER_ID, 'Content-Type': 'application/json' };
    const raw = async (i) => (await fetch('http://127.0.0.1:9/api', { method: 'POST', headers, body: JSON.stringify(request(i)) })).json();
    const sdk = (i) => client.createAndAllocatePoints(request(i));
    const best = { raw: Infinity, sdk: Infinity };
    for (let round = 0; round < 3; round++) {
      for (const [name, f] of round % 2 ? [['sdk', sdk], ['raw', raw]] : [['raw', raw], ['sdk', sdk]]) {
        const t = performance.now();
        for (let i = 0; i < n; i++) await f(i);
        best[name] = Math.min(best[name], ((performance.now() - t) / n) * 1000);
      }
    }
    return { calls: n, answerBytes: answer.length, rawUs: best.raw, sdkUs: best.sdk, overheadUs: best.sdk - best.raw };
  } finally {
    globalThis.fetch = realFetch;
  }
}
