// The browser entry has no encryption helpers: they need the client secret.
// @ts-expect-error: not exported by the browser entry
import { encryptPayload } from 'enkash-rewards';

export const absent = encryptPayload;
