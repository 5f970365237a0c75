// The Node entry's extra: payload encryption helpers (absent from the browser entry's types).
import { encryptPayload, decryptPayload } from 'enkash-rewards';

export const roundTrip: string = decryptPayload('secret', encryptPayload('secret', '{"a":1}'));
