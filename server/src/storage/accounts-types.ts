// Repositories of the accounts half (internet passwords, password-login failures, recovery
// tokens, mail outbox), with no SQL in them, like ./types.ts. Times are Unix milliseconds.

import type { OutboxRepository } from '../mail/outbox';

export type { OutboxRepository } from '../mail/outbox';

export interface StoredPassword {
  /** argon2id PHC string. */
  readonly hash: string;
  readonly createdAt: number;
}

export interface PasswordRepository {
  /** The newest password first; at most `limit`. The first is the current one. */
  recent(staffId: string, limit: number): Promise<StoredPassword[]>;
  /** Makes `hash` the current password and keeps only the newest `keep` (history). */
  add(staffId: string, hash: string, now: number, keep: number): Promise<void>;
}

export interface LoginFailureRepository {
  record(staffId: string, at: number): Promise<void>;
  countSince(staffId: string, since: number): Promise<number>;
  clear(staffId: string): Promise<void>;
  /** Deletes failures recorded at or before `before` (retention); returns how many. */
  purgeBefore(before: number): Promise<number>;
}

export interface RecoveryTokenRecord {
  readonly id: number;
  readonly tokenHash: string;
  readonly staffId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
}

export interface RecoveryTokenRepository {
  insert(token: Pick<RecoveryTokenRecord, 'tokenHash' | 'staffId' | 'createdAt' | 'expiresAt'>): Promise<void>;
  /** An unused token that has not expired at `now`, or null. */
  findUsable(tokenHash: string, now: number): Promise<RecoveryTokenRecord | null>;
  /** Atomically marks a usable token used; returns its staff id for the one caller that did so. */
  consume(tokenHash: string, now: number): Promise<string | null>;
  /** Ends every unused token of a person (after a completed reset). */
  endAllForStaff(staffId: string, now: number): Promise<number>;
  /** Deletes tokens used, or expired, at or before `before` (retention); returns how many. */
  purgeEnded(before: number): Promise<number>;
}

export interface AccountRepositories {
  readonly passwords: PasswordRepository;
  readonly loginFailures: LoginFailureRepository;
  readonly recoveryTokens: RecoveryTokenRepository;
  readonly outbox: OutboxRepository;
}
