// SQLite implementation of the mail outbox (table from migration 002).

import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { MailKind, OutboxEntry, OutboxMail, OutboxStatus, OutboxStore } from '../mail/outbox';

interface EntryRow {
  id: number;
  kind: MailKind;
  to_address: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  message_id: string;
  attempts: number;
  discard_after: number | null;
}

interface StatusRow {
  id: number;
  kind: MailKind;
  to_address: string;
  attempts: number;
  sent_at: number | null;
  failed_at: number | null;
  last_error: string | null;
}

export class SqliteOutboxStore implements OutboxStore {
  constructor(
    private readonly db: Database,
    /** Domain for Message-ID; one fixed ID per mail lets a receiver drop a rare duplicate. */
    private readonly messageIdDomain = 'esr-gateway.invalid',
  ) {}

  enqueue(mail: OutboxMail, now: number): number {
    const messageId = `<${randomBytes(16).toString('hex')}@${this.messageIdDomain}>`;
    const result = this.db
      .prepare(
        `INSERT INTO outbox (kind, to_address, subject, text_body, html_body, message_id, created_at, discard_after, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(mail.kind, mail.to, mail.subject, mail.text, mail.html, messageId, now, mail.discardAfter ?? null, now);
    return Number(result.lastInsertRowid);
  }

  claimDue(now: number, leaseMs: number, limit: number): OutboxEntry[] {
    const claim = this.db.transaction(() => {
      const rows = this.db
        .prepare(
          `SELECT id, kind, to_address, subject, text_body, html_body, message_id, attempts, discard_after
             FROM outbox
            WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?
              AND (claimed_until IS NULL OR claimed_until <= ?)
            ORDER BY id LIMIT ?`,
        )
        .all(now, now, limit) as EntryRow[];
      const lease = this.db.prepare('UPDATE outbox SET claimed_until = ? WHERE id = ?');
      for (const row of rows) lease.run(now + leaseMs, row.id);
      return rows;
    });
    return claim.immediate().map((r) => ({
      id: r.id,
      kind: r.kind,
      to: r.to_address,
      subject: r.subject,
      text: r.text_body ?? '',
      html: r.html_body ?? '',
      messageId: r.message_id,
      attempts: r.attempts,
      discardAfter: r.discard_after,
    }));
  }

  markSent(id: number, now: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE outbox SET sent_at = ?, attempts = attempts + 1, claimed_until = NULL, last_error = NULL,
                  text_body = NULL, html_body = NULL
            WHERE id = ? AND sent_at IS NULL`,
        )
        .run(now, id);
    }).immediate();
  }

  markAttemptFailed(id: number, now: number, error: string, nextAttemptAt: number | null): void {
    this.db.transaction(() => {
      if (nextAttemptAt === null) {
        this.db
          .prepare(
            `UPDATE outbox SET failed_at = ?, attempts = attempts + 1, claimed_until = NULL, last_error = ?,
                    text_body = NULL, html_body = NULL
              WHERE id = ? AND sent_at IS NULL`,
          )
          .run(now, error, id);
      } else {
        this.db
          .prepare(
            `UPDATE outbox SET attempts = attempts + 1, claimed_until = NULL, last_error = ?, next_attempt_at = ?
              WHERE id = ? AND sent_at IS NULL`,
          )
          .run(error, nextAttemptAt, id);
      }
    }).immediate();
  }

  list(): OutboxStatus[] {
    const rows = this.db
      .prepare('SELECT id, kind, to_address, attempts, sent_at, failed_at, last_error FROM outbox ORDER BY id')
      .all() as StatusRow[];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      to: r.to_address,
      attempts: r.attempts,
      sentAt: r.sent_at,
      failedAt: r.failed_at,
      lastError: r.last_error,
    }));
  }
}
