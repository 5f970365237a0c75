// A Node program bundled by esbuild (--platform=node, as cjs and as esm): the SDK is inside
// the bundle, which runs from a directory with no node_modules.
import * as sdk from 'enkash-rewards';
import { check } from '../check.mjs';

const result = await check(sdk, JSON.parse(process.env.RUNTIME_PARAMS));
console.log(JSON.stringify(result));
