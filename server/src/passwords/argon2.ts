// Password hashing for internet passwords: argon2id through @node-rs/argon2 (a maintained
// Rust binding), with the OWASP Password Storage Cheat Sheet's first configuration.

import { hash, verify, parseOptions, type Algorithm, type Options } from '@node-rs/argon2';

/** OWASP: argon2id, m=19456 KiB (19 MiB), t=2, p=1. */
export const ARGON2ID_OWASP: Readonly<Options> = {
  // `Algorithm` is a const enum in the binding's types, so it cannot be read under
  // isolatedModules; the binding's own value for Argon2id is 2.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment, @typescript-eslint/no-unnecessary-type-assertion
  algorithm: 2 as Algorithm,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
};

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID_OWASP);
}

/** False for a wrong password and for a hash that cannot be parsed (never throws for those). */
export async function verifyPassword(encodedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(encodedHash, password);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with weaker or other parameters than today's. */
export function needsRehash(encodedHash: string): boolean {
  try {
    const p = parseOptions(encodedHash);
    return (
      (p.algorithm as number) !== 2 ||
      p.memoryCost !== ARGON2ID_OWASP.memoryCost ||
      p.timeCost !== ARGON2ID_OWASP.timeCost ||
      p.parallelism !== ARGON2ID_OWASP.parallelism
    );
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same work as verifying a real password, for requests about accounts that do
 * not exist or have no password, so the answer's timing does not tell them apart.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('dummy-password-for-timing-only');
  await verifyPassword(await dummyHash, password);
  return false;
}
