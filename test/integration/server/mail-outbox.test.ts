// The outbox and its sender against a real SQLite file and a real SMTP server.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migration001Core } from '../../../server/src/storage/sqlite/migrations/001-core';
import { migration002Accounts } from '../../../server/src/storage/sqlite/migrations/002-accounts';
import { applyMigrations } from '../../../server/src/storage/sqlite/migrate';
import { cachedStatement } from '../../../server/src/storage/sqlite/context';
import { SqliteOutboxRepository } from '../../../server/src/storage/sqlite/outbox-repository';
import { newMessageId } from '../../../server/src/mail/outbox';
import { OutboxSender, backoffDelay, smtpDelivery } from '../../../server/src/mail/sender';
import { passwordChangedMail, usernameReminderMail } from '../../../server/src/mail/templates';
import { SmtpCatcher } from '../../support/smtp/smtp-catcher';

let dir: string;
let db: Database.Database;
let smtp: SmtpCatcher;
let sender: OutboxSender | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'esr-outbox-'));
  db = new Database(join(dir, 'gateway.db'));
  db.pragma('journal_mode = WAL');
  applyMigrations(db, [migration001Core, migration002Accounts], Date.now());
  smtp = await SmtpCatcher.start();
});

afterEach(async () => {
  await sender?.stop();
  sender = undefined;
  await smtp.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function outbox(): SqliteOutboxRepository {
  return new SqliteOutboxRepository({ db, statement: (sql) => cachedStatement(db, sql), run: async (op) => op() });
}

function makeSender(store: SqliteOutboxRepository): OutboxSender {
  return new OutboxSender({
    store,
    delivery: smtpDelivery({ url: smtp.url, from: 'ESR <no-reply@esr.test>' }),
    from: 'ESR <no-reply@esr.test>',
    pollMs: 50,
    baseBackoffMs: 50,
    maxBackoffMs: 200,
  });
}

describe('mail outbox sender', () => {
  it('delivers a queued mail once, marks it sent and clears its body', async () => {
    const store = outbox();
    const content = usernameReminderMail({ displayName: 'Alex Morgan', username: '23412345' });
    const id = await store.enqueue({ kind: 'username-reminder', to: 'alex.morgan@nhs.net', ...content, messageId: newMessageId('esr.test') }, Date.now());
    sender = makeSender(store);
    sender.start();
    const [mail] = await smtp.waitFor((m) => m.to.includes('alex.morgan@nhs.net'));
    expect(mail!.subject).toBe('Your ESR username');
    expect(mail!.text).toContain('23412345');
    expect(mail!.html).toContain('<strong>23412345</strong>');
    await sender.stop();
    sender = undefined;
    expect(smtp.messages).toHaveLength(1);
    const row = db.prepare('SELECT sent_at, text_body, html_body FROM outbox WHERE id = ?').get(id) as Record<string, unknown>;
    expect(row.sent_at).not.toBeNull();
    expect(row.text_body).toBeNull();
    expect(row.html_body).toBeNull();
  });

  it('keeps mail through an SMTP outage and delivers each mail exactly once when it returns', async () => {
    const store = outbox();
    const port = smtp.port;
    await smtp.stop();
    for (const to of ['a@nhs.net', 'b@nhs.net', 'c@nhs.net']) {
      const content = passwordChangedMail({ displayName: 'Sam', username: '23455501', at: new Date(), via: 'kiosk' });
      await store.enqueue({ kind: 'password-changed', to, ...content, messageId: newMessageId('esr.test') }, Date.now());
    }
    sender = makeSender(store);
    sender.start();
    // Let the sender fail a few times against the closed port.
    const deadline = Date.now() + 5000;
    while ((await store.list()).some((s) => s.attempts < 2) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await store.list()).every((s) => s.attempts >= 2 && s.sentAt === null && s.failedAt === null)).toBe(true);
    expect((await store.list())[0]!.lastError).toMatch(/ECONNREFUSED|ESOCKET|connect/i);

    await smtp.listen(port);
    await smtp.waitFor(() => true, 3);
    await new Promise((r) => setTimeout(r, 400)); // any duplicate would arrive within a few polls
    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual(['a@nhs.net', 'b@nhs.net', 'c@nhs.net']);
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(3);
    expect((await store.list()).every((s) => s.sentAt !== null)).toBe(true);
  });

  it('retries a temporary refusal (451) and then delivers', async () => {
    const store = outbox();
    smtp.refuseWith = 'try again later';
    const content = usernameReminderMail({ displayName: 'Priya', username: '23498765' });
    await store.enqueue({ kind: 'username-reminder', to: 'priya.shah@nhs.net', ...content, messageId: newMessageId('esr.test') }, Date.now());
    sender = makeSender(store);
    sender.start();
    const deadline = Date.now() + 5000;
    while (((await store.list())[0]?.attempts ?? 0) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect((await store.list())[0]!.lastError).toContain('451');
    smtp.refuseWith = undefined;
    await smtp.waitFor(() => true, 1);
    expect(smtp.messages).toHaveLength(1);
  });

  it('gives up on a mail whose link expired before it could be sent', async () => {
    const store = outbox();
    const content = usernameReminderMail({ displayName: 'Priya', username: '23498765' });
    await store.enqueue({ kind: 'password-reset-link', to: 'priya.shah@nhs.net', ...content, messageId: newMessageId('esr.test'), discardAfter: Date.now() - 1 }, Date.now());
    sender = makeSender(store);
    expect(await sender.runOnce()).toBe(0);
    expect((await store.list())[0]!.failedAt).not.toBeNull();
    expect(smtp.messages).toHaveLength(0);
  });

  it('leases claimed mail so a second claim does not take it again', async () => {
    const store = outbox();
    const content = usernameReminderMail({ displayName: 'Priya', username: '23498765' });
    await store.enqueue({ kind: 'username-reminder', to: 'x@nhs.net', ...content, messageId: newMessageId('esr.test') }, 1000);
    expect(await store.claimDue(2000, 60_000, 10)).toHaveLength(1);
    expect(await store.claimDue(3000, 60_000, 10)).toHaveLength(0);
    expect(await store.claimDue(62_001, 60_000, 10)).toHaveLength(1); // a crashed worker's lease runs out
  });
});

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, within the jitter', () => {
    expect(backoffDelay(0, 1000, 60_000, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, 1000, 60_000, () => 0.5)).toBe(8000);
    expect(backoffDelay(20, 1000, 60_000, () => 0.5)).toBe(60_000);
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(6400);
  });
});
