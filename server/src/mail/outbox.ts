// The outbox: mail is written to a table in the same transaction as the change it reports,
// and a sender worker (sender.ts) delivers it later, so a mail server outage loses nothing.

export type MailKind = 'username-reminder' | 'password-reset-link' | 'password-changed';

export interface OutboxMail {
  readonly kind: MailKind;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Unix ms after which the mail is no longer worth sending (e.g. its link expired). */
  readonly discardAfter?: number;
}

export interface OutboxEntry {
  readonly id: number;
  readonly kind: MailKind;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
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

export interface OutboxStore {
  /** Queues one mail; synchronous so it runs inside the caller's transaction. */
  enqueue(mail: OutboxMail, now: number): number;
  /** Leases up to `limit` due mails for `leaseMs` so a second worker cannot take them too. */
  claimDue(now: number, leaseMs: number, limit: number): OutboxEntry[];
  /** Marks it sent and clears its body. */
  markSent(id: number, now: number): void;
  /** Records a failed attempt; `nextAttemptAt` null gives up on it for good. */
  markAttemptFailed(id: number, now: number, error: string, nextAttemptAt: number | null): void;
  list(): OutboxStatus[];
}
