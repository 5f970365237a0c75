#!/usr/bin/env node
// Computes the payload-encryption test vectors with Node's own crypto (independent of the
// SDK): AES-128-ECB, PKCS#7, key = first 16 bytes of SHA-256(secret), Base64.
//   node scripts/aes-vectors.mjs            prints them as JSON
//   node scripts/aes-vectors.mjs --check F  exits 1 unless F holds exactly these vectors
import { createCipheriv, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const CASES = [
  ['sandbox-client-secret', ''],
  ['sandbox-client-secret', '{"companyId":"CEK1PU9AOO","cardAccountId":"CAQL8YCV3"}'],
  ['sandbox-client-secret', '0123456789abcdef'],
  ['another secret with spaces', '{"loadAmount":11,"uniqueReferenceNumber":"TEST234236"}'],
  ['ünïcödé-sécret', 'Allocate ₹1,500 to अनु 🎁'],
];

export function vectors() {
  return CASES.map(([secret, plaintext]) => {
    const key = createHash('sha256').update(secret, 'utf8').digest().subarray(0, 16);
    const c = createCipheriv('aes-128-ecb', key, null);
    return { secret, plaintext, ciphertext: Buffer.concat([c.update(plaintext, 'utf8'), c.final()]).toString('base64') };
  });
}

const i = process.argv.indexOf('--check');
if (i >= 0) {
  const stored = JSON.parse(readFileSync(process.argv[i + 1], 'utf8'));
  const same = JSON.stringify(stored) === JSON.stringify(vectors());
  console.log(same ? 'aes vectors: fixture matches Node crypto' : 'aes vectors: fixture DIFFERS from Node crypto');
  process.exit(same ? 0 : 1);
} else {
  console.log(JSON.stringify(vectors(), null, 2));
}
