// `server import-staff <csv>`: all rows in one transaction, or none. Besides the file's own
// checks (staff-csv.ts), a username or email that already belongs to someone else in the
// database is a problem on that row, found before anything is written.

import type { AuditWriter } from '../audit/writer';
import type { Storage } from '../storage/storage';
import { parseStaffCsv, type CsvProblem } from './staff-csv';

export type ImportResult =
  | { readonly ok: true; readonly inserted: number; readonly updated: number }
  | { readonly ok: false; readonly problems: readonly CsvProblem[] };

export async function importStaffCsv(storage: Storage, audit: AuditWriter, text: string, now: number): Promise<ImportResult> {
  const parsed = parseStaffCsv(text, new Date(now).toISOString().slice(0, 10));
  if (parsed.problems.length > 0) return { ok: false, problems: parsed.problems };
  return storage.transaction(async (repos) => {
    const problems: CsvProblem[] = [];
    let inserted = 0;
    let updated = 0;
    for (const row of parsed.rows) {
      const byUsername = await repos.staff.findByUsername(row.username);
      const byEmail = await repos.staff.findByEmail(row.email);
      if (byUsername !== null && byUsername.id !== row.id) problems.push({ line: row.line, message: 'username already belongs to another staff member' });
      if (byEmail !== null && byEmail.id !== row.id) problems.push({ line: row.line, message: 'email already belongs to another staff member' });
      if ((await repos.staff.findById(row.id)) === null) inserted++;
      else updated++;
    }
    if (problems.length > 0) return { ok: false as const, problems };
    for (const { line: _line, ...staff } of parsed.rows) await repos.staff.upsert(staff, now);
    await audit.record({ event: 'staff-import', outcome: 'success', details: { inserted, updated } }, repos);
    return { ok: true as const, inserted, updated };
  });
}
