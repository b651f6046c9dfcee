// Stopping the card service must neither freeze Node's event loop nor leave connections open in
// pcscd. Upstream pcsclite 1.0.1 could do both (patches/pcsclite+1.0.1.patch says why): its
// close() gave up cancelling the status thread after 50 ms and then joined it on the JavaScript
// thread; its status callbacks ran with the reader's mutex held, so closing the reader from
// JavaScript called there locked it twice; and every reader's status context stayed open for the
// life of the process. Everything runs in child processes, so a frozen close() fails here on a
// deadline instead of hanging Vitest.

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PcscHarness, startPcscHarness } from '../../support/card/pcsc-harness';

let harness: PcscHarness;

beforeAll(async () => {
  harness = await startPcscHarness({ readers: 2 });
});
afterAll(async () => harness.stop());

function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

interface Rounds {
  readonly child: ChildProcess;
  /** Resolves with the milliseconds per round once the child prints "done". */
  done: Promise<number>;
  lastRound: number;
}

/** `stallMs`: how long without a progress line (one per 50 rounds) counts as frozen. */
function runRounds(rounds: number, stallMs: number): Rounds {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/card/open-close-rounds.ts', String(rounds), '2'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: process.env,
  });
  const state: Rounds = { child, lastRound: 0, done: Promise.resolve(0) };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  state.done = new Promise<number>((resolve, reject) => {
    const stalled = (): void => {
      child.kill('SIGKILL');
      reject(new Error(`the card service froze after round ${state.lastRound} of ${rounds} (no progress in ${stallMs} ms)`));
    };
    let timer = setTimeout(stalled, stallMs);
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        const round = /^round (\d+)$/.exec(line);
        if (round) {
          state.lastRound = Number(round[1]);
          clearTimeout(timer);
          timer = setTimeout(stalled, stallMs);
        }
        const done = /^done ([\d.]+)$/.exec(line);
        if (done) {
          clearTimeout(timer);
          resolve(Number(done[1]));
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`rounds child exited with ${String(code)} after round ${state.lastRound}: ${stderr.slice(-500)}`));
    });
  });
  return state;
}

async function finish(rounds: Rounds): Promise<void> {
  const exited = new Promise((resolve) => rounds.child.once('exit', resolve));
  rounds.child.stdin?.end('bye\n');
  await exited;
}

describe('closing a reader from inside its own status callback', () => {
  it('works and leaves the event loop running (upstream froze here every time)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/card/native-close-in-callback.ts', '2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    clearTimeout(timer);
    expect({ code, signal, froze: signal === 'SIGKILL' }).toEqual({ code: 0, signal: null, froze: false });
    expect(out.match(/inside its status callback/g)).toHaveLength(2);
    expect(out).toContain('event loop alive');
  }, 30_000);
});

describe('stopping the card service', () => {
  it('never freezes the event loop, even when stopped while its reader threads start (3000 rounds)', async () => {
    const rounds = runRounds(3000, 30_000);
    try {
      const msPerRound = await rounds.done;
      console.log(`card service start → readers → stop: ${msPerRound} ms per round over 3000 rounds`);
      expect(rounds.lastRound).toBe(3000);
    } finally {
      await finish(rounds).catch(() => undefined);
    }
  }, 300_000);

  it('gives every pcscd connection back: 100 rounds leave none open', async () => {
    const pid = harness.pcscdPid!;
    const before = openFds(pid);
    const rounds = runRounds(100, 30_000);
    try {
      await rounds.done;
      // The child still runs here: anything it leaked is still open in pcscd.
      const after = openFds(pid);
      console.log(`pcscd open files: ${before} before, ${after} after 100 rounds (child alive)`);
      // Upstream kept 3 per round (the service's context and each reader's status context).
      expect(after - before).toBeLessThan(10);
    } finally {
      await finish(rounds).catch(() => undefined);
    }
  }, 80_000);
});
