// The retention timer in a running gateway, on the real SQLite file and on real PostgreSQL:
// a reset-link mail goes out and its body is gone from the database at once; once the gateway's
// (injectable) clock has moved 31 days on, the timer deletes the sent mail, the used-up reset
// token and the old login failure by itself, and keeps every audit row.

import { afterEach, describe, expect, it } from 'vitest';
import type { MailHook, OutgoingMail } from '../../../server/src/app';
import type { GatewayConfigInput } from '../../../server/src/config';
import type { Storage } from '../../../server/src/storage/storage';
import type { NewStaff } from '../../../server/src/storage/types';
import { ROUTES } from '../../../src-main/shared/gateway-api';
import { startGatewayInstances } from '../../support/postgres/gateway-pair';
import type { GatewayTestClient } from '../../support/server/client';
import { countRows, postgresRows, sqliteRows, type RowReader } from '../../support/server/raw-rows';
import { startTestGateway, type TestClock } from '../../support/server/gateway';

const DAY = 24 * 3600_000;
const alice: NewStaff = {
  id: '0f6f7c2e-8d3a-4f5b-9c1d-2a3b4c5d6e7f',
  displayName: 'Alice Retention',
  username: '23400000077',
  email: 'alice.retention@nhs.test',
  dateOfBirth: '1984-05-06',
  status: 'active',
};

const CONFIG: Partial<GatewayConfigInput> = {
  retention: { purgeIntervalSeconds: 1 },
  mail: { pollSeconds: 0.05, baseBackoffSeconds: 0.05, maxBackoffSeconds: 0.5 },
};

interface Running {
  readonly storage: Storage;
  readonly clock: TestClock;
  readonly kiosk: GatewayTestClient;
  readonly logs: string[];
  readonly mails: OutgoingMail[];
  count(table: string, where?: string): Promise<number>;
  rows: RowReader;
  close(): Promise<void>;
}

function collectingMailer(mails: OutgoingMail[]): MailHook {
  return {
    send(mail) {
      mails.push(mail);
      return Promise.resolve();
    },
  };
}

async function startSqlite(): Promise<Running> {
  const mails: OutgoingMail[] = [];
  const gw = await startTestGateway({ config: CONFIG, staff: [alice], mailer: collectingMailer(mails) });
  const device = await gw.enrollDevice();
  const rows = sqliteRows(gw.dbFile);
  return {
    storage: gw.storage,
    clock: gw.clock,
    kiosk: gw.client(device),
    logs: gw.logs,
    mails,
    rows,
    count: (table, where) => countRows(rows, table, where),
    close: () => gw.close(),
  };
}

async function startPostgres(): Promise<Running> {
  const mails: OutgoingMail[] = [];
  const pair = await startGatewayInstances({ count: 1, config: CONFIG, mailer: collectingMailer(mails) });
  const instance = pair.instances[0];
  if (instance === undefined) throw new Error('no instance');
  await instance.storage.staff.upsert(alice, pair.clock.now());
  const device = await pair.enrollDevice(0);
  const rows = postgresRows(pair.database.url);
  return {
    storage: instance.storage,
    clock: pair.clock,
    kiosk: instance.client(device),
    logs: instance.logs,
    mails,
    rows,
    count: (table, where) => countRows(rows, table, where),
    close: () => pair.close(),
  };
}

/** Polls `check` until it holds (bounded: the timer runs every second). */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each([
  ['sqlite', startSqlite],
  ['postgres', startPostgres],
] as const)('retention timer (%s)', (_kind, start) => {
  let running: Running | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('blanks a sent mail at once, then purges old rows on its timer and keeps the audit', async () => {
    const g = (running = await start());
    const res = await g.kiosk.send({ path: ROUTES.recoveryPassword, body: { email: alice.email, dateOfBirth: alice.dateOfBirth } });
    expect(res.status).toBe(202);
    await eventually(async () => (await g.count('outbox', 'sent_at IS NOT NULL')) === 1, 'the reset mail to be sent');
    const link = /\/reset\/[A-Za-z0-9_-]{43}/u.exec(g.mails[0]?.text ?? '')?.[0];
    expect(link).toBeDefined();
    // Delivered: nothing of the mail's body, so nothing of the link, is left in the database.
    expect(await g.rows('SELECT text_body, html_body FROM outbox')).toEqual([{ text_body: null, html_body: null }]);
    expect(JSON.stringify(await g.rows('SELECT * FROM outbox'))).not.toContain(link);
    expect(await g.count('recovery_tokens')).toBe(1);
    await g.storage.loginFailures.record(alice.id, g.clock.now());
    const audit = await g.storage.audit.list({ limit: 100_000 });
    expect(audit.length).toBeGreaterThan(0);

    // Nothing is old enough to go yet, whenever the timer runs.
    expect(await g.count('outbox')).toBe(1);
    expect(await g.count('password_login_failures')).toBe(1);

    g.clock.advance(31 * DAY);
    await eventually(
      async () => (await g.count('outbox')) + (await g.count('recovery_tokens')) + (await g.count('password_login_failures')) === 0,
      'the retention timer to purge the sent mail, the reset token and the login failure',
    );
    const after = await g.storage.audit.list({ limit: 100_000 });
    expect(after.slice(0, audit.length)).toEqual(audit);
    expect(await g.storage.staff.findById(alice.id)).not.toBeNull();
    expect(g.logs.some((line) => line.includes('retention: old rows removed'))).toBe(true);
  });
});
