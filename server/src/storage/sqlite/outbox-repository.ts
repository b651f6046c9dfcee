// SQLite implementation of the mail outbox (table from migration 002).

import { EXPIRED_UNSENT, type OutboxEntry, type OutboxMail, type OutboxRepository, type OutboxStatus } from '../../mail/outbox';
import { OUTBOX_ENTRY_COLUMNS, OUTBOX_STATUS_COLUMNS } from '../columns';
import { SqliteRepository } from './repository';

type EntryRow = Omit<OutboxEntry, 'text' | 'html'> & { text: string | null; html: string | null };

export class SqliteOutboxRepository extends SqliteRepository implements OutboxRepository {
  enqueue(mail: OutboxMail, now: number): Promise<number> {
    return this.ctx.run(() => {
      const result = this.ctx
        .statement(
          `INSERT INTO outbox (kind, to_address, subject, text_body, html_body, message_id, created_at, discard_after, next_attempt_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(mail.kind, mail.to, mail.subject, mail.text, mail.html, mail.messageId, now, mail.discardAfter ?? null, now);
      return Number(result.lastInsertRowid);
    });
  }

  claimDue(now: number, leaseMs: number, limit: number): Promise<OutboxEntry[]> {
    return this.ctx.run(() => {
      // One synchronous SQLite transaction: select and lease together.
      const rows = this.ctx.db.transaction(() => {
        const due = this.ctx
          .statement(
            `SELECT ${OUTBOX_ENTRY_COLUMNS}
               FROM outbox
              WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?
                AND (claimed_until IS NULL OR claimed_until <= ?)
              ORDER BY id LIMIT ?`,
          )
          .all(now, now, limit) as EntryRow[];
        const lease = this.ctx.statement('UPDATE outbox SET claimed_until = ? WHERE id = ?');
        for (const row of due) lease.run(now + leaseMs, row.id);
        return due;
      })();
      return rows.map((r) => ({ ...r, text: r.text ?? '', html: r.html ?? '' }));
    });
  }

  markSent(id: number, now: number): Promise<void> {
    return this.exec(
      `UPDATE outbox SET sent_at = ?, attempts = attempts + 1, claimed_until = NULL, last_error = NULL,
              text_body = NULL, html_body = NULL
        WHERE id = ? AND sent_at IS NULL`,
      now,
      id,
    );
  }

  markAttemptFailed(id: number, now: number, error: string, nextAttemptAt: number | null): Promise<void> {
    if (nextAttemptAt === null) {
      return this.exec(
        `UPDATE outbox SET failed_at = ?, attempts = attempts + 1, claimed_until = NULL, last_error = ?,
                text_body = NULL, html_body = NULL
          WHERE id = ? AND sent_at IS NULL`,
        now,
        error,
        id,
      );
    }
    return this.exec(
      `UPDATE outbox SET attempts = attempts + 1, claimed_until = NULL, last_error = ?, next_attempt_at = ?
        WHERE id = ? AND sent_at IS NULL`,
      error,
      nextAttemptAt,
      id,
    );
  }

  list(): Promise<OutboxStatus[]> {
    return this.all<OutboxStatus>(`SELECT ${OUTBOX_STATUS_COLUMNS} FROM outbox ORDER BY id`);
  }

  discardExpired(now: number): Promise<number> {
    return this.changes(
      `UPDATE outbox SET failed_at = ?, last_error = ?, text_body = NULL, html_body = NULL
        WHERE sent_at IS NULL AND failed_at IS NULL AND discard_after <= ?
          AND (claimed_until IS NULL OR claimed_until <= ?)`,
      now,
      EXPIRED_UNSENT,
      now,
      now,
    );
  }

  purge(sentBefore: number, failedBefore: number): Promise<number> {
    return this.changes('DELETE FROM outbox WHERE sent_at <= ? OR failed_at <= ?', sentBefore, failedBefore);
  }
}
