// `npm run bench`: every figure of issue 8 in one run, printed and written to
// docs/benchmarks.md with the machine described. Runs inside scripts/sandbox.sh (the npm
// script wraps it): the card path needs the private pcscd, and every socket is loopback.
// Bounded: about 14 minutes (mostly pcscd polling the virtual reader). Options: --logins N
// (default 1000), --seconds S (per gateway load phase, default 8), --no-write (print only),
// --only gateway (every gateway phase, ~1.5 min) or --only card-logins (the SQLite card-login
// phase alone, ~20 s): these print their figures and never write docs/benchmarks.md;
// --rounds N repeats an --only part N times (the machine is shared: look at the spread).

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCardBench, type CardFigures } from './card-path';
import { runGatewayBench, type GatewayFigures } from './gateway';
import { REPO_ROOT, round } from './lib';
import { measureRenderer, type RendererSizes } from './renderer-size';
import { renderReport, type Machine } from './report';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      logins: { type: 'string' },
      seconds: { type: 'string' },
      'no-write': { type: 'boolean' },
      only: { type: 'string' },
      rounds: { type: 'string' },
    },
  });
  if (process.env.ESR_SANDBOX !== '1') {
    throw new Error('run the benchmark with `npm run bench` (it needs scripts/sandbox.sh for the private pcscd)');
  }
  const logins = Number(values.logins ?? '1000');
  const seconds = Number(values.seconds ?? '8');
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  if (values.only !== undefined) {
    await runOnly(values.only, seconds, Number(values.rounds ?? '1'), log);
    // Something the phases load keeps a handle open; the figures are out, so do not wait on it.
    process.exit(0);
  }
  const startedAt = new Date();
  const loadBefore = loadavg().map((l) => round(l, 2));

  log('renderer: vite build and gzip sizes');
  const renderer: RendererSizes = await measureRenderer(true);
  const card: CardFigures = await runCardBench(log, logins);
  const gateway: GatewayFigures = await runGatewayBench(log, seconds);

  const machine: Machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    freeMemoryGiB: round(freemem() / 2 ** 30, 1),
    node: process.version,
    postgres: execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim(),
    kernel: execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim(),
    loadBefore,
    loadAfter: loadavg().map((l) => round(l, 2)),
    startedAt: startedAt.toISOString(),
    minutes: round((Date.now() - startedAt.getTime()) / 60_000, 1),
    command: `npm run bench${logins === 1000 && seconds === 8 ? '' : ` -- --logins ${logins} --seconds ${seconds}`}`,
  };
  const report = renderReport({ machine, renderer, card, gateway });
  process.stdout.write(`${report}\n`);
  if (values['no-write'] !== true) {
    writeFileSync(join(REPO_ROOT, 'docs/benchmarks.md'), report);
    log('written: docs/benchmarks.md');
  }
}

/** One part of the gateway bench, printed only (docs/benchmarks.md holds whole runs). */
async function runOnly(part: string, seconds: number, rounds: number, log: (line: string) => void): Promise<void> {
  if (part !== 'gateway' && part !== 'card-logins') throw new Error(`--only: expected gateway or card-logins, not ${part}`);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10) throw new Error('--rounds: 1 to 10');
  for (let round_ = 1; round_ <= rounds; round_++) {
    const loadBefore = loadavg().map((l) => round(l, 2));
    const figures = await runGatewayBench(log, seconds, part === 'card-logins');
    const sq = figures.cardLogin.sqlite;
    const summary = {
      round: round_,
      part,
      at: new Date().toISOString(),
      loadBefore,
      loadAfter: loadavg().map((l) => round(l, 2)),
      cardLoginsSqlite: sq,
      goalMet: sq.perSecond >= 1000 && sq.p99 < 50,
      ...(part === 'gateway' ? { figures } : {}),
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${String((error as Error).stack ?? error)}\n`);
  process.exitCode = 1;
});
