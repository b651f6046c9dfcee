// `npm run bench`: every figure of issue 8 in one run, printed and written to
// docs/benchmarks.md with the machine described. Runs inside scripts/sandbox.sh (the npm
// script wraps it): the card path needs the private pcscd, and every socket is loopback.
// Bounded: about 5 minutes on 2 cores. Options: --logins N (default 1000), --seconds S (per
// gateway load phase, default 8), --no-write (print only).

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
  const { values } = parseArgs({ options: { logins: { type: 'string' }, seconds: { type: 'string' }, 'no-write': { type: 'boolean' } } });
  if (process.env.ESR_SANDBOX !== '1') {
    throw new Error('run the benchmark with `npm run bench` (it needs scripts/sandbox.sh for the private pcscd)');
  }
  const logins = Number(values.logins ?? '1000');
  const seconds = Number(values.seconds ?? '8');
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
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

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${String((error as Error).stack ?? error)}\n`);
  process.exitCode = 1;
});
