// A Cloudflare Worker (run by `wrangler dev`, local workerd): the package's `workerd` entry,
// the wasm imported as a module. POST the check's parameters, get its answer.
import * as sdk from 'enkash-rewards';
import { check } from '../check.mjs';

export default {
  async fetch(request) {
    if (request.method !== 'POST') return new Response('ok');
    try {
      return Response.json(await check(sdk, await request.json()));
    } catch (e) {
      return Response.json({ error: String(e), kind: e?.kind }, { status: 500 });
    }
  },
};
