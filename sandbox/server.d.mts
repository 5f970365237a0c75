/// <reference lib="esnext.disposable" />
/**
 * `enkash-rewards/sandbox`: a local, stateful double of the EnKash Reward APIs for your own
 * tests and CI (as stripe-mock is for Stripe). It speaks the same wire contract as EnKash
 * (every endpoint), keeps payments in memory, and injects seeded, reproducible faults. Its
 * credentials are its own fake ones; nothing leaves the machine. Node only.
 *
 * ```js
 * import { EnKashClient } from 'enkash-rewards';
 * import { startSandbox } from 'enkash-rewards/sandbox';
 *
 * const sandbox = await startSandbox();            // a free port on 127.0.0.1
 * const client = new EnKashClient(sandbox.clientOptions);
 * await client.createAndAllocatePoints({ companyId: sandbox.companyId, cardAccountId: sandbox.cardAccountId, ... });
 * sandbox.ledger();                                // the payments the sandbox received
 * await sandbox.close();
 * ```
 *
 * @module
 */

/**
 * Kinds of injected faults. "Before" kinds refuse the request without applying it: `500`,
 * `502`, `503`, `429` (with `Retry-After: 1`), `reset-before` (the connection is closed),
 * `hang` (never answered), `not-json` (a 200 with an HTML body), `token-expiry` (the token
 * expires: a 401). "After" kinds apply the request (the money moves) and damage the answer:
 * `reset-after` (connection closed), `truncated` (half a body), `slow-body` (the body in
 * three slow parts; the answer is intact), `bad-envelope` (an envelope of the wrong shape).
 */
export type FaultKind =
  | '500'
  | '502'
  | '503'
  | '429'
  | 'reset-before'
  | 'reset-after'
  | 'hang'
  | 'truncated'
  | 'not-json'
  | 'slow-body'
  | 'bad-envelope'
  | 'token-expiry';

/** Every fault kind, in the order the seeded choice uses. */
export declare const FAULT_KINDS: readonly FaultKind[];

/** Fault injection: which requests fail, and how. The token endpoint never gets faults. */
export interface SandboxFaults {
  /** Share of API requests (0 to 1) that get a fault, e.g. `0.2`. */
  share: number;
  /** The kinds to choose from (uniformly); default every kind of {@link FAULT_KINDS}. */
  kinds?: readonly FaultKind[];
  /**
   * Only requests whose API path contains one of these strings get faults, e.g.
   * `['bulk-create-allocate-points-json']` or `['create-allocate-points']`; default all routes.
   */
  routes?: readonly string[];
  /**
   * Seed of the fault choices (a whole number from 0 to 2^32-1); default the sandbox's
   * `seed`. The same seed and the same sequence of requests give the same faults.
   */
  seed?: number;
}

/** Settings that can be given at start and changed at run time with {@link Sandbox.configure}. */
export interface SandboxSettings {
  /**
   * Seed of the sandbox's random choices (bulk omissions and losses; also of the faults
   * when they have no seed of their own): a whole number from 0 to 2^32-1. Default 1.
   */
  seed?: number;
  /** Lifetime of the access tokens the sandbox issues, in seconds. Default 300. */
  tokenTtlSeconds?: number;
  /** A delay before every answer, in milliseconds. Default 0. */
  delayMs?: number;
  /**
   * Encrypted payloads, as EnKash's encryption option: request bodies must be
   * `{"request": "<base64>"}` and successful answers are `{"response": "<base64>"}` (AES with
   * a key derived from the client secret). Configure the client with `encryptPayloads: true`
   * ({@link Sandbox.clientOptions} does it). Default false.
   */
  encryptPayloads?: boolean;
  /** Share (0 to 1) of the paid rows of each bulk request left out of its answer. Default 0. */
  bulkOmitShare?: number;
  /**
   * Share (0 to 1) of bulk requests whose answer is lost after their rows were paid (a 502
   * page or a truncated body): the worst case, money moved and the answer lost. Default 0.
   */
  bulkLoseShare?: number;
}

/** Seeded history: past payments to a few dozen cards, for dashboards and searches. */
export interface SandboxHistory {
  /** Days of history up to today (today included): a whole number from 1 to 3660. */
  days: number;
  /** Seed of the people, amounts and times (a whole number); default 1. */
  seed?: number;
  /** Number of card holders; default 36. */
  people?: number;
  /** The account they belong to; default the funded account ({@link Sandbox.cardAccountId}). */
  cardAccountId?: string;
}

/** Options of {@link startSandbox}. Every field is optional. */
export interface SandboxOptions extends SandboxSettings {
  /** Port to listen on; default 0 (a free port, see {@link Sandbox.port}). */
  port?: number;
  /** Address to listen on; default `'127.0.0.1'`. */
  host?: string;
  /** Fault injection from the start; default none. Change it later with {@link Sandbox.setFaults}. */
  faults?: SandboxFaults | null;
  /**
   * Past payments to seed (in the ledger from the start, references `HIST-<seed>-<n>`, and
   * again after {@link Sandbox.reset}); default none.
   */
  history?: SandboxHistory | null;
}

/** The sandbox's fake partner credentials (the OAuth client and the partner user). */
export interface SandboxCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly username: string;
  readonly password: string;
}

/** The redemption store's end user (same OAuth client as the partner, the user's own password). */
export interface SandboxEmployee {
  readonly username: string;
  readonly password: string;
  readonly ekUserId: string;
  /** The end user's reward card, funded with 5000 rupees at start. */
  readonly enKashCardId: string;
}

/** A seeded reward account and the case it shows. */
export interface SandboxAccountInfo {
  readonly companyId: string;
  readonly cardAccountId: string;
  readonly companyName: string;
  /** Balance at start, in rupees. */
  readonly balance: number;
  /** The case it shows, e.g. "funded: payments succeed", "bulk refused: KYC pending". */
  readonly note: string;
}

/** Options for `new EnKashClient(...)` (from `enkash-rewards`) that point it at the sandbox. */
export interface SandboxClientOptions {
  baseUrl: string;
  partnerId: string;
  credentials: { clientId: string; clientSecret: string; username: string; password: string };
  /** Present (true) while the sandbox encrypts payloads. */
  encryptPayloads?: true;
}

/** Options for `new RedemptionClient(...)` (from `enkash-rewards`): the store's end user. */
export interface SandboxRedemptionClientOptions {
  baseUrl: string;
  credentials: { clientId: string; clientSecret: string; username: string; password: string };
}

/** A payment the sandbox applied (an allocation or an unallocation, single or bulk). */
export interface SandboxPayment {
  /** The request's `uniqueReferenceNumber` (bulk rows without one get an `AUTO-...` reference). */
  reference: string;
  /** EnKash's transaction id (`enkashCardTxnId` in answers). */
  txnId: string;
  /** In rupees. */
  amount: number;
  /** `CR` pays points to the card, `DR` takes them back. */
  type: 'CR' | 'DR';
  /**
   * `incentive` for the points/allocate endpoint, `unallocation` for the debits of the seeded
   * history, else `reward`.
   */
  kind: 'reward' | 'incentive' | 'unallocation';
  enKashCardId: string;
  cardAccountId: string;
  /** When it was applied, in milliseconds since the epoch. */
  at: number;
  /** The card holder's email and mobile. */
  email?: string;
  mobile?: string;
}

/** An injected fault. */
export interface SandboxFaultRecord {
  /** The request's number, counted from 1 over every API request since start or reset. */
  request: number;
  method: string;
  path: string;
  kind: FaultKind;
}

/** Request counters since start or reset. */
export interface SandboxCounts {
  /** Every API request (the token endpoint included; the control routes excluded). */
  total: number;
  /** Token requests, and those refused. */
  token: number;
  tokenRejected: number;
  /** Single allocation requests (create-allocate-points and points/allocate). */
  createAllocate: number;
  /** Bulk requests, paid rows left out of answers, answers lost. */
  bulk: number;
  bulkOmitted: number;
  bulkLost: number;
  /** Requests refused for a missing, unknown or expired token. */
  unauthorized: number;
  /** End-user requests that carried a partnerId header (the contract says not to). */
  partnerIdOnUserRoutes: number;
  /** Requests by route, keyed `"POST /api/v0/..."`. */
  byRoute: Record<string, number>;
  /** Injected faults by kind. */
  faults: Partial<Record<FaultKind, number>>;
}

/** A copy of the sandbox's state (changing it changes nothing). Amounts are in rupees. */
export interface SandboxSnapshot {
  accounts: { companyId: string; cardAccountId: string; balance: number; allocated: number; redeemed: number }[];
  cards: { enKashCardId: string; userId: string; cardAccountId: string; email: string; mobile: string; balance: number }[];
  /** The payments, oldest first (the same as {@link Sandbox.ledger}). */
  ledger: SandboxPayment[];
  coins: { balances: Record<string, number>; requests: number; events: Record<string, unknown>[] };
  /** Store orders (`vouchers` is their number: voucher codes are never shown). */
  orders: (Record<string, unknown> & { orderId: string; partnerOrderReferenceId: string; vouchers: number })[];
  counts: SandboxCounts;
  /** The last 1000 injected faults, oldest first. */
  faults: SandboxFaultRecord[];
  /** Usernames locked after three rejected passwords (see {@link Sandbox.unlock}). */
  locked: string[];
  encryptPayloads: boolean;
}

/** A running sandbox. */
export interface Sandbox extends AsyncDisposable {
  /** The base URL to configure a client with, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The same as {@link url}. */
  readonly baseUrl: string;
  readonly host: string;
  /** The port it listens on (the chosen one when started with port 0). */
  readonly port: number;
  /** The `partnerId` header value the sandbox expects. */
  readonly partnerId: string;
  /** The sandbox's fake partner credentials. */
  readonly credentials: SandboxCredentials;
  /** The redemption store's end user. */
  readonly employee: SandboxEmployee;
  /** The funded account's company id (payments to it succeed). */
  readonly companyId: string;
  /** The funded account's reward account id. */
  readonly cardAccountId: string;
  /** Every seeded account, each showing one case (funded, low balance, bulk refusals). */
  readonly accounts: readonly SandboxAccountInfo[];
  /** Options for `new EnKashClient(sandbox.clientOptions)`: base URL, partner id, credentials. */
  readonly clientOptions: SandboxClientOptions;
  /** Options for `new RedemptionClient(sandbox.redemptionClientOptions)`: the store's end user. */
  readonly redemptionClientOptions: SandboxRedemptionClientOptions;

  /** A copy of the whole state: accounts, cards, payments, orders, counters, faults. */
  snapshot(): SandboxSnapshot;
  /** The payments applied since start or reset, oldest first. */
  ledger(): SandboxPayment[];
  /** One account's balances (in rupees), or undefined for an unknown id. */
  account(cardAccountId: string): SandboxSnapshot['accounts'][number] | undefined;

  /**
   * Replaces the fault injection (null: none). The fault sequence restarts from its seed.
   * @throws RangeError or TypeError naming the field, for a bad value.
   */
  setFaults(faults: SandboxFaults | null): void;
  /**
   * Changes settings (only the fields given). A new `seed` restarts the random choices (and
   * the fault sequence, unless the faults have a seed of their own).
   * @throws RangeError or TypeError naming the field, for a bad value.
   */
  configure(settings: SandboxSettings): void;
  /** Sets a reward account's balance, in rupees (e.g. 0 to test "insufficient balance"). */
  setBalance(cardAccountId: string, rupees: number): void;
  /** Invalidates every issued token (clients get a 401 and must fetch a new token). */
  revokeTokens(): void;
  /** Unlocks users locked after three rejected passwords. */
  unlock(): void;
  /**
   * Back to the state at start: payments, cards, orders, tokens, locks and counters are
   * forgotten, the settings and faults are those given to {@link startSandbox}, and the
   * random and fault sequences restart from their seeds. The URL stays the same.
   */
  reset(): void;
  /**
   * Stops listening and closes every connection (hanging requests included). Resolves when
   * the port is free. Calling it again returns the same promise. `await using sandbox =
   * await startSandbox()` calls it too.
   */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a sandbox, in process. Resolves once it listens.
 * @throws (rejects) TypeError or RangeError naming the option, for a bad option; an Error
 * with `code: 'EADDRINUSE'` when the port is taken.
 */
export declare function startSandbox(options?: SandboxOptions): Promise<Sandbox>;

/** The sandbox's fake partner credentials (the same as `sandbox.credentials`). */
export declare const SANDBOX_CREDENTIALS: SandboxCredentials;
/** The redemption store's end user (the same as `sandbox.employee`). */
export declare const SANDBOX_EMPLOYEE: SandboxEmployee;
/** The partner id (the same as `sandbox.partnerId`). */
export declare const SANDBOX_PARTNER_ID: string;
/** The message of the sandbox's refusal of a reused `uniqueReferenceNumber`. */
export declare const DUPLICATE_REFERENCE: string;
/** Encrypts a payload as the sandbox expects with `encryptPayloads` (to build raw requests). */
export declare function sandboxEncrypt(text: string): string;
/** Decrypts a payload the sandbox encrypted. */
export declare function sandboxDecrypt(base64: string): string;
