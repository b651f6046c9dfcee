// Staff records in SQLite.

import { STAFF_COLUMNS } from '../columns';
import { staffValues } from '../record-values';
import type { NewStaff, StaffRecord, StaffRepository, StaffStatus } from '../types';
import { SqliteRepository } from './repository';

export class SqliteStaffRepository extends SqliteRepository implements StaffRepository {
  insert(staff: NewStaff, now: number): Promise<void> {
    return this.exec(
      `INSERT INTO staff (id, display_name, username, email, date_of_birth, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ...staffValues(staff),
      now,
      now,
    );
  }

  upsert(staff: NewStaff, now: number): Promise<void> {
    return this.exec(
      `INSERT INTO staff (id, display_name, username, email, date_of_birth, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, username = excluded.username,
         email = excluded.email, date_of_birth = excluded.date_of_birth, status = excluded.status,
         updated_at = excluded.updated_at`,
      ...staffValues(staff),
      now,
      now,
    );
  }

  findById(id: string): Promise<StaffRecord | null> {
    return this.one<StaffRecord>(`SELECT ${STAFF_COLUMNS} FROM staff WHERE id = ?`, id);
  }

  findByUsername(username: string): Promise<StaffRecord | null> {
    return this.one<StaffRecord>(`SELECT ${STAFF_COLUMNS} FROM staff WHERE username = ?`, username);
  }

  findByEmail(email: string): Promise<StaffRecord | null> {
    return this.one<StaffRecord>(`SELECT ${STAFF_COLUMNS} FROM staff WHERE email = ?`, email.toLowerCase());
  }

  setStatus(id: string, status: StaffStatus, now: number): Promise<void> {
    return this.exec('UPDATE staff SET status = ?, updated_at = ? WHERE id = ?', status, now, id);
  }

  setLoginState(id: string, state: { failedLoginCount: number; lockedAt: number | null }, now: number): Promise<void> {
    return this.exec(
      'UPDATE staff SET failed_login_count = ?, locked_at = ?, updated_at = ? WHERE id = ?',
      state.failedLoginCount,
      state.lockedAt,
      now,
      id,
    );
  }

  async count(): Promise<number> {
    return (await this.one<{ n: number }>('SELECT COUNT(*) AS n FROM staff'))?.n ?? 0;
  }
}
