// `server import-staff` and `server audit`, run as the real CLI in child processes against a
// real SQLite file.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStorage } from '../../../server/src/storage/sqlite/sqlite-storage';
import { writeTestGatewayFiles, type TestGatewayFiles } from '../../support/server/gateway';

const CLI = fileURLToPath(new URL('../../../server/cli.ts', import.meta.url));
let files: TestGatewayFiles;

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

async function staffCount(): Promise<number> {
  const storage = openSqliteStorage({ file: files.dbFile });
  try {
    return await storage.staff.count();
  } finally {
    await storage.close();
  }
}

const HEADER = 'uuid,displayName,username,email,dateOfBirth,status';
const GOOD = [
  HEADER,
  '11111111-2222-4333-8444-555555555555,Chris Evans,23410000001,Chris.Evans@nhs.net,1979-03-15,active',
  '11111111-2222-4333-8444-555555555556,"Okafor, Ngozi",23410000002,ngozi.okafor@nhs.net,1992-08-30,inactive',
].join('\n');

beforeAll(async () => {
  files = await writeTestGatewayFiles();
});
afterAll(() => {
  rmSync(files.dir, { recursive: true, force: true });
});

describe('server import-staff', () => {
  it('imports every row of a good file in one go', async () => {
    const csv = join(files.dir, 'good.csv');
    writeFileSync(csv, GOOD);
    const run = await cli('import-staff', '--config', files.configFile, csv);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('imported 2 staff (2 new, 0 updated)\n');
    const storage = openSqliteStorage({ file: files.dbFile });
    const chris = await storage.staff.findByUsername('23410000001');
    await storage.close();
    expect(chris).toMatchObject({ displayName: 'Chris Evans', email: 'chris.evans@nhs.net', status: 'active' });
    const again = await cli('import-staff', '--config', files.configFile, csv);
    expect(again.stdout).toBe('imported 2 staff (0 new, 2 updated)\n');
  });

  it('reports each bad row by line and imports nothing', async () => {
    const before = await staffCount();
    const csv = join(files.dir, 'bad.csv');
    writeFileSync(
      csv,
      [
        HEADER,
        '11111111-2222-4333-8444-555555555557,Good Row,23410000003,good.row@nhs.net,1980-01-01,active',
        '11111111-2222-4333-8444-555555555558,Bad Date,23410000004,bad.date@nhs.net,1980-02-31,active',
        '11111111-2222-4333-8444-555555555559,Bad Name,99910000005,bad.name@nhs.net,1980-01-02,active',
      ].join('\n'),
    );
    const run = await cli('import-staff', '--config', files.configFile, csv);
    expect(run.code).toBe(65);
    expect(run.stderr).toContain(`${csv}:3: dateOfBirth is not a real past date (YYYY-MM-DD)`);
    expect(run.stderr).toContain(`${csv}:4: username is not an ESR username`);
    expect(run.stderr).toContain('nothing imported: 2 problem(s)');
    expect(run.stderr).not.toContain('1980-02-31');
    expect(await staffCount()).toBe(before);
  });

  it('refuses a username that belongs to someone else in the database, importing nothing', async () => {
    const before = await staffCount();
    const csv = join(files.dir, 'clash.csv');
    writeFileSync(
      csv,
      [HEADER, '11111111-2222-4333-8444-55555555555a,New Person,23410000009,new.person@nhs.net,1980-01-01,active', '11111111-2222-4333-8444-55555555555b,Clash,23410000001,clash@nhs.net,1980-01-01,active'].join('\n'),
    );
    const run = await cli('import-staff', '--config', files.configFile, csv);
    expect(run.code).toBe(65);
    expect(run.stderr).toContain(`${csv}:3: username already belongs to another staff member`);
    expect(await staffCount()).toBe(before);
  });

  it('says what is wrong with its arguments', async () => {
    expect((await cli('import-staff', '--config', files.configFile)).code).toBe(2);
    const missing = await cli('import-staff', '--config', files.configFile, join(files.dir, 'nope.csv'));
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain('cannot read');
  });
});

describe('server audit', () => {
  it('prints, and exports CSV and JSON, with no date of birth in them', async () => {
    const table = await cli('audit', '--config', files.configFile);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/staff-import success/u);

    const csv = await cli('audit', '--config', files.configFile, '--format', 'csv');
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,event,outcome,reason,staffId,deviceId,sourceAddress,details');
    expect(lines.some((l) => l.includes(',staff-import,success,'))).toBe(true);

    const out = join(files.dir, 'audit.json');
    const json = await cli('audit', '--config', files.configFile, '--format', 'json', '--since', '2000-01-01', '--output', out);
    expect(json.code).toBe(0);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; details: unknown });
    expect(records.filter((r) => r.event === 'staff-import')).toHaveLength(2);
    expect(records.find((r) => r.event === 'staff-import')!.details).toEqual({ inserted: 2, updated: 0 });
    expect((await cli('audit', '--config', files.configFile, '--format', 'json', '--output', out)).code).toBe(73);
    const future = await cli('audit', '--config', files.configFile, '--format', 'json', '--since', '2999-01-01');
    expect(future.stdout).toBe('');
    expect((await cli('audit', '--config', files.configFile, '--format', 'xml')).code).toBe(2);
    for (const text of [table.stdout, csv.stdout, readFileSync(out, 'utf8')]) {
      expect(text).not.toContain('1979-03-15');
      expect(text).not.toContain('1992-08-30');
    }
  });
});
