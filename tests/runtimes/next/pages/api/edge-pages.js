// An API route of the Pages Router on the Edge runtime: the package's `edge-light` entry.
import * as sdk from 'enkash-rewards';
import { check } from '../../../check.mjs';

export const config = { runtime: 'edge' };

export default async function handler(request) {
  if (request.method !== 'POST') return new Response('ok');
  try {
    return Response.json({ runtime: typeof EdgeRuntime === 'string' ? 'edge' : typeof process.versions?.node === 'string' ? 'node' : 'unknown', ...(await check(sdk, await request.json())) });
  } catch (e) {
    return Response.json({ error: String(e), kind: e?.kind }, { status: 500 });
  }
}
