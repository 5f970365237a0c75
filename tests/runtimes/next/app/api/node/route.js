// A route handler on the Node.js runtime: the package's `node` entry, bundled by Next.
import * as sdk from 'enkash-rewards';
import { check } from '../../../../check.mjs';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request) {
  try {
    return Response.json({ runtime: typeof EdgeRuntime === 'string' ? 'edge' : typeof process.versions?.node === 'string' ? 'node' : 'unknown', ...(await check(sdk, await request.json())) });
  } catch (e) {
    return Response.json({ error: String(e), kind: e?.kind }, { status: 500 });
  }
}
