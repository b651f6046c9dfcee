import { describe, expect, it } from 'vitest';
import { isRealDate, parseStaffCsv } from '../../../server/src/staff-import/staff-csv';

const HEADER = 'uuid,displayName,username,email,dateOfBirth,status';
const ALEX = '5f0c2a0e-8d4b-4c1e-9a3f-1b2c3d4e5f60,Alex Morgan,23412345,Alex.Morgan@nhs.net,1985-04-12,active';
const PRIYA = 'a7d3e9b1-2c4f-4e6a-8b0d-9f1e2d3c4b5a,"Shah, Priya",23498765,priya.shah@nhs.net,1990-11-03,';

describe('parseStaffCsv', () => {
  it('reads good rows, lower-cases emails and defaults the status to active', () => {
    const result = parseStaffCsv(`${HEADER}\n${ALEX}\n${PRIYA}\n`, '2026-01-01');
    expect(result.problems).toEqual([]);
    expect(result.rows).toHaveLength(2);
    expect(result.rows[0]).toMatchObject({ line: 2, email: 'alex.morgan@nhs.net', status: 'active' });
    expect(result.rows[1]).toMatchObject({ line: 3, displayName: 'Shah, Priya', status: 'active' });
  });

  it('accepts snake_case and spaced header names and a byte-order mark', () => {
    const result = parseStaffCsv(`\uFEFFUUID,display_name,Username,E-mail,date of birth\n${ALEX.replace(/,active$/u, '')}\n`, '2026-01-01');
    expect(result.problems).toEqual([]);
    expect(result.rows).toHaveLength(1);
  });

  it('reports every bad row with its line number and imports nothing', () => {
    const csv = [
      HEADER,
      ALEX,
      'not-a-uuid,Bad Person,12345,nobody,1985-02-30,retired',
      PRIYA,
      '0d9e8f7a-6b5c-4d3e-9f2a-1b0c9d8e7f6a,Jordan Lee,23412345,jordan.lee@nhs.net,2999-01-01,inactive',
    ].join('\n');
    const result = parseStaffCsv(csv, '2026-01-01');
    expect(result.rows).toEqual([]);
    const byLine = (line: number) => result.problems.filter((p) => p.line === line).map((p) => p.message);
    expect(byLine(2)).toEqual([]);
    expect(byLine(3)).toEqual([
      'uuid is not a UUID',
      'username is not an ESR username (digits starting 234)',
      'email is not an email address',
      'dateOfBirth is not a real past date (YYYY-MM-DD)',
      'status must be active or inactive',
    ]);
    expect(byLine(5)).toEqual(['dateOfBirth is not a real past date (YYYY-MM-DD)', 'username repeats line 2']);
  });

  it('never quotes a date of birth in a problem', () => {
    const result = parseStaffCsv(`${HEADER}\n${ALEX.replace('1985-04-12', '1985-13-12')}\n`, '2026-01-01');
    expect(result.problems).toHaveLength(1);
    expect(JSON.stringify(result.problems)).not.toContain('1985');
  });

  it('counts lines of a quoted field that spans lines', () => {
    const result = parseStaffCsv(`${HEADER}\n${ALEX}\n5f0c2a0e-8d4b-4c1e-9a3f-1b2c3d4e5f61,"Two\nLines",2341,x@nhs.net,1985-04-12,active\n`, '2026-01-01');
    expect(result.problems.map((p) => p.line)).toEqual([3, 3]); // displayName (a line break) and username
  });

  it('refuses missing, unknown and repeated columns, and an empty file', () => {
    expect(parseStaffCsv('uuid,displayName,username,email\n').problems).toEqual([{ line: 1, message: 'missing column "dateOfBirth"' }]);
    expect(parseStaffCsv(`${HEADER},shoeSize\n`).problems[0]!.message).toContain('unknown column "shoeSize"');
    expect(parseStaffCsv('uuid,uuid,displayName,username,email,dateOfBirth\n').problems[0]!.message).toBe('column "uuid" appears twice');
    expect(parseStaffCsv('').problems[0]!.message).toContain('empty');
    expect(parseStaffCsv(`${HEADER}\n`).problems[0]!.message).toContain('no staff rows');
  });

  it('reports a row with the wrong number of fields and broken quoting', () => {
    expect(parseStaffCsv(`${HEADER}\n${ALEX},extra\n`, '2026-01-01').problems).toEqual([{ line: 2, message: 'has 7 fields, the header has 6' }]);
    const broken = parseStaffCsv(`${HEADER}\n${ALEX}\n"unterminated,x\n`, '2026-01-01');
    expect(broken.rows).toEqual([]);
    expect(broken.problems[0]!.message).toMatch(/^not valid CSV/u);
  });
});

describe('isRealDate', () => {
  it('checks the calendar', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2023-02-29')).toBe(false);
    expect(isRealDate('1985-4-12')).toBe(false);
  });
});
