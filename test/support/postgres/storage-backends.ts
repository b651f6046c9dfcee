// The two storage implementations behind one shape, so a suite can run unchanged against both:
// a temporary SQLite file, or a fresh PostgreSQL database. `raw` runs SQL around the
// repositories (to prove the store itself refuses something); `openAnother` opens a second,
// independent store on the same data, as a second gateway process would.

import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Storage } from '../../../server/src/storage/storage';
import { openSqliteStorage } from '../../../server/src/storage/sqlite/sqlite-storage';
import { openPostgresStorage } from '../../../server/src/storage/postgres/postgres-storage';
import { createTestDatabase } from './test-database';

export type BackendKind = 'sqlite' | 'postgres';

export interface StorageBackend {
  readonly kind: BackendKind;
  readonly storage: Storage;
  openAnother(): Promise<Storage>;
  /** A store whose transactions run concurrently with `storage`'s, as another instance's would. */
  transactionPeer(): Promise<Storage>;
  /** Runs one SQL statement outside the repositories. */
  raw(sql: string): Promise<void>;
  /** Closes every store it opened and removes the data. */
  destroy(): Promise<void>;
}

export async function openBackend(kind: BackendKind): Promise<StorageBackend> {
  const opened: Storage[] = [];
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'esr-storage-'));
    const file = join(dir, 'gateway.sqlite');
    const open = (): Storage => {
      const s = openSqliteStorage({ file });
      opened.push(s);
      return s;
    };
    return {
      kind,
      storage: open(),
      openAnother: async () => open(),
      // One SQLite file serves one gateway process; two in-process connections would block each
      // other's synchronous busy-wait, so a concurrent transaction peer is the same store.
      transactionPeer: async () => opened[0] as Storage,
      async raw(sql) {
        const db = new Database(file);
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
      },
      async destroy() {
        for (const s of opened) await s.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createTestDatabase('esr_storage');
  const open = async (): Promise<Storage> => {
    const s = await openPostgresStorage({ url: database.url });
    opened.push(s);
    return s;
  };
  return {
    kind,
    storage: await open(),
    openAnother: open,
    transactionPeer: open,
    async raw(sql) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
    async destroy() {
      for (const s of opened) await s.close();
      await database.drop();
    },
  };
}
