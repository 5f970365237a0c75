// TypeScript 5.2+ with lib esnext.disposable: `using` still types with the package's own
// Symbol.dispose declaration merged into the lib's.
import { EnKashClient } from 'enkash-rewards';

export function scoped(baseUrl: string): string {
  using client = new EnKashClient({ baseUrl, partnerId: 'P', tokenProvider: async () => ({ accessToken: 't', expiresIn: 60 }) });
  const dispose: () => void = client[Symbol.dispose];
  return typeof dispose;
}
