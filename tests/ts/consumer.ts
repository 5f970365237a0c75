// A small TypeScript consumer of the package, checked with `tsc --strict --noEmit`.
// It proves the generated types describe the API; the @ts-expect-error lines prove they reject misuse.
import {
  EnKashClient,
  EnKashError,
  isEnKashError,
  validateAllocation,
  validateBulkRows,
  type AllocationRequest,
  type BulkRow,
  type Card,
  type BulkResult,
  type ClientConfig,
  type FieldError,
  type EnKashErrorKind,
} from 'enkash-rewards';

const config: ClientConfig = {
  baseUrl: 'http://127.0.0.1:8787',
  partnerId: 'CRMXWB3ZM',
  tokenProvider: async () => ({ accessToken: 'from-my-backend', expiresIn: 300 }),
};
const client = new EnKashClient(config);

const request: AllocationRequest = {
  companyId: 'CEK1PU9AOO',
  cardAccountId: 'CAQL8YCV3',
  transactionType: 'CR',
  type: 'ALLOCATE_POINT',
  email: 'asha@example.com',
  mobile: '9600098867',
  title: 'Ms',
  firstName: 'Asha',
  gender: 'F',
  loadAmount: 500,
  uniqueReferenceNumber: 'REF-1',
};

const problems: FieldError[] = validateAllocation(request);
const rowProblems: FieldError[] = validateBulkRows([{ title: 'Mr', name: 'A', email: 'a@b.co', mobile: '9876543210', loadAmount: 1 } satisfies BulkRow]);
const firstRow: number | undefined = rowProblems[0]?.row;

export async function run(signal: AbortSignal): Promise<number | undefined> {
  try {
    const card: Card = await client.createAndAllocatePoints(request, { signal, timeoutMs: 5000 });
    const status: string | undefined = typeof card.cardStatus === 'string' ? card.cardStatus : card.cardStatus?.label;
    const bulk: BulkResult = await client.bulkCreateAndAllocateRewards({ companyId: 'C', cardAccountId: 'A', isPointsAllocation: true, rows: [] });
    const reasons = (bulk.failureBulkEnKashCardCreateDTOs ?? []).map((f) => f.failureReason ?? 'unknown');
    console.log(status, reasons, problems.length, firstRow);
    return card.otbBalance;
  } catch (e) {
    if (isEnKashError(e)) {
      const kind: EnKashErrorKind = e.kind;
      const fields: string[] = e.fieldErrors.map((f) => `${f.field}:${f.code}`);
      const code: number | string | undefined = e.code;
      console.log(kind, fields, code, e.status, e.body, e instanceof EnKashError);
    }
    return undefined;
  }
}

// @ts-expect-error: exactly one auth method
new EnKashClient({ baseUrl: 'x', partnerId: 'p', accessToken: 't', credentials: { clientId: 'a', clientSecret: 'b', username: 'c', password: 'd' } });
// @ts-expect-error: baseUrl is required
new EnKashClient({ partnerId: 'p', accessToken: 't' });
// @ts-expect-error: transactionType is CR or DR
const wrong: AllocationRequest = { ...request, transactionType: 'CREDIT' };
// validateAllocation takes anything (that is its job); the typed call does not.
validateAllocation({ ...request, loadAmount: '10' });
// @ts-expect-error: loadAmount is a number
void client.createAndAllocatePoints({ ...request, loadAmount: '10' });
void wrong;
