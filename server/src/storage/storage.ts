// The repositories aggregate: every part of the gateway reaches storage through this one object.
//
// Extension point: to add repositories (passwords, recovery tokens, outbox...), declare them in
// their own file, add a field here, construct them in sqlite/sqlite-storage.ts and add their
// migration to sqlite/migrations/index.ts.

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

export interface Storage extends Repositories {
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
