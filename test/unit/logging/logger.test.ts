import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKioskLog, logFileName } from '../../../src-main/core/logging/logger';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'esr-logs-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'logs');
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

describe('createKioskLog', () => {
  it('creates the folder and writes JSON lines at the configured level and above', async () => {
    const dir = folder();
    const log = createKioskLog({ folder: dir, level: 'warn', maxFileSizeMb: 1, maxFiles: 3, base: { version: '0.1.0' } });
    log.logger.info('not written');
    log.logger.warn({ reader: 'OMNIKEY 3121' }, 'reader went away');
    log.logger.error({ pin: '40817263' }, 'should be redacted');
    await log.close();
    const lines = readFileSync(path.join(dir, logFileName()), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual(['reader went away', 'should be redacted']);
    expect(lines[0]).toMatchObject({ level: 'warn', reader: 'OMNIKEY 3121', version: '0.1.0', app: 'esr-kiosk' });
    expect(lines[1]!.pin).toBe('[redacted]');
  });

  it('rotates by size and keeps at most maxFiles older files', async () => {
    const dir = folder();
    // 2 KiB files, 3 kept: ~40 KiB of lines must leave exactly the live file + 3.
    const log = createKioskLog({ folder: dir, level: 'info', maxFileSizeMb: 2 / 1024, maxFiles: 3 });
    for (let i = 0; i < 400; i += 1) {
      log.logger.info({ i, filler: 'x'.repeat(40) }, 'line');
      if (i % 20 === 0) await tick(); // let the stream notice the size and rotate
    }
    await log.close();
    const files = readdirSync(dir).sort();
    expect(files).toEqual([logFileName(), logFileName(1), logFileName(2), logFileName(3)].sort());
    for (const f of files) {
      // Every file holds whole JSON lines (rotation never splits one).
      for (const line of readFileSync(path.join(dir, f), 'utf8').trim().split('\n')) expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
    // The newest line is in the live file; older files hold older lines.
    const lastOf = (f: string): number => {
      const ls = readFileSync(path.join(dir, f), 'utf8').trim().split('\n');
      return (JSON.parse(ls[ls.length - 1]!) as { i: number }).i;
    };
    expect(lastOf(logFileName())).toBe(399);
    expect(lastOf(logFileName(1))).toBeGreaterThan(lastOf(logFileName(2)));
  });
});
