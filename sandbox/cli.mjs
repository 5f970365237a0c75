// The sandbox's command line: `npx enkash-rewards sandbox [flags]` and `node sandbox/server.mjs
// [flags]`. Starts the sandbox, prints its URL and the configuration a client needs (the
// sandbox's own fake credentials), and runs until SIGINT or SIGTERM, then closes and resolves
// with the exit code (0 after a signal, 1 when it cannot listen, 2 for bad flags).
import { FAULT_KINDS, startSandbox } from './server.mjs';

// flag -> [option, kind, min, max]; kinds: int, number, share (0..1), list, flag, text.
const FLAGS = {
  '--port': ['port', 'int', 0, 65535],
  '--host': ['host', 'text'],
  '--seed': ['seed', 'int', 0, 2 ** 32 - 1],
  '--token-ttl': ['tokenTtlSeconds', 'number', 1, 365 * 24 * 3600],
  '--delay-ms': ['delayMs', 'number', 0, 600_000],
  '--encrypt': ['encryptPayloads', 'flag'],
  '--bulk-omit-share': ['bulkOmitShare', 'share'],
  '--bulk-lose-share': ['bulkLoseShare', 'share'],
  '--fault-share': ['share', 'share'],
  '--fault-kinds': ['kinds', 'list'],
  '--fault-routes': ['routes', 'list'],
  '--fault-seed': ['faultSeed', 'int', 0, 2 ** 32 - 1],
  '--history-days': ['historyDays', 'int', 0, 3660],
  '--json': ['json', 'flag'],
  '--help': ['help', 'flag'],
  '-h': ['help', 'flag'],
};

export function sandboxHelp(command = 'enkash-rewards sandbox') {
  return `${command}: a local, stateful double of the EnKash Reward APIs for your tests and CI.
It speaks the same wire contract as EnKash (every endpoint), keeps the payments in memory,
and can inject faults. Its credentials are its own fake ones: nothing leaves this machine.

Usage:
  ${command} [--port 8787] [options]

Options:
  --port <n>              Port to listen on (default 8787; 0 picks a free port).
  --host <host>           Address to listen on (default 127.0.0.1).
  --seed <n>              Seed of every random choice (faults, bulk omissions), default 1:
                          the same seed and the same requests give the same faults.
  --token-ttl <seconds>   Lifetime of access tokens (default 300).
  --delay-ms <ms>         Delay before every answer (default 0).
  --encrypt               Encrypted payloads ({"request": ...} / {"response": ...}, AES
                          with a key from the client secret): set encryptPayloads on the client.
  --bulk-omit-share <x>   Share (0 to 1) of paid bulk rows left out of the answer.
  --bulk-lose-share <x>   Share (0 to 1) of bulk answers lost after the rows were paid.
  --fault-share <x>       Share (0 to 1) of API requests that get an injected fault.
  --fault-kinds <a,b>     Fault kinds to pick from (default all): ${FAULT_KINDS.join(' ')}.
  --fault-routes <a,b>    Only API paths containing one of these (e.g. bulk,create-allocate).
  --fault-seed <n>        Seed of the faults alone (default --seed).
  --history-days <n>      Seed the funded account with n days of past payments to a few
                          dozen cards (from --seed; default 0: none).
  --json                  Print the configuration as one JSON line instead of text.
  --help                  This text.

State and control over HTTP (for tests; refused from web pages):
  GET  <url>/__sandbox/state     accounts, cards, ledger (the payments), counts, faults
  POST <url>/__sandbox/control   {"reset":true} {"faults":{"share":0.2}} {"unlock":true} ...
In Node, import { startSandbox } from 'enkash-rewards/sandbox' does the same in process.

Stop with Ctrl-C (SIGINT) or SIGTERM: the sandbox closes and exits 0.
`;
}

/** Parses the flags into { options, json, help } or { error }. */
export function parseSandboxArgs(argv) {
  const options = {};
  const faults = {};
  let json = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const spec = FLAGS[flag];
    if (!spec) return { error: flag.startsWith('-') ? `unknown option ${flag}` : `unexpected argument ${flag}` };
    const [key, kind, min, max] = spec;
    if (kind === 'flag') {
      if (key === 'json') json = true;
      else if (key === 'help') help = true;
      else options[key] = true;
      continue;
    }
    if (i + 1 >= argv.length) return { error: `${flag} needs a value` };
    const raw = argv[++i];
    let value;
    if (kind === 'text') {
      if (raw === '') return { error: `${flag} needs a value` };
      value = raw;
    } else if (kind === 'list') {
      value = raw.split(',').map((s) => s.trim()).filter(Boolean);
      if (!value.length) return { error: `${flag} needs a comma-separated list` };
      if (key === 'kinds') {
        const bad = value.find((k) => !FAULT_KINDS.includes(k));
        if (bad !== undefined) return { error: `${flag}: unknown fault kind ${JSON.stringify(bad)} (known: ${FAULT_KINDS.join(', ')})` };
      }
    } else {
      const ok = kind === 'int' ? /^\d+$/.test(raw) : /^\d+(\.\d+)?$|^\.\d+$/.test(raw);
      value = Number(raw);
      const [lo, hi] = kind === 'share' ? [0, 1] : [min, max];
      if (!ok || !(value >= lo && value <= hi)) return { error: `${flag} must be ${kind === 'int' ? 'a whole number' : 'a number'} from ${lo} to ${hi}, got ${JSON.stringify(raw)}` };
    }
    if (['share', 'kinds', 'routes', 'faultSeed'].includes(key)) faults[key === 'faultSeed' ? 'seed' : key] = value;
    else options[key] = value;
  }
  if (options.historyDays !== undefined) {
    const days = options.historyDays;
    delete options.historyDays;
    if (days > 0) options.history = { days, seed: options.seed ?? 1 };
  }
  if (Object.keys(faults).length) {
    if (faults.share === undefined) return { error: '--fault-kinds, --fault-routes and --fault-seed need --fault-share' };
    options.faults = faults;
  }
  options.port ??= 8787;
  return { options, json, help };
}

/** The configuration a user needs, as text lines (the sandbox's fake credentials included). */
export function describeSandbox(sandbox, options = {}) {
  const c = sandbox.clientOptions;
  const q = (v) => `'${v}'`;
  const lines = [
    `EnKash sandbox listening on ${sandbox.url}`,
    'A local double of the EnKash Reward APIs for tests: fake credentials, nothing leaves this machine.',
    '',
    'SDK (Node):',
    `  new EnKashClient({ baseUrl: ${q(c.baseUrl)}, partnerId: ${q(c.partnerId)}, credentials: { clientId: ${q(c.credentials.clientId)}, clientSecret: ${q(c.credentials.clientSecret)}, username: ${q(c.credentials.username)}, password: ${q(c.credentials.password)} }${c.encryptPayloads ? ', encryptPayloads: true' : ''} })`,
    'enkash-rewards CLI (environment):',
    `  export ENKASH_BASE_URL=${sandbox.url}`,
    `  export ENKASH_PARTNER_ID=${sandbox.partnerId}`,
    `  export ENKASH_CLIENT_ID=${c.credentials.clientId} ENKASH_CLIENT_SECRET=${c.credentials.clientSecret}`,
    `  export ENKASH_USERNAME=${c.credentials.username} ENKASH_PASSWORD=${c.credentials.password}`,
    'Accounts (companyId / cardAccountId):',
    ...sandbox.accounts.map((a) => `  ${a.companyId} / ${a.cardAccountId}  ${a.companyName}, ${a.balance} rupees: ${a.note}`),
    `Redemption store user: ${sandbox.employee.username} / ${sandbox.employee.password} (same OAuth client; card ${sandbox.employee.enKashCardId})`,
    `State: GET ${sandbox.url}/__sandbox/state   Control: POST ${sandbox.url}/__sandbox/control`,
  ];
  const f = options.faults;
  lines.push(
    f && f.share > 0
      ? `Faults: ${f.share * 100}% of API requests${f.routes ? ` to paths containing ${f.routes.join(' or ')}` : ''}, kinds ${(f.kinds ?? FAULT_KINDS).join(',')}, seed ${f.seed ?? options.seed ?? 1}`
      : 'Faults: none',
  );
  if (options.history) lines.push(`History: ${options.history.days} days of seeded payments (${sandbox.ledger().length} in the ledger)`);
  if (options.bulkOmitShare || options.bulkLoseShare) lines.push(`Bulk answers: ${(options.bulkOmitShare ?? 0) * 100}% of paid rows omitted, ${(options.bulkLoseShare ?? 0) * 100}% of answers lost`);
  if (c.encryptPayloads) lines.push('Payload encryption: on (set encryptPayloads: true on the client)');
  lines.push('Stop with Ctrl-C (SIGINT) or SIGTERM.');
  return lines;
}

/**
 * Runs the sandbox from a command line until SIGINT or SIGTERM. Resolves with the exit code.
 * `io`: { command (for the help text), stdout, stderr } (default the process's).
 */
export async function runSandboxCli(argv, io = {}) {
  const command = io.command ?? 'enkash-rewards sandbox';
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  const parsed = parseSandboxArgs(argv);
  if (parsed.error) {
    err.write(`${command}: ${parsed.error}\nRun "${command} --help" for usage.\n`);
    return 2;
  }
  if (parsed.help) {
    out.write(sandboxHelp(command));
    return 0;
  }
  let sandbox;
  try {
    sandbox = await startSandbox(parsed.options);
  } catch (e) {
    err.write(`${command}: ${e?.message ?? String(e)}\n`);
    return e instanceof TypeError || e instanceof RangeError ? 2 : 1;
  }
  // Listen for the signals before printing: whoever reads the URL may stop it at once.
  const stopped = new Promise((resolve) => {
    const stop = (name) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(name);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  if (parsed.json) {
    const { url, partnerId, companyId, cardAccountId, accounts, employee, clientOptions, redemptionClientOptions } = sandbox;
    out.write(JSON.stringify({ url, partnerId, companyId, cardAccountId, clientOptions, redemptionClientOptions, employee, accounts }) + '\n');
  } else {
    out.write(describeSandbox(sandbox, parsed.options).join('\n') + '\n');
  }
  const signal = await stopped;
  // A second signal while closing forces the exit.
  const force = () => process.exit(1);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  await sandbox.close();
  process.off('SIGINT', force);
  process.off('SIGTERM', force);
  err.write(`${command}: ${signal}: the sandbox stopped\n`);
  return 0;
}
