// A TypeScript user's test set-up against `enkash-rewards/sandbox` (type-checked with tsc
// --strict, node16/nodenext resolution; never run). `@ts-expect-error` lines must stay errors.
import { EnKashClient, RedemptionClient } from 'enkash-rewards';
import {
  FAULT_KINDS,
  SANDBOX_CREDENTIALS,
  startSandbox,
  type FaultKind,
  type Sandbox,
  type SandboxFaultRecord,
  type SandboxOptions,
  type SandboxPayment,
  type SandboxSnapshot,
} from 'enkash-rewards/sandbox';

export async function userTest(): Promise<number> {
  const options: SandboxOptions = { port: 0, host: '127.0.0.1', seed: 7, tokenTtlSeconds: 60, bulkOmitShare: 0.1, bulkLoseShare: 0, faults: { share: 0.2, kinds: ['500', 'reset-after'], routes: ['bulk'], seed: 3 } };
  await using sandbox = await startSandbox(options);
  const client = new EnKashClient(sandbox.clientOptions);
  const shop = new RedemptionClient(sandbox.redemptionClientOptions);
  const byHand = new EnKashClient({ baseUrl: sandbox.url, partnerId: sandbox.partnerId, credentials: sandbox.credentials });
  void shop;
  void byHand;
  await client.createAndAllocatePoints({
    companyId: sandbox.companyId,
    cardAccountId: sandbox.cardAccountId,
    transactionType: 'CR',
    type: 'ALLOCATE_POINT',
    email: 'asha@example.com',
    mobile: '9600098867',
    title: 'Ms',
    firstName: 'Asha',
    gender: 'F',
    loadAmount: 10.25,
    uniqueReferenceNumber: 'ORDER-1',
  });
  const payments: SandboxPayment[] = sandbox.ledger();
  const amount: number = payments[0]?.amount ?? 0;
  const credit: boolean = payments[0]?.type === 'CR';
  const snapshot: SandboxSnapshot = sandbox.snapshot();
  const faults: SandboxFaultRecord[] = snapshot.faults;
  const kind: FaultKind | undefined = faults[0]?.kind;
  const balance: number | undefined = sandbox.account(sandbox.cardAccountId)?.balance;
  const requests: number = snapshot.counts.total + (snapshot.counts.faults['500'] ?? 0);
  sandbox.setFaults({ share: 1, kinds: [FAULT_KINDS[0]!] });
  sandbox.setFaults(null);
  sandbox.configure({ encryptPayloads: true, delayMs: 5 });
  sandbox.setBalance(sandbox.cardAccountId, 0);
  sandbox.revokeTokens();
  sandbox.unlock();
  sandbox.reset();
  const secret: string = SANDBOX_CREDENTIALS.clientSecret;
  const port: number = sandbox.port;
  const closed: Promise<void> = sandbox.close();
  await closed;
  void [amount, credit, kind, balance, requests, secret, port];
  return payments.length;
}

export function mistakes(sandbox: Sandbox): void {
  // @ts-expect-error an unknown fault kind
  sandbox.setFaults({ share: 0.1, kinds: ['boom'] });
  // @ts-expect-error share is required
  sandbox.setFaults({ kinds: ['500'] });
  // @ts-expect-error not a setting
  sandbox.configure({ port: 1 });
  // @ts-expect-error the URL is read-only
  sandbox.url = 'http://elsewhere';
  // @ts-expect-error port is a number
  void startSandbox({ port: '8787' });
}
