// The SQLite store on a real file: WAL, versioned migrations (and refusal of a newer schema),
// the audit table refusing UPDATE and DELETE, single-use operations that exactly one caller
// wins, nonce replay, and transactions that commit together, roll back together, and keep other
// callers' statements out.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationError } from '../../../server/src/storage/sqlite/migrate';
import { SQLITE_MIGRATIONS } from '../../../server/src/storage/sqlite/migrations/index';
import { openSqliteStorage } from '../../../server/src/storage/sqlite/sqlite-storage';
import type { Storage } from '../../../server/src/storage/storage';
import { DEMO_STAFF } from '../../support/server/demo-staff';

describe('SQLite storage (core tables)', () => {
  let dir: string;
  let file: string;
  let storage: Storage;
  const now = 1_800_000_000_000;
  const deviceId = randomUUID();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'esr-store-'));
    file = join(dir, 'gateway.sqlite');
    storage = openSqliteStorage({ file });
    await storage.devices.insert({ id: deviceId, publicKey: 'AA', hostname: 'ward-1', enrolledAt: now });
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses WAL and records every migration once', async () => {
    expect(await storage.schemaVersion()).toBe(SQLITE_MIGRATIONS.length);
    await storage.close();
    storage = openSqliteStorage({ file }); // reopening applies nothing twice
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
    db.close();
    expect(versions.map((v) => v.version)).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
  });

  it('refuses to open a database newer than the code', async () => {
    await storage.close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(999, 'future', now);
    db.close();
    expect(() => openSqliteStorage({ file })).toThrow(MigrationError);
    storage = openSqliteStorage({ file: ':memory:' });
  });

  it('keeps the audit table append-only, even to direct SQL', async () => {
    const id = await storage.audit.append({ event: 'card-login', outcome: 'success', staffId: 's', at: now });
    await storage.close();
    const db = new Database(file);
    expect(() => db.prepare("UPDATE audit SET outcome = 'failure' WHERE id = ?").run(id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit WHERE id = ?').run(id)).toThrow(/append-only/);
    expect(db.prepare('SELECT outcome FROM audit WHERE id = ?').get(id)).toEqual({ outcome: 'success' });
    db.close();
    storage = openSqliteStorage({ file });
  });

  it('lets exactly one of many concurrent consumers use a challenge or an enrollment token', async () => {
    await storage.challenges.insert({ id: 'c1', deviceId, nonce: 'n', createdAt: now, expiresAt: now + 60_000 });
    const wins = await Promise.all(Array.from({ length: 8 }, () => storage.challenges.consume('c1', now)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    await storage.enrollmentTokens.insert({ id: 't1', tokenHash: 'h1', label: 'x', createdAt: now, expiresAt: now + 1000 });
    const tokenWins = await Promise.all(Array.from({ length: 8 }, () => storage.enrollmentTokens.consume('h1', deviceId, now)));
    expect(tokenWins.filter(Boolean)).toHaveLength(1);
    await storage.enrollmentTokens.insert({ id: 't2', tokenHash: 'h2', label: 'x', createdAt: now, expiresAt: now + 1000 });
    expect(await storage.enrollmentTokens.consume('h2', deviceId, now + 1000)).toBe(false); // expired
  });

  it('remembers nonces per device until they expire', async () => {
    expect(await storage.deviceNonces.remember(deviceId, 'n1', now + 1000)).toBe(true);
    expect(await storage.deviceNonces.remember(deviceId, 'n1', now + 1000)).toBe(false);
    expect(await storage.deviceNonces.purgeExpired(now + 1000)).toBe(1);
  });

  it('commits a transaction whole, or rolls it back whole', async () => {
    const staff = DEMO_STAFF[0]!;
    await storage.transaction(async (repos) => {
      await repos.staff.insert(staff, now);
      await repos.audit.append({ event: 'x', outcome: 'success', at: now });
    });
    await expect(
      storage.transaction(async (repos) => {
        await repos.staff.setStatus(staff.id, 'inactive', now);
        await repos.staff.insert(staff, now); // duplicate: fails
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect((await storage.staff.findById(staff.id))?.status).toBe('active');
  });

  it('keeps statements from outside a transaction out of it (they wait, and survive its rollback)', async () => {
    let releaseTx!: () => void;
    const txStarted = new Promise<void>((resolve) => {
      void storage
        .transaction(async (repos) => {
          await repos.deviceNonces.remember(deviceId, 'inside', now + 1000);
          resolve();
          await new Promise<void>((r) => (releaseTx = r));
          throw new Error('roll back');
        })
        .catch(() => undefined);
    });
    await txStarted;
    const outside = storage.deviceNonces.remember(deviceId, 'outside', now + 1000);
    let outsideDone = false;
    void outside.then(() => (outsideDone = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(outsideDone).toBe(false); // waiting for the transaction
    releaseTx();
    expect(await outside).toBe(true);
    // The rolled-back nonce is gone; the outside one was not swept away with it.
    expect(await storage.deviceNonces.remember(deviceId, 'inside', now + 1000)).toBe(true);
    expect(await storage.deviceNonces.remember(deviceId, 'outside', now + 1000)).toBe(false);
  });

  it('stores SQL-looking text as data', async () => {
    const staff = { ...DEMO_STAFF[2]!, displayName: "Robert'); DROP TABLE staff;--", username: '23400000001' };
    await storage.staff.insert(staff, now);
    expect((await storage.staff.findById(staff.id))?.displayName).toBe(staff.displayName);
    expect(await storage.staff.findByUsername("' OR '1'='1")).toBeNull();
    expect(await storage.staff.count()).toBe(1);
  });
});
