// What the SQLite and PostgreSQL stores share: a Storage is the repositories that run outside a
// transaction, plus transaction/schemaVersion/close. This base class hands out those outer
// repositories, so a repository added to `Repositories` is wired once here for both stores.

import type { Repositories } from './storage';

export abstract class DelegatingStorage implements Repositories {
  /** The repositories used outside a transaction. */
  protected abstract readonly outer: Repositories;

  get staff() { return this.outer.staff; }
  get devices() { return this.outer.devices; }
  get enrollmentTokens() { return this.outer.enrollmentTokens; }
  get deviceNonces() { return this.outer.deviceNonces; }
  get challenges() { return this.outer.challenges; }
  get sessions() { return this.outer.sessions; }
  get audit() { return this.outer.audit; }
  get passwords() { return this.outer.passwords; }
  get loginFailures() { return this.outer.loginFailures; }
  get recoveryTokens() { return this.outer.recoveryTokens; }
  get outbox() { return this.outer.outbox; }

  abstract transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  abstract schemaVersion(): Promise<number>;
  abstract close(): Promise<void>;
}

