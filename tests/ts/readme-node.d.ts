// The little of Node's API that README.md's TypeScript blocks use, declared here because the
// project does not depend on @types/node. Only for tests/ts/readme.mjs.
declare var process: {
  env: Record<string, string | undefined>;
  on(event: 'SIGINT' | 'SIGTERM', listener: () => void): void;
  stdout: { write(text: string): boolean };
  exitCode?: number;
};
declare module 'node:fs' {
  export function readFileSync(path: string): Uint8Array;
  export function readFileSync(path: string, encoding: 'utf8'): string;
  export function writeFileSync(path: string, data: string): void;
}
