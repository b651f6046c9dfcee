// Reads a staff CSV for `server import-staff`: a header row, then one person per row. Every row
// is checked and every problem reported with its line number; the caller imports nothing unless
// there are none. Problems never quote a date of birth (it is a secret here).
//
// Columns (header names are matched case-insensitively, `_`/`-`/spaces ignored):
//   uuid, displayName, username, email, dateOfBirth, status (optional: active | inactive)

import { parse } from 'csv-parse/sync';
import { ESR_USERNAME_PATTERN } from '../../../src-main/shared/gateway-api';
import type { NewStaff, StaffStatus } from '../storage/types';

export interface CsvProblem {
  /** 1-based line in the file where the row starts. */
  readonly line: number;
  readonly message: string;
}

export interface StaffCsvResult {
  readonly rows: readonly (NewStaff & { readonly line: number })[];
  readonly problems: readonly CsvProblem[];
}

const COLUMNS = ['uuid', 'displayName', 'username', 'email', 'dateOfBirth', 'status'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: readonly Column[] = ['uuid', 'displayName', 'username', 'email', 'dateOfBirth'];
const MAX_ROWS = 200_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/iu;
// Deliberately plain: one @, no spaces, a dot in the domain. Trust addresses are simple.
const EMAIL = /^[^\s@"<>,;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/u;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/u;

function canonical(header: string): string {
  return header.replace(/^\uFEFF/u, '').replace(/[\s_-]/gu, '').toLowerCase();
}

export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
  raw: string;
}

export function parseStaffCsv(text: string, today: string = new Date().toISOString().slice(0, 10)): StaffCsvResult {
  let records: ParsedRecord[];
  try {
    records = parse(text, { info: true, raw: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as ParsedRecord[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return { rows: [], problems: [{ line, message: `not valid CSV: ${(error as { code?: string }).code ?? 'parse error'}` }] };
  }
  const startLine = (r: ParsedRecord): number => r.info.lines - (r.raw.replace(/\r?\n$/u, '').match(/\n/gu)?.length ?? 0);
  const header = records[0];
  if (header === undefined) return { rows: [], problems: [{ line: 1, message: 'the file is empty (expected a header row)' }] };

  const problems: CsvProblem[] = [];
  const index = new Map<Column, number>();
  header.record.forEach((name, i) => {
    const column = COLUMNS.find((c) => c.toLowerCase() === canonical(name));
    if (column === undefined) problems.push({ line: 1, message: `unknown column "${name}" (expected ${COLUMNS.join(', ')})` });
    else if (index.has(column)) problems.push({ line: 1, message: `column "${column}" appears twice` });
    else index.set(column, i);
  });
  for (const column of REQUIRED) if (!index.has(column)) problems.push({ line: 1, message: `missing column "${column}"` });
  if (problems.length > 0) return { rows: [], problems };
  if (records.length - 1 > MAX_ROWS) return { rows: [], problems: [{ line: 1, message: `too many rows (at most ${MAX_ROWS})` }] };

  const rows: (NewStaff & { line: number })[] = [];
  const seen = { uuid: new Map<string, number>(), username: new Map<string, number>(), email: new Map<string, number>() };
  for (const r of records.slice(1)) {
    const line = startLine(r);
    const get = (c: Column): string => {
      const i = index.get(c);
      return i === undefined ? '' : (r.record[i] ?? '');
    };
    const rowProblems: string[] = [];
    if (r.record.length !== header.record.length) rowProblems.push(`has ${r.record.length} fields, the header has ${header.record.length}`);
    const uuid = get('uuid').toLowerCase();
    const displayName = get('displayName');
    const username = get('username');
    const email = get('email').toLowerCase();
    const dateOfBirth = get('dateOfBirth');
    const statusText = get('status').toLowerCase() || 'active';
    if (!UUID.test(uuid)) rowProblems.push('uuid is not a UUID');
    if (displayName === '' || displayName.length > 200 || CONTROL.test(displayName)) rowProblems.push('displayName must be 1-200 characters of text');
    if (!ESR_USERNAME_PATTERN.test(username)) rowProblems.push('username is not an ESR username (digits starting 234)');
    if (email.length > 254 || !EMAIL.test(email)) rowProblems.push('email is not an email address');
    if (!isRealDate(dateOfBirth) || dateOfBirth < '1900-01-01' || dateOfBirth > today) rowProblems.push('dateOfBirth is not a real past date (YYYY-MM-DD)');
    if (statusText !== 'active' && statusText !== 'inactive') rowProblems.push('status must be active or inactive');
    for (const [key, value] of [['uuid', uuid], ['username', username], ['email', email]] as const) {
      const earlier = seen[key].get(value);
      if (value !== '' && earlier !== undefined) rowProblems.push(`${key} repeats line ${earlier}`);
      else seen[key].set(value, line);
    }
    if (rowProblems.length > 0) problems.push(...rowProblems.map((message) => ({ line, message })));
    else rows.push({ line, id: uuid, displayName, username, email, dateOfBirth, status: statusText as StaffStatus });
  }
  if (records.length === 1) problems.push({ line: 1, message: 'no staff rows after the header' });
  return { rows: problems.length === 0 ? rows : [], problems };
}
