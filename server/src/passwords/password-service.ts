// Setting an internet password: the gateway's policy check is final (the shared rules, then
// the last five passwords), the hash is argon2id, and the change, the end of the person's other
// sessions and the "your password was changed" mail commit in one transaction.

import { evaluatePassword } from '../../../src-main/shared/password-policy';
import type { PasswordPolicyOptions } from '../../../src-main/shared/password-rules';
import type { AuditWriter } from '../audit/writer';
import { ApiError } from '../errors';
import { newMessageId } from '../mail/outbox';
import { passwordChangedMail } from '../mail/templates';
import type { StaffRecord } from '../storage/types';
import type { AccountsRepos, AccountsStorage, RequestOrigin } from './accounts-storage';
import { hashPassword, verifyPassword } from './argon2';

/** How many of a person's passwords are kept and refused for reuse (current included). */
export const PASSWORD_HISTORY = 5;

export interface PasswordServiceOptions {
  readonly storage: AccountsStorage;
  readonly audit: AuditWriter;
  readonly policy: PasswordPolicyOptions;
  readonly now?: () => number;
  /** Called after a transaction queued mail, to wake the sender. */
  readonly mailQueued?: () => void;
  /** Domain of the Message-IDs of queued mail (`mail.messageIdDomain`). */
  readonly messageIdDomain: string;
}

export type PasswordChangeVia = 'kiosk' | 'recovery-link';

export interface SetPasswordInput {
  readonly staff: StaffRecord;
  readonly newPassword: string;
  readonly via: PasswordChangeVia;
  readonly origin: RequestOrigin;
  /** The session that made a kiosk change stays signed in; every other one ends. */
  readonly keepSessionId?: string;
  /**
   * Runs first inside the transaction (a recovery consumes its token there); throwing aborts
   * the whole change.
   */
  readonly beforeWrite?: (repos: AccountsRepos) => Promise<void>;
}

export class PasswordService {
  private readonly now: () => number;

  constructor(private readonly options: PasswordServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Throws PASSWORD_POLICY (422) naming every failed rule. */
  checkPolicy(newPassword: string, username: string): void {
    const evaluation = evaluatePassword(newPassword, { username }, this.options.policy);
    if (!evaluation.ok) {
      throw new ApiError('PASSWORD_POLICY', 'The new password does not meet the password rules.', {
        failedRules: evaluation.failed,
      });
    }
  }

  /** Throws PASSWORD_REUSED (422, rule `not-recent`) when it is one of the last five. */
  async checkNotRecent(staffId: string, newPassword: string, repos: AccountsRepos = this.options.storage): Promise<void> {
    const recent = await repos.passwords.recent(staffId, PASSWORD_HISTORY);
    for (const stored of recent) {
      if (await verifyPassword(stored.hash, newPassword)) {
        throw new ApiError('PASSWORD_REUSED', `The new password was used recently; choose one not among your last ${PASSWORD_HISTORY}.`, {
          failedRules: ['not-recent'],
        });
      }
    }
  }

  /**
   * Checks and sets a new password. Refusals are audited and thrown as ApiError; on success the
   * person's other sessions are gone, login failures and any lock are cleared, and mail queued.
   */
  async setPassword(input: SetPasswordInput): Promise<void> {
    const { staff, origin } = input;
    const event = input.via === 'kiosk' ? 'password-change' : 'recovery-password-complete';
    try {
      this.checkPolicy(input.newPassword, staff.username);
      await this.checkNotRecent(staff.id, input.newPassword);
    } catch (error) {
      if (error instanceof ApiError) {
        await this.options.audit.record({ event, outcome: 'failure', reason: error.code, staffId: staff.id, ...origin, details: failedRulesDetail(error) });
      }
      throw error;
    }
    // Hash outside the transaction: it is the slow part and needs no lock.
    const hash = await hashPassword(input.newPassword);
    const now = this.now();
    const mail = passwordChangedMail({ displayName: staff.displayName, username: staff.username, at: new Date(now), via: input.via });
    await this.options.storage.transaction(async (repos) => {
      if (input.beforeWrite) await input.beforeWrite(repos);
      // Between the history check and here another change may have committed; check again
      // against what this transaction sees (cheap unless it matches, which is rare).
      await this.checkNotRecent(staff.id, input.newPassword, repos);
      await repos.passwords.add(staff.id, hash, now, PASSWORD_HISTORY);
      const ended = await repos.sessions.revokeAllForStaff(staff.id, now, 'password-changed', input.keepSessionId);
      await repos.loginFailures.clear(staff.id);
      const wasLocked = staff.lockedAt !== null;
      await repos.staff.setLoginState(staff.id, { failedLoginCount: 0, lockedAt: null }, now);
      await repos.outbox.enqueue({ kind: 'password-changed', to: staff.email, ...mail, messageId: newMessageId(this.options.messageIdDomain) }, now);
      await this.options.audit.record(
        { event, outcome: 'success', staffId: staff.id, ...origin, details: { sessionsEnded: ended, unlocked: wasLocked } },
        repos,
      );
    });
    this.options.mailQueued?.();
  }
}

function failedRulesDetail(error: ApiError): Record<string, string> | null {
  const rules = error.extras.failedRules;
  return rules === undefined ? null : { failedRules: rules.join(',') };
}
