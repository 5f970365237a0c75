// A TypeScript consumer (ESM), checked by TypeScript 5.0, 5.1 and the project's own, with
// skipLibCheck off and no lib esnext.disposable: the package's types must stand on their own.
import { EnKashClient, EnKashError, isEnKashError, validateAllocation, type AllocationRequest, type Card, type FieldError } from 'enkash-rewards';

const request: AllocationRequest = {
  companyId: 'CEK1PU9AOO',
  cardAccountId: 'CAQL8YCV3',
  transactionType: 'CR',
  type: 'ALLOCATE_POINT',
  email: 'ts@example.com',
  mobile: '9123456780',
  title: 'Ms',
  firstName: 'Tess',
  gender: 'F',
  loadAmount: 5,
  uniqueReferenceNumber: 'TS-1',
};
const problems: FieldError[] = validateAllocation(request);
export async function pay(baseUrl: string): Promise<Card | EnKashError | FieldError[]> {
  if (problems.length > 0) return problems;
  const client = new EnKashClient({ baseUrl, partnerId: 'P', credentials: { clientId: 'c', clientSecret: 's', username: 'u', password: 'p' } });
  try {
    return await client.createAndAllocatePoints(request);
  } catch (e) {
    if (isEnKashError(e)) return e;
    throw e;
  } finally {
    client.free();
  }
}
