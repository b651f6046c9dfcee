// WAL checkpoints in a worker thread (server/src/storage/sqlite/checkpointer.ts): the worker's
// PASSIVE checkpoints move committed pages into the database file while the main connection
// never checkpoints itself; a worker that cannot open the database reports it; closing the
// store stops the worker first, so the last connection cleans the WAL up. Real SQLite files.

import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BackgroundCheckpointer, type CheckpointResult } from '../../../server/src/storage/sqlite/checkpointer';
import { openSqliteStorage } from '../../../server/src/storage/sqlite/sqlite-storage';

const dir = mkdtempSync(join(tmpdir(), 'esr-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function waitFor<T>(what: string, register: (done: (value: T) => void) => void, timeoutMs = 10_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe('background WAL checkpoints', () => {
  it('copies committed pages into the database file while the writer never checkpoints', async () => {
    const file = join(dir, 'worker.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0'); // the main connection leaves every checkpoint to the worker
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${'x'.repeat(200)}`);
    const sizeBefore = statSync(file).size;

    let checkpointer: BackgroundCheckpointer | undefined;
    const errors: Error[] = [];
    const result = await waitFor<CheckpointResult>('a complete checkpoint', (done) => {
      checkpointer = new BackgroundCheckpointer({
        file,
        everyMs: 20,
        onCheckpoint: (r) => {
          if (r.log > 0 && r.checkpointed === r.log) done(r);
        },
        onError: (error) => errors.push(error),
      });
    });
    expect(errors).toEqual([]);
    expect(result.busy).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(sizeBefore + 200 * 2000);
    // Writes go on while the worker runs, and the data is whole.
    for (let i = 0; i < 100; i++) insert.run(`more ${i}`);
    expect((db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n).toBe(2100);
    await checkpointer!.stop();
    db.close();
  });

  it('reports a worker that cannot open the database, and stops cleanly', async () => {
    let checkpointer: BackgroundCheckpointer | undefined;
    const error = await waitFor<Error>('the error', (done) => {
      checkpointer = new BackgroundCheckpointer({ file: join(dir, 'missing', 'nothing.sqlite'), everyMs: 20, onError: done });
    });
    expect(error.message).toMatch(/unable to open|directory does not exist|no such file/iu);
    await checkpointer!.stop();
  });

  it('the store stops its worker before closing, so nothing is left in a WAL file', async () => {
    const file = join(dir, 'store.sqlite');
    const storage = openSqliteStorage({ file });
    const now = Date.now();
    for (let i = 0; i < 200; i++) await storage.devices.insert({ id: `kiosk-${i}`, publicKey: 'k', hostname: `h${i}`, enrolledAt: now });
    expect(existsSync(`${file}-wal`)).toBe(true);
    await storage.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = openSqliteStorage({ file, backgroundCheckpoints: false });
    expect((await reopened.devices.list()).length).toBe(200);
    await reopened.close();
  });
});
