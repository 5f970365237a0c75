// A browser page bundled by esbuild (--format=esm: the SDK's browser entry awaits the wasm at top level).
import * as sdk from 'enkash-rewards';
import { check } from '../check.mjs';

window.runCheck = (params) => check(sdk, params);
window.ready = true;
