// Staff records in SQLite.

import type { NewStaff, StaffRecord, StaffRepository, StaffStatus } from '../types';
import { staffValues } from '../record-values';
import type { SqliteContext } from './context';

interface StaffRow {
  id: string;
  display_name: string;
  username: string;
  email: string;
  date_of_birth: string;
  status: StaffStatus;
  failed_login_count: number;
  locked_at: number | null;
  created_at: number;
  updated_at: number;
}

function toStaff(row: StaffRow | undefined): StaffRecord | null {
  if (row === undefined) return null;
  return {
    id: row.id,
    displayName: row.display_name,
    username: row.username,
    email: row.email,
    dateOfBirth: row.date_of_birth,
    status: row.status,
    failedLoginCount: row.failed_login_count,
    lockedAt: row.locked_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class SqliteStaffRepository implements StaffRepository {
  constructor(private readonly ctx: SqliteContext) {}

  insert(staff: NewStaff, now: number): Promise<void> {
    return this.ctx.run(() => {
      this.ctx
        .statement(
          `INSERT INTO staff (id, display_name, username, email, date_of_birth, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(...staffValues(staff), now, now);
    });
  }

  upsert(staff: NewStaff, now: number): Promise<void> {
    return this.ctx.run(() => {
      this.ctx
        .statement(
          `INSERT INTO staff (id, display_name, username, email, date_of_birth, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, username = excluded.username,
             email = excluded.email, date_of_birth = excluded.date_of_birth, status = excluded.status,
             updated_at = excluded.updated_at`,
        )
        .run(...staffValues(staff), now, now);
    });
  }

  findById(id: string): Promise<StaffRecord | null> {
    return this.ctx.run(() => toStaff(this.ctx.statement('SELECT * FROM staff WHERE id = ?').get(id) as StaffRow | undefined));
  }

  findByUsername(username: string): Promise<StaffRecord | null> {
    return this.ctx.run(() =>
      toStaff(this.ctx.statement('SELECT * FROM staff WHERE username = ?').get(username) as StaffRow | undefined),
    );
  }

  findByEmail(email: string): Promise<StaffRecord | null> {
    return this.ctx.run(() =>
      toStaff(this.ctx.statement('SELECT * FROM staff WHERE email = ?').get(email.toLowerCase()) as StaffRow | undefined),
    );
  }

  setStatus(id: string, status: StaffStatus, now: number): Promise<void> {
    return this.ctx.run(() => {
      this.ctx.statement('UPDATE staff SET status = ?, updated_at = ? WHERE id = ?').run(status, now, id);
    });
  }

  setLoginState(id: string, state: { failedLoginCount: number; lockedAt: number | null }, now: number): Promise<void> {
    return this.ctx.run(() => {
      this.ctx
        .statement('UPDATE staff SET failed_login_count = ?, locked_at = ?, updated_at = ? WHERE id = ?')
        .run(state.failedLoginCount, state.lockedAt, now, id);
    });
  }

  count(): Promise<number> {
    return this.ctx.run(() => (this.ctx.statement('SELECT COUNT(*) AS n FROM staff').get() as { n: number }).n);
  }
}
