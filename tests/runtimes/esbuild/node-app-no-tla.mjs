// The same program with no top-level await, for esbuild's CommonJS output (--format=cjs, its
// default with --platform=node): the package's ESM entry must hold no top-level await either.
import * as sdk from 'enkash-rewards';
import { check } from '../check.mjs';

check(sdk, JSON.parse(process.env.RUNTIME_PARAMS)).then((result) => console.log(JSON.stringify(result)));
