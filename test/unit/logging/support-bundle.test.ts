import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src-main/core/config/load-config';
import { createSupportBundle } from '../../../src-main/core/support-bundle/support-bundle';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'esr-bundle-'));
  dirs.push(dir);
  return dir;
}

/** Reads a zip entry with Info-ZIP's unzip: an independent reader, not the library that wrote it. */
const unzipList = (zip: string): string[] => execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n').sort();
const unzipRead = (zip: string, entry: string): string => execFileSync('unzip', ['-p', zip, entry], { encoding: 'utf8' });

async function okConfig() {
  const result = await loadConfig({
    platform: 'linux',
    env: {},
    readTextFile: async () => JSON.stringify({ gatewayUrl: 'https://esr-gateway.trust.nhs.uk', logLevel: 'debug' }),
  });
  if (!result.ok) throw new Error('config should load');
  return result;
}

describe('createSupportBundle', () => {
  it('zips the logs, the effective settings with their sources, and about.json; no secret survives', async () => {
    const root = tempDir();
    const logs = path.join(root, 'logs');
    mkdirSync(logs);
    writeFileSync(path.join(logs, 'esr-kiosk.log'), `${JSON.stringify({ level: 'info', msg: 'card inserted', reader: 'OMNIKEY' })}\n`);
    // A line as an older, careless version might have written it.
    writeFileSync(path.join(logs, 'esr-kiosk.1.log'), `${JSON.stringify({ level: 'warn', body: { newPassword: 'Qw3rtyZx9', dateOfBirth: '1980-02-29' } })}\nplain text Bearer sess-abcdef123456\n`);
    writeFileSync(path.join(logs, 'not-a-log.txt'), 'ignored');

    const result = await createSupportBundle({
      outputFolder: path.join(root, 'out'),
      logFolder: logs,
      config: await okConfig(),
      version: '0.1.0',
      enrolled: true,
      deviceId: 'dev-42',
      hostname: 'WARD PC/7',
      now: new Date('2026-11-25T22:00:00.123Z'),
    });
    expect(path.basename(result.file)).toBe('esr-kiosk-support-WARD_PC_7-2026-11-25T220000Z.zip');
    execFileSync('unzip', ['-tq', result.file]); // integrity check; throws on a bad archive
    expect(unzipList(result.file)).toEqual(['about.json', 'effective-config.json', 'logs/esr-kiosk.1.log', 'logs/esr-kiosk.log']);

    const about = JSON.parse(unzipRead(result.file, 'about.json'));
    expect(about).toMatchObject({ version: '0.1.0', enrolled: true, deviceId: 'dev-42', hostname: 'WARD PC/7', omittedLogFiles: [] });
    const config = JSON.parse(unzipRead(result.file, 'effective-config.json'));
    expect(config.settings.gatewayUrl).toEqual({ value: 'https://esr-gateway.trust.nhs.uk', source: 'file' });
    expect(config.settings.idleTimeoutSeconds).toEqual({ value: 120, source: 'default' });
    expect(config.settings.logLevel.value).toBe('debug');

    const everything = unzipList(result.file).map((e) => unzipRead(result.file, e)).join('\n');
    for (const secret of ['Qw3rtyZx9', '1980-02-29', 'sess-abcdef123456']) expect(everything).not.toContain(secret);
    expect(unzipRead(result.file, 'logs/esr-kiosk.log')).toContain('card inserted');
  });

  it('records config problems when the configuration is bad, and works with no log folder', async () => {
    const root = tempDir();
    const bad = await loadConfig({ platform: 'linux', env: {}, readTextFile: async () => JSON.stringify({ gatewayUrl: 'http://insecure' }) });
    const result = await createSupportBundle({ outputFolder: root, logFolder: path.join(root, 'none'), config: bad, version: '0.1.0', enrolled: false });
    const config = JSON.parse(unzipRead(result.file, 'effective-config.json'));
    expect(config).toMatchObject({ ok: false, problems: [{ setting: 'gatewayUrl', source: 'file' }] });
    expect(result.logFiles).toEqual([]);
  });

  it('takes the newest logs first up to the size limit and lists the rest as left out', async () => {
    const root = tempDir();
    const logs = path.join(root, 'logs');
    mkdirSync(logs);
    const line = `${JSON.stringify({ msg: 'x'.repeat(100) })}\n`;
    ['esr-kiosk.log', 'esr-kiosk.1.log', 'esr-kiosk.2.log'].forEach((name, age) => {
      const file = path.join(logs, name);
      writeFileSync(file, line.repeat(10));
      const t = new Date(Date.now() - age * 60_000);
      utimesSync(file, t, t);
    });
    const size = readFileSync(path.join(logs, 'esr-kiosk.log')).length;
    const result = await createSupportBundle({ outputFolder: root, logFolder: logs, config: await okConfig(), version: '0.1.0', enrolled: true, maxLogBytes: size * 2 });
    expect(result.logFiles).toEqual(['esr-kiosk.log', 'esr-kiosk.1.log']);
    expect(result.omittedLogFiles).toEqual(['esr-kiosk.2.log']);
  });
});
