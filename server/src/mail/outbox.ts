// The outbox: mail is written to a table in the same transaction as the change it reports,
// and a sender worker (sender.ts) delivers it later, so a mail server outage loses nothing.

import { randomBytes } from 'node:crypto';

export type MailKind = 'username-reminder' | 'password-reset-link' | 'password-changed';

export interface OutboxMail {
  readonly kind: MailKind;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Fixed for the life of the row (see newMessageId). */
  readonly messageId: string;
  /** Unix ms after which the mail is no longer worth sending (e.g. its link expired). */
  readonly discardAfter?: number;
}

/** The Message-ID domain when the config names none (`mail.messageIdDomain`). */
export const DEFAULT_MESSAGE_ID_DOMAIN = 'esr-gateway.invalid';

/**
 * A new Message-ID in the configured domain. It is made once, when the mail is queued, and kept
 * across retries: a mail delivered twice (a crash after the SMTP server accepted it) then
 * carries the same ID and a receiver can fold the duplicate.
 */
export function newMessageId(domain: string): string {
  return `<${randomBytes(16).toString('hex')}@${domain}>`;
}

/** A queued mail as a sender worker claims it. */
export interface OutboxEntry extends Omit<OutboxMail, 'discardAfter'> {
  readonly id: number;
  readonly attempts: number;
  readonly discardAfter: number | null;
}

export interface OutboxStatus {
  readonly id: number;
  readonly kind: MailKind;
  readonly to: string;
  readonly attempts: number;
  readonly sentAt: number | null;
  readonly failedAt: number | null;
  readonly lastError: string | null;
}

export interface OutboxRepository {
  /** Queues one mail; call it inside the transaction of the change the mail reports. */
  enqueue(mail: OutboxMail, now: number): Promise<number>;
  /** Leases up to `limit` due mails for `leaseMs` so a second worker cannot take them too. */
  claimDue(now: number, leaseMs: number, limit: number): Promise<OutboxEntry[]>;
  /** Marks it sent and clears its body. */
  markSent(id: number, now: number): Promise<void>;
  /** Records a failed attempt; `nextAttemptAt` null gives up on it for good. */
  markAttemptFailed(id: number, now: number, error: string, nextAttemptAt: number | null): Promise<void>;
  list(): Promise<OutboxStatus[]>;
  /**
   * Gives up on unsent mail whose `discardAfter` has passed and that no worker holds (a reset
   * link nobody could deliver in time): marked failed, body cleared. Returns how many.
   */
  discardExpired(now: number): Promise<number>;
  /** Deletes rows sent at or before `sentBefore`, or given up at or before `failedBefore`. */
  purge(sentBefore: number, failedBefore: number): Promise<number>;
}

/** `last_error` of a mail given up on because it expired unsent. */
export const EXPIRED_UNSENT = 'expired before it could be sent';
