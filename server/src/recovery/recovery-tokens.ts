// Reset-link tokens: 32 random bytes shown once (in the mail), stored only as a SHA-256 hash.

import { createHash, randomBytes } from 'node:crypto';

export const RECOVERY_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/u;

export function newRecoveryToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashRecoveryToken(token) };
}

export function hashRecoveryToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
