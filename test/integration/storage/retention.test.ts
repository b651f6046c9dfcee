// Retention against both real stores (a SQLite file; a fresh PostgreSQL database): purgeOnce
// deletes exactly the rows older than their retention period and nothing else, never an audit
// row; a sent mail's body is gone from the database the moment it is marked sent; mail that
// expired unsent is given up (body cleared) unless a worker is holding it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../server/src/config';
import { EXPIRED_UNSENT, newMessageId, type OutboxMail } from '../../../server/src/mail/outbox';
import { purgeOnce, type RetentionSettings } from '../../../server/src/maintenance/retention';
import { openPostgresStorage } from '../../../server/src/storage/postgres/postgres-storage';
import { openSqliteStorage } from '../../../server/src/storage/sqlite/sqlite-storage';
import type { Storage } from '../../../server/src/storage/storage';
import type { NewStaff } from '../../../server/src/storage/types';
import { createTestDatabase } from '../../support/postgres/test-database';
import { postgresRows, sqliteRows, type RowReader } from '../../support/server/raw-rows';

const T0 = 1_767_000_000_000;
const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** The documented defaults, read through the real config parser. */
const DEFAULTS: RetentionSettings = parseConfig({ tls: { certFile: 'c', keyFile: 'k' }, publicBaseUrl: 'https://g.test', cardTrust: {} }, '/').retention;

const alice: NewStaff = {
  id: '00000000-0000-4000-8000-000000000001',
  displayName: 'Alice',
  username: '23400000001',
  email: 'alice@nhs.test',
  dateOfBirth: '1980-01-01',
  status: 'active',
};

interface OpenStore {
  readonly storage: Storage;
  readonly query: RowReader;
  destroy(): Promise<void>;
}

async function openStore(kind: 'sqlite' | 'postgres'): Promise<OpenStore> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'esr-retention-'));
    const file = join(dir, 'gateway.sqlite');
    const storage = openSqliteStorage({ file });
    return {
      storage,
      query: sqliteRows(file),
      async destroy() {
        await storage.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createTestDatabase('esr_retention');
  const storage = await openPostgresStorage({ url: database.url });
  return {
    storage,
    query: postgresRows(database.url),
    async destroy() {
      await storage.close();
      await database.drop();
    },
  };
}

const RESET_LINK = 'https://gateway.test/reset/SECRET-LINK-TOKEN-abcdefghijklmnopqrstuvwxyz';

function mail(to: string, discardAfter?: number): OutboxMail {
  return {
    kind: 'password-reset-link',
    to,
    subject: 'Set your ESR internet password',
    text: `Open ${RESET_LINK}`,
    html: `<a href="${RESET_LINK}">Set</a>`,
    messageId: newMessageId('esr.test'),
    ...(discardAfter === undefined ? {} : { discardAfter }),
  };
}

describe.each(['sqlite', 'postgres'] as const)('retention (%s)', (kind) => {
  let store: OpenStore;
  let s: Storage;

  beforeAll(async () => {
    store = await openStore(kind);
    s = store.storage;
    await s.staff.insert(alice, T0 - 400 * DAY);
  });
  afterAll(async () => {
    await store.destroy();
  });

  it('clears a mail body the moment it is sent, so no reset link stays in the database', async () => {
    const id = await s.outbox.enqueue(mail('body@nhs.test'), T0 - 10);
    const before = await store.query(`SELECT text_body, html_body FROM outbox WHERE id = ${id}`);
    expect(before[0]?.text_body).toContain(RESET_LINK);
    const [claimed] = await s.outbox.claimDue(T0 - 9, 60_000, 10);
    expect(claimed?.text).toContain(RESET_LINK); // the worker gets the body to send
    await s.outbox.markSent(id, T0 - 8);
    expect(await store.query(`SELECT text_body, html_body, sent_at FROM outbox WHERE id = ${id}`)).toEqual([
      { text_body: null, html_body: null, sent_at: T0 - 8 },
    ]);
    await s.outbox.purge(T0, T0); // leave nothing for the next test
  });

  it('gives up on mail that expired unsent, but not on one a worker holds', async () => {
    const held = await s.outbox.enqueue(mail('held@nhs.test', T0 - 1), T0 - 100);
    expect((await s.outbox.claimDue(T0 - 50, 60_000, 10)).map((e) => e.id)).toEqual([held]); // leased until T0 + 59,950
    const idle = await s.outbox.enqueue(mail('idle@nhs.test', T0 - 1), T0 - 40);
    const fresh = await s.outbox.enqueue(mail('fresh@nhs.test', T0 + HOUR), T0 - 30);
    expect(await s.outbox.discardExpired(T0)).toBe(1);
    const rows = await store.query('SELECT id, text_body, html_body, failed_at, last_error FROM outbox ORDER BY id');
    expect(rows).toEqual([
      { id: held, text_body: expect.stringContaining(RESET_LINK) as unknown, html_body: expect.any(String) as unknown, failed_at: null, last_error: null },
      { id: idle, text_body: null, html_body: null, failed_at: T0, last_error: EXPIRED_UNSENT },
      { id: fresh, text_body: expect.any(String) as unknown, html_body: expect.any(String) as unknown, failed_at: null, last_error: null },
    ]);
    // Once the lease has run out, the held one goes the same way.
    expect(await s.outbox.discardExpired(T0 + 60_000)).toBe(1);
    // Purging by age leaves the mail that is still due.
    await s.outbox.purge(T0 + DAY, T0 + DAY);
    expect((await s.outbox.list()).map((m) => m.id)).toEqual([fresh]);
    expect((await s.outbox.claimDue(T0 + 60_001, 1000, 10)).map((e) => e.id)).toEqual([fresh]);
    await s.outbox.markSent(fresh, T0 + 60_002);
    await s.outbox.purge(T0 + DAY, T0 + DAY);
    expect(await s.outbox.list()).toEqual([]);
  });

  it('purgeOnce deletes only rows past their retention period, and never an audit row', async () => {
    // Login failures: one 25 h old (past the 24 h default), one an hour old.
    await s.loginFailures.record(alice.id, T0 - 25 * HOUR);
    await s.loginFailures.record(alice.id, T0 - HOUR);
    // Reset tokens: used 8 days ago, expired unused 8 days ago (both past 7 days); used a day
    // ago, expired a day ago, and still usable (kept).
    const token = async (hash: string, createdAt: number, expiresAt: number, usedAt: number | null) => {
      await s.recoveryTokens.insert({ tokenHash: hash, staffId: alice.id, createdAt, expiresAt });
      if (usedAt !== null) expect(await s.recoveryTokens.consume(hash, usedAt)).toBe(alice.id);
    };
    await token('rt-used-old', T0 - 8 * DAY - HOUR, T0 - 8 * DAY + HOUR, T0 - 8 * DAY);
    await token('rt-expired-old', T0 - 8 * DAY - HOUR, T0 - 8 * DAY, null);
    await token('rt-used-recent', T0 - DAY - HOUR, T0 - DAY + HOUR, T0 - DAY);
    await token('rt-expired-recent', T0 - DAY - HOUR, T0 - DAY, null);
    await token('rt-usable', T0 - 10 * 60_000, T0 + 50 * 60_000, null);
    // Challenges: expired 25 h ago (gone), expired an hour ago (kept).
    const device = { id: 'dev-retention', publicKey: 'pk', hostname: 'ward-1', enrolledAt: T0 - 400 * DAY };
    await s.devices.insert(device);
    await s.challenges.insert({ id: 'ch-old', deviceId: device.id, nonce: 'n1', createdAt: T0 - 26 * HOUR, expiresAt: T0 - 25 * HOUR });
    await s.challenges.insert({ id: 'ch-recent', deviceId: device.id, nonce: 'n2', createdAt: T0 - 2 * HOUR, expiresAt: T0 - HOUR });
    // Sessions: absolute expiry 8 days ago (gone), a day ago (kept).
    const session = (id: string, end: number) => ({
      id,
      tokenHash: `h-${id}`,
      staffId: alice.id,
      deviceId: device.id,
      method: 'password' as const,
      certificateFingerprint: null,
      createdAt: end - 30 * 60_000,
      lastUsedAt: end - 30 * 60_000,
      absoluteExpiresAt: end,
    });
    await s.sessions.insert(session('s-old', T0 - 8 * DAY));
    await s.sessions.insert(session('s-recent', T0 - DAY));
    // Mail: sent 31 days ago (gone), sent a day ago (kept), given up 91 days ago (gone), given up
    // 31 days ago (kept: failed mail is kept 90 days), still queued (kept).
    const sentAt = async (to: string, at: number) => {
      const id = await s.outbox.enqueue(mail(to), at - 10);
      await s.outbox.claimDue(at - 5, 1000, 10);
      await s.outbox.markSent(id, at);
      return id;
    };
    const failedAt = async (to: string, at: number) => {
      const id = await s.outbox.enqueue(mail(to), at - 10);
      await s.outbox.claimDue(at - 5, 1000, 10);
      await s.outbox.markAttemptFailed(id, at, '550 no such user', null);
      return id;
    };
    await sentAt('sent-old@nhs.test', T0 - 31 * DAY);
    const sentRecent = await sentAt('sent-recent@nhs.test', T0 - DAY);
    await failedAt('failed-old@nhs.test', T0 - 91 * DAY);
    const failedRecent = await failedAt('failed-recent@nhs.test', T0 - 31 * DAY);
    const queued = await s.outbox.enqueue(mail('queued@nhs.test', T0 + HOUR), T0 - 60_000);
    // Audit rows, some very old.
    await s.audit.append({ event: 'password-login', outcome: 'failure', reason: 'INVALID_CREDENTIALS', staffId: alice.id, at: T0 - 399 * DAY });
    await s.audit.append({ event: 'recovery-password-request', outcome: 'success', staffId: alice.id, at: T0 - 31 * DAY });
    const auditBefore = await s.audit.list({ limit: 100_000 });

    const counts = await purgeOnce(s, DEFAULTS, T0);

    expect(counts).toEqual({ deviceNonces: 0, challenges: 1, sessions: 1, recoveryTokens: 2, loginFailures: 1, expiredMail: 0, outbox: 2 });
    expect(await s.loginFailures.countSince(alice.id, 0)).toBe(1);
    const tokens = await store.query('SELECT token_hash FROM recovery_tokens ORDER BY token_hash');
    expect(tokens.map((r) => r.token_hash)).toEqual(['rt-expired-recent', 'rt-usable', 'rt-used-recent']);
    expect(await s.recoveryTokens.findUsable('rt-usable', T0)).not.toBeNull();
    expect(await s.challenges.findById('ch-old')).toBeNull();
    expect(await s.challenges.findById('ch-recent')).not.toBeNull();
    expect(await s.sessions.findByTokenHash('h-s-old')).toBeNull();
    expect(await s.sessions.findByTokenHash('h-s-recent')).not.toBeNull();
    expect((await s.outbox.list()).map((m) => m.id)).toEqual([sentRecent, failedRecent, queued]);
    expect(await s.audit.list({ limit: 100_000 })).toEqual(auditBefore);

    // A second run finds nothing more; shorter settings take the rest.
    expect(Object.values(await purgeOnce(s, DEFAULTS, T0)).every((n) => n === 0)).toBe(true);
    const short: RetentionSettings = { ...DEFAULTS, sentMailDays: 0.5, failedMailDays: 1, recoveryTokenDays: 0.5, loginFailureHours: 1 };
    const more = await purgeOnce(s, short, T0);
    expect(more).toMatchObject({ outbox: 2, recoveryTokens: 2, loginFailures: 1 });
    expect((await s.outbox.list()).map((m) => m.id)).toEqual([queued]);
    expect(await s.audit.list({ limit: 100_000 })).toEqual(auditBefore);
  });
});
