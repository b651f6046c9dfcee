// Killing the gateway (SIGKILL, a child process) in the middle of completing a password reset
// leaves either the old password or the new one, never neither: the token, the new hash, the
// ended sessions and the notice commit in one SQLite transaction.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync, statSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { fileURLToPath } from 'node:url';
import { ROUTES } from '../../../src-main/shared/gateway-api';
import { hashPassword, verifyPassword } from '../../../server/src/passwords/argon2';
import { newRecoveryToken } from '../../../server/src/recovery/recovery-tokens';
import { openSqliteStorage } from '../../../server/src/storage/sqlite/sqlite-storage';
import { writeTestGatewayFiles, type TestGatewayFiles } from '../../support/server/gateway';
import { SmtpCatcher } from '../../support/smtp/smtp-catcher';
import { person } from './accounts-fixture';

const CHILD = fileURLToPath(new URL('./reset-crash-child.ts', import.meta.url));
const alex = person('23412345');

let files: TestGatewayFiles;
let smtp: SmtpCatcher;

beforeAll(async () => {
  smtp = await SmtpCatcher.start();
  files = await writeTestGatewayFiles({ config: { mail: { smtpUrl: smtp.url, pollSeconds: 0.05 } } });
  const storage = openSqliteStorage({ file: files.dbFile });
  await storage.staff.upsert({ id: alex.id, displayName: alex.displayName, username: alex.username, email: alex.email, dateOfBirth: alex.dateOfBirth, status: 'active' }, Date.now());
  await storage.passwords.add(alex.id, await hashPassword('Ward7Blue'), Date.now(), 5);
  await storage.close();
});

afterAll(async () => {
  await smtp.stop();
  rmSync(files.dir, { recursive: true, force: true });
});

async function startChild(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, files.configFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('gateway child did not start')), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LISTENING (\d+)/u.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`gateway child exited early (${code})`)));
  });
  return { child, port };
}

/** Sends the completion and resolves with the status, or null when the connection died. */
function sendComplete(port: number, token: string, newPassword: string): Promise<number | null> {
  const body = JSON.stringify({ token, newPassword });
  return new Promise((resolve) => {
    const req = httpsRequest(
      { host: '127.0.0.1', servername: 'localhost', port, path: ROUTES.recoveryPasswordComplete, method: 'POST', ca: files.caPem, agent: false, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(null));
      },
    );
    req.on('error', () => resolve(null));
    req.on('socket', (socket) => socket.on('error', () => resolve(null)));
    req.end(body);
  });
}

async function freshToken(): Promise<string> {
  const storage = openSqliteStorage({ file: files.dbFile });
  const { token, tokenHash } = newRecoveryToken();
  await storage.recoveryTokens.insert({ tokenHash, staffId: alex.id, createdAt: Date.now(), expiresAt: Date.now() + 3600_000 });
  await storage.close();
  return token;
}

function walSize(): number {
  try {
    return statSync(`${files.dbFile}-wal`).size;
  } catch {
    return 0;
  }
}

/** Resolves as soon as the WAL file grows (the commit is being written), or after `limitMs`. */
async function waitForWalGrowth(limitMs: number): Promise<boolean> {
  const before = walSize();
  const deadline = performance.now() + limitMs;
  // A tight poll, bounded in time: the commit's frames land within a millisecond.
  while (performance.now() < deadline) {
    if (walSize() !== before) return true;
    await new Promise<void>((r) => setImmediate(r));
  }
  return false;
}

/** Which of the two passwords is current now, and whether the token was used. */
async function inspect(token: string, oldPassword: string, newPassword: string) {
  const storage = openSqliteStorage({ file: files.dbFile });
  try {
    const current = (await storage.passwords.recent(alex.id, 1))[0];
    const usable = await storage.recoveryTokens.findUsable((await import('../../../server/src/recovery/recovery-tokens')).hashRecoveryToken(token), Date.now());
    return {
      isOld: current !== undefined && (await verifyPassword(current.hash, oldPassword)),
      isNew: current !== undefined && (await verifyPassword(current.hash, newPassword)),
      tokenUsed: usable === null,
    };
  } finally {
    await storage.close();
  }
}

describe('a reset interrupted by SIGKILL', () => {
  it('leaves the old or the new password, never neither, with the token used exactly when the new one won', async () => {
    // Measure an uninterrupted completion first, to spread the kill points over it.
    let current = 'Ward7Blue';
    const first = await startChild();
    const token0 = await freshToken();
    const started = performance.now();
    expect(await sendComplete(first.port, token0, 'Harbor0Mist')).toBe(204);
    const fullMs = performance.now() - started;
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    expect(await inspect(token0, current, 'Harbor0Mist')).toEqual({ isOld: false, isNew: true, tokenUsed: true });
    current = 'Harbor0Mist';

    const outcomes: string[] = [];
    /** `kill` waits for the moment to kill and returns a note for the log. */
    const round = async (label: string, next: string, kill: () => Promise<string>) => {
      const token = await freshToken();
      const { child, port } = await startChild();
      const answer = sendComplete(port, token, next);
      const note = await kill();
      child.kill('SIGKILL');
      await once(child, 'exit');
      const status = await answer;
      const state = await inspect(token, current, next);
      expect(state.isOld || state.isNew, `${label}: neither password works`).toBe(true);
      expect(state.isOld && state.isNew).toBe(false);
      expect(state.tokenUsed).toBe(state.isNew);
      if (status === 204) expect(state.isNew).toBe(true);
      outcomes.push(`${label}${note}:${state.isNew ? 'new' : 'old'}${status === null ? '' : `(${status})`}`);
      if (state.isNew) current = next;
    };
    // Kill points spread over the request...
    const TIMED = 6;
    for (let i = 0; i < TIMED; i++) {
      const killAfter = fullMs * (0.5 + (0.6 * i) / (TIMED - 1));
      await round(`${killAfter.toFixed(0)}ms`, `Harbor${i}Mist${String.fromCharCode(66 + i)}`, () => new Promise((r) => setTimeout(() => r(''), killAfter)));
    }
    // ...and the moment the commit starts reaching the WAL file.
    for (let i = 0; i < 4; i++) {
      await round(`wal${i}`, `Anchor${i}Rock${String.fromCharCode(72 + i)}`, async () => ((await waitForWalGrowth(Math.max(3000, fullMs * 10))) ? '' : '(no-wal-growth)'));
    }
    console.log(`reset crash: full completion ${fullMs.toFixed(0)} ms; kill points ${outcomes.join(' ')}`);
  }, 120_000);
});
