// Reading a gateway database around the repositories, to prove what is (or is no longer) stored:
// a SQLite file opened read-only, or a PostgreSQL database with the store's own type parsers
// (BIGINT times as numbers).

import Database from 'better-sqlite3';
import pg from 'pg';
import { PG_TYPES } from '../../../server/src/storage/postgres/context';

export type Row = Record<string, unknown>;
export type RowReader = (sql: string) => Promise<Row[]>;

export function sqliteRows(file: string): RowReader {
  return (sql) => {
    const db = new Database(file, { readonly: true });
    try {
      return Promise.resolve(db.prepare(sql).all() as Row[]);
    } finally {
      db.close();
    }
  };
}

export function postgresRows(url: string): RowReader {
  return async (sql) => {
    const client = new pg.Client({ connectionString: url, types: PG_TYPES });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Row[];
    } finally {
      await client.end();
    }
  };
}

/** `SELECT COUNT(*)` of a table, optionally with a WHERE clause. */
export async function countRows(rows: RowReader, table: string, where = 'TRUE'): Promise<number> {
  return Number((await rows(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`))[0]?.n);
}
