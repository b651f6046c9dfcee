// Opens the store the gateway config names: the embedded SQLite file (one site, one process)
// or PostgreSQL (several stateless gateway instances of a region sharing one database).

import type { GatewayConfig } from '../config';
import { openPostgresStorage } from './postgres/postgres-storage';
import { openSqliteStorage } from './sqlite/sqlite-storage';
import type { Storage } from './storage';

export async function openConfiguredStorage(
  config: Pick<GatewayConfig, 'databaseFile' | 'storage'>,
  now?: () => number,
): Promise<Storage> {
  const selected = config.storage;
  if (selected.kind === 'postgres') {
    // No URL: libpq's environment (PGHOST, PGUSER, PGPASSWORD, PGDATABASE...) names the server,
    // which keeps a database password out of the config file.
    return openPostgresStorage({
      ...(selected.url === undefined ? {} : { url: selected.url }),
      poolMax: selected.poolMax,
      ...(now === undefined ? {} : { now }),
    });
  }
  return openSqliteStorage({ file: config.databaseFile, ...(now === undefined ? {} : { now }) });
}
