// "Forgot username or password": email address + date of birth. Every request gets the same
// 202 whether or not anyone matched, after the same work (a lookup, a token, a rendered mail, a
// transaction with an audit row) and never sooner than a fixed floor, so neither the answer nor
// its timing tells an attacker who has an account. A match queues mail in the outbox inside the
// request's transaction. A reset link is single use, hashed at rest and lasts 60 minutes.

import { timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditWriter } from '../audit/writer';
import { ApiError } from '../errors';
import { newMessageId } from '../mail/outbox';
import { passwordResetLinkMail, usernameReminderMail, type MailContent } from '../mail/templates';
import type { AccountsStorage, RequestOrigin } from '../passwords/accounts-storage';
import type { PasswordService } from '../passwords/password-service';
import type { StaffRecord } from '../storage/types';
import { RECOVERY_TOKEN_PATTERN, hashRecoveryToken, newRecoveryToken } from './recovery-tokens';

export const RESET_LINK_MINUTES = 60;

export interface RecoveryServiceOptions {
  readonly storage: AccountsStorage;
  readonly audit: AuditWriter;
  readonly passwords: PasswordService;
  /** e.g. https://gateway.trust.nhs.uk:8443 (links are `<base>/reset/<token>`). */
  readonly publicBaseUrl: string;
  readonly now?: () => number;
  /** No recovery answer leaves sooner than this after the request arrived. Default 350 ms. */
  readonly minResponseMs?: number;
  readonly mailQueued?: () => void;
  /** Domain of the Message-IDs of queued mail (`mail.messageIdDomain`). */
  readonly messageIdDomain: string;
}

export interface RecoveryAsk {
  readonly email: string;
  /** YYYY-MM-DD, already schema-checked. */
  readonly dateOfBirth: string;
}

const DUMMY_STAFF = { displayName: 'Staff member', username: '23400000000' };

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  // Compare equal-length buffers either way so a length difference costs the same.
  return timingSafeEqual(x.length === y.length ? x : y, y) && x.length === y.length;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class RecoveryService {
  private readonly now: () => number;

  constructor(private readonly options: RecoveryServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  private messageId(): string {
    return newMessageId(this.options.messageIdDomain);
  }

  resetLink(token: string): string {
    return `${this.options.publicBaseUrl.replace(/\/+$/u, '')}/reset/${token}`;
  }

  /** Emails the username to a matching staff member's trust address. */
  async requestUsername(ask: RecoveryAsk, origin: RequestOrigin): Promise<void> {
    await this.answerEvenly(async () => {
      const staff = await this.match(ask);
      const mail = usernameReminderMail(staff ?? DUMMY_STAFF);
      const now = this.now();
      await this.options.storage.transaction(async (repos) => {
        if (staff !== null) await repos.outbox.enqueue({ kind: 'username-reminder', to: staff.email, ...mail, messageId: this.messageId() }, now);
        await this.options.audit.record(
          { event: 'recovery-username-request', outcome: staff ? 'success' : 'failure', reason: staff ? null : 'NO_MATCH', staffId: staff?.id ?? null, ...origin },
          repos,
        );
      });
      if (staff !== null) this.options.mailQueued?.();
    });
  }

  /** Emails a single-use set-password link to a matching staff member's trust address. */
  async requestPasswordReset(ask: RecoveryAsk, origin: RequestOrigin): Promise<void> {
    await this.answerEvenly(async () => {
      const staff = await this.match(ask);
      const { token, tokenHash } = newRecoveryToken();
      const now = this.now();
      const expiresAt = now + RESET_LINK_MINUTES * 60_000;
      const mail: MailContent = passwordResetLinkMail({
        displayName: (staff ?? DUMMY_STAFF).displayName,
        link: this.resetLink(token),
        validMinutes: RESET_LINK_MINUTES,
      });
      await this.options.storage.transaction(async (repos) => {
        if (staff !== null) {
          await repos.recoveryTokens.insert({ tokenHash, staffId: staff.id, createdAt: now, expiresAt });
          await repos.outbox.enqueue(
            { kind: 'password-reset-link', to: staff.email, ...mail, messageId: this.messageId(), discardAfter: expiresAt },
            now,
          );
        }
        await this.options.audit.record(
          { event: 'recovery-password-request', outcome: staff ? 'success' : 'failure', reason: staff ? null : 'NO_MATCH', staffId: staff?.id ?? null, ...origin },
          repos,
        );
      });
      if (staff !== null) this.options.mailQueued?.();
    });
  }

  /** The staff member a reset link belongs to while it is usable; null otherwise. */
  async inspectToken(token: string): Promise<StaffRecord | null> {
    if (!RECOVERY_TOKEN_PATTERN.test(token)) return null;
    const record = await this.options.storage.recoveryTokens.findUsable(hashRecoveryToken(token), this.now());
    if (record === null) return null;
    const staff = await this.options.storage.staff.findById(record.staffId);
    return staff?.status === 'active' ? staff : null;
  }

  /**
   * Sets the password from a reset link: the token is consumed in the same transaction as the
   * new password, the account unlocked, every session and every other link ended, mail queued.
   */
  async completePasswordReset(token: string, newPassword: string, origin: RequestOrigin): Promise<void> {
    const staff = await this.inspectToken(token);
    if (staff === null) {
      await this.options.audit.record({ event: 'recovery-password-complete', outcome: 'failure', reason: 'RECOVERY_TOKEN_INVALID', ...origin });
      throw new ApiError('RECOVERY_TOKEN_INVALID', 'This link has expired or has already been used. Ask for a new one.');
    }
    const tokenHash = hashRecoveryToken(token);
    await this.options.passwords.setPassword({
      staff,
      newPassword,
      via: 'recovery-link',
      origin,
      beforeWrite: async (repos) => {
        const now = this.now();
        // Two tabs submitting one link: only the first transaction gets to consume it.
        if ((await repos.recoveryTokens.consume(tokenHash, now)) === null) {
          throw new ApiError('RECOVERY_TOKEN_INVALID', 'This link has expired or has already been used. Ask for a new one.');
        }
        await repos.recoveryTokens.endAllForStaff(staff.id, now);
      },
    });
  }

  private async match(ask: RecoveryAsk): Promise<StaffRecord | null> {
    const staff = await this.options.storage.staff.findByEmail(normaliseEmail(ask.email));
    // Always compare, against a stand-in when nobody has that address.
    const dobMatches = sameText(staff?.dateOfBirth ?? '0000-00-00', ask.dateOfBirth);
    return staff !== null && dobMatches && staff.status === 'active' ? staff : null;
  }

  private async answerEvenly(work: () => Promise<void>): Promise<void> {
    const started = performance.now();
    await work();
    const left = (this.options.minResponseMs ?? 350) - (performance.now() - started);
    if (left > 0) await sleep(left);
  }
}
