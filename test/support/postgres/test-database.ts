// A fresh PostgreSQL database per suite on the machine's PostgreSQL 15 (unix socket, peer auth),
// dropped at the end. CI (.ci/run) starts the cluster; when it is not running the suite fails
// with a message that says how to start it, never skips.
//
// Peer authentication maps the OS user to a role of the same name. Tests run as root in CI, and
// the cluster has only `postgres`, so as root we create a `root` superuser role once (through
// `runuser -u postgres`, which is what `su postgres -c psql` would do by hand).

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import pg from 'pg';

export const PG_SOCKET_DIR = process.env.ESR_TEST_PG_SOCKET ?? '/var/run/postgresql';

export class PostgresNotRunningError extends Error {
  override readonly name = 'PostgresNotRunningError';
}

function role(): string {
  return process.env.ESR_TEST_PG_USER ?? userInfo().username;
}

/** Connection URL of `database` over the unix socket as the test role. */
export function pgUrl(database: string): string {
  return `postgresql://${encodeURIComponent(role())}@${encodeURIComponent(PG_SOCKET_DIR)}/${encodeURIComponent(database)}`;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let ready: Promise<void> | undefined;

async function ensureAdminAccess(): Promise<void> {
  try {
    await adminQuery('SELECT 1');
    return;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED') {
      throw new PostgresNotRunningError(
        `PostgreSQL is not running (no socket in ${PG_SOCKET_DIR}): start it with \`pg_ctlcluster 15 main start\` (.ci/run does)`,
      );
    }
    // 28000: peer authentication failed / role does not exist.
    if (code !== '28000' || process.getuid?.() !== 0) {
      throw new PostgresNotRunningError(`cannot connect to PostgreSQL as role "${role()}": ${(error as Error).message}`);
    }
  }
  execFileSync('runuser', ['-u', 'postgres', '--', 'psql', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE ROLE "${role()}" SUPERUSER LOGIN`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd: '/',
  });
  await adminQuery('SELECT 1');
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates an empty database named `<prefix>_<random>`; `drop()` removes it (connections closed first). */
export async function createTestDatabase(prefix = 'esr_test'): Promise<TestDatabase> {
  ready ??= ensureAdminAccess();
  try {
    await ready;
  } catch (error) {
    ready = undefined;
    throw error;
  }
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return {
    name,
    url: pgUrl(name),
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
