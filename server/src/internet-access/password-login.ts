// Username + password sign-in for staff without a card. Five failures within 15 minutes lock
// the account (ACCOUNT_LOCKED) until a reset link unlocks it. An unknown username, an inactive
// person and a person with no password cost the same argon2 work as a real check and get the
// same INVALID_CREDENTIALS answer.

import type { AuditWriter } from '../audit/writer';
import { ApiError } from '../errors';
import type { AccountsStorage, RequestOrigin } from '../passwords/accounts-storage';
import { verifyAgainstDummy, verifyPassword } from '../passwords/argon2';
import type { StaffRecord } from '../storage/types';

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;

export interface PasswordLoginOptions {
  readonly storage: AccountsStorage;
  readonly audit: AuditWriter;
  readonly now?: () => number;
}

const WRONG = 'The username or password is not right.';
const LOCKED = 'This account is locked after too many attempts. Use "Forgot username or password" to set a new password.';

export class PasswordLogin {
  private readonly now: () => number;

  constructor(private readonly options: PasswordLoginOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The staff member when the password is right; otherwise throws (and audits) a refusal. */
  async verify(username: string, password: string, origin: RequestOrigin): Promise<StaffRecord> {
    const { storage, audit } = this.options;
    const staff = await storage.staff.findByUsername(username);
    const current = staff === null ? undefined : (await storage.passwords.recent(staff.id, 1))[0];

    if (staff === null || staff.status !== 'active' || current === undefined) {
      await verifyAgainstDummy(password);
      const reason = staff === null ? 'UNKNOWN_USERNAME' : staff.status !== 'active' ? 'STAFF_INACTIVE' : 'NO_PASSWORD';
      await audit.record({ event: 'password-login', outcome: 'failure', reason, staffId: staff?.id ?? null, ...origin });
      throw new ApiError('INVALID_CREDENTIALS', WRONG);
    }
    if (staff.lockedAt !== null) {
      await verifyAgainstDummy(password);
      await audit.record({ event: 'password-login', outcome: 'failure', reason: 'ACCOUNT_LOCKED', staffId: staff.id, ...origin });
      throw new ApiError('ACCOUNT_LOCKED', LOCKED);
    }

    if (!(await verifyPassword(current.hash, password))) {
      const now = this.now();
      const lockedNow = await storage.transaction(async (repos) => {
        await repos.loginFailures.record(staff.id, now);
        const failures = await repos.loginFailures.countSince(staff.id, now - LOCKOUT_WINDOW_MS);
        const lock = failures >= LOCKOUT_FAILURES;
        await repos.staff.setLoginState(staff.id, { failedLoginCount: failures, lockedAt: lock ? now : null }, now);
        await audit.record({ event: 'password-login', outcome: 'failure', reason: 'INVALID_CREDENTIALS', staffId: staff.id, ...origin, details: { failuresInWindow: failures } }, repos);
        if (lock) {
          await audit.record({ event: 'account-lockout', outcome: 'success', reason: `${failures} failed password logins in 15 minutes`, staffId: staff.id, ...origin }, repos);
        }
        return lock;
      });
      // The attempt that locks it was itself just a wrong password; later ones are refused as locked.
      throw new ApiError('INVALID_CREDENTIALS', lockedNow ? `${WRONG} ${LOCKED}` : WRONG);
    }
    return staff;
  }
}
