// The slice of the gateway's storage the accounts half works with: the core repositories plus
// the accounts repositories (passwords, login failures, recovery tokens, outbox).

import type { AccountRepositories } from '../storage/accounts-types';
import type { Repositories } from '../storage/storage';

export type AccountsRepos = Repositories & AccountRepositories;

export interface AccountsStorage extends AccountsRepos {
  transaction<T>(fn: (repos: AccountsRepos) => Promise<T>): Promise<T>;
}

/** Who asked, for the audit trail. */
export interface RequestOrigin {
  readonly deviceId: string | null;
  readonly sourceAddress: string | null;
}
