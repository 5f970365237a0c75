// A route handler on the Edge runtime: the package's `edge-light` entry (the wasm imported as a module).
import * as sdk from 'enkash-rewards';
import { check } from '../../../../check.mjs';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';

export async function POST(request) {
  try {
    return Response.json({ runtime: typeof EdgeRuntime === 'string' ? 'edge' : typeof process.versions?.node === 'string' ? 'node' : 'unknown', ...(await check(sdk, await request.json())) });
  } catch (e) {
    return Response.json({ error: String(e), kind: e?.kind }, { status: 500 });
  }
}
