// Bun: the package imported (ESM) and required (CommonJS) from node_modules.
import * as sdk from 'enkash-rewards';
import { createRequire } from 'node:module';
import { check } from '../check.mjs';

const cjs = createRequire(import.meta.url)('enkash-rewards');
const params = JSON.parse(process.env.RUNTIME_PARAMS);
const result = await check(sdk, params);
result.cjsInvalid = cjs.validateAllocation({}).length;
console.log(JSON.stringify(result));
