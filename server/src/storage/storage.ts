// The repositories aggregate: every part of the gateway reaches storage through this one object.
//
// Extension point: to add repositories (passwords, recovery tokens, outbox...), declare them in
// their own file, add a field here and a getter in delegating-storage.ts, construct them in
// sqlite/sqlite-storage.ts and postgres/postgres-storage.ts, and add their migration to both
// migrations/index.ts files (their SELECT column lists go in columns.ts).

import type { AccountRepositories } from './accounts-types';
import type {
  AuditRepository,
  ChallengeRepository,
  DeviceNonceRepository,
  DeviceRepository,
  EnrollmentTokenRepository,
  SessionRepository,
  StaffRepository,
} from './types';

export interface Repositories extends AccountRepositories {
  readonly staff: StaffRepository;
  readonly devices: DeviceRepository;
  readonly enrollmentTokens: EnrollmentTokenRepository;
  readonly deviceNonces: DeviceNonceRepository;
  readonly challenges: ChallengeRepository;
  readonly sessions: SessionRepository;
  readonly audit: AuditRepository;
  // gateway-accounts: passwords, loginFailures, recoveryTokens, outbox (AccountRepositories).
}

/** Fixed-window counters every gateway instance sees (rate limits across a region). */
export interface SharedCounters {
  /** Counts one hit on `key` in its current window of `windowMs`; returns the count and time left. */
  increment(key: string, windowMs: number): Promise<{ current: number; ttlMs: number }>;
}

export interface Storage extends Repositories {
  /**
   * Present when the store is shared by several gateway instances (PostgreSQL): rate limits
   * then count there instead of in process memory. Absent for SQLite (one process).
   */
  readonly sharedCounters?: SharedCounters;
  /**
   * Runs `fn` in one transaction: everything it does through the repositories it is handed
   * commits together or not at all. Use only those repositories inside `fn` (the outer ones
   * wait for the transaction to end).
   */
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Latest applied schema version. */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}
