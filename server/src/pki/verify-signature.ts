// Signature verification on libuv's thread pool. node:crypto's one-shot `verify` runs on the
// calling thread; given a callback it runs on the pool instead. The gateway verifies three
// signatures per card login (two device requests, one card), ~90 µs each for P-256 here: on the
// event loop that was a quarter of a login's CPU, while the machine's other core sat idle.
// Same algorithm, key and bytes either way; only the thread changes.

import { verify, type KeyObject, type VerifyKeyObjectInput } from 'node:crypto';

export type VerifyKey = KeyObject | (VerifyKeyObjectInput & { key: KeyObject });

/** Resolves true for a valid signature and false for an invalid or malformed one. */
export function verifySignature(algorithm: string, data: Buffer, key: VerifyKey, signature: Buffer): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    try {
      verify(algorithm, data, key, signature, (error, valid) => resolve(error === null && valid));
    } catch {
      // Thrown synchronously for arguments the key type cannot take (a wrong padding, say).
      resolve(false);
    }
  });
}
