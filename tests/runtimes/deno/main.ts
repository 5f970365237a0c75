// Deno: the package imported with an npm: specifier, resolved from the project's own
// node_modules (deno.json: "nodeModulesDir": "manual"), offline.
import * as sdk from 'npm:enkash-rewards';
import { check } from '../check.mjs';

const result = await check(sdk, JSON.parse(Deno.env.get('RUNTIME_PARAMS')!));
console.log(JSON.stringify(result));
