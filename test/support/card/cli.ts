// Virtual smart cards on a private pcscd, by hand (demo, debugging, OpenSC checks).
// Run inside the sandbox:
//   bash scripts/sandbox.sh npx tsx test/support/card/cli.ts [--readers N] [--insert USERNAME[@READER]]...
//        [--ca-out FILE] [--exec "shell command"]
// Without --exec it reads commands on stdin: insert <username> [reader], remove [reader],
// readers, log, quit. With --exec it runs the command with the cards inserted, then exits
// with its status. PINs come from test/fixtures/demo-staff.json (demo values only).

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createDemoCards } from './demo-cards';
import { startPcscHarness } from './pcsc-harness';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase().replace(/(..)/g, '$1 ').trim();
}

async function main(argv: string[]): Promise<number> {
  let readers = 2;
  const inserts: string[] = [];
  let caOut: string | null = null;
  let exec: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a ?? ''} needs a value`);
      return v;
    };
    if (a === '--readers') readers = Number(next());
    else if (a === '--insert') inserts.push(next());
    else if (a === '--ca-out') caOut = next();
    else if (a === '--exec') exec = next();
    else throw new Error(`unknown argument ${a ?? ''}`);
  }
  const { ca, cards } = await createDemoCards();
  if (caOut) writeFileSync(caOut, ca.certificatePem);
  const harness = await startPcscHarness({ readers });
  const insert = async (spec: string): Promise<void> => {
    const [who = '', readerText] = spec.split('@');
    const demo = cards.find((c) => c.staff.username === who || c.staff.uuid === who);
    if (!demo) throw new Error(`no demo card for ${who}`);
    const reader = readerText === undefined ? 0 : Number(readerText);
    await harness.insert(reader, demo.makeCard());
    console.log(`inserted ${demo.staff.displayName}'s card into "${harness.readerNames[reader] ?? '?'}"`);
  };
  for (const spec of inserts) await insert(spec);
  console.log(`readers: ${harness.readerNames.join(' | ')}`);
  if (exec !== null) {
    // Async: the cards answer APDUs on this process's event loop.
    const child = spawn('bash', ['-c', exec], { stdio: 'inherit' });
    const status = await new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
    await harness.stop();
    return status;
  }
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    const [cmd, ...args] = line.trim().split(/\s+/);
    try {
      if (cmd === 'insert') await insert(`${args[0] ?? ''}@${args[1] ?? '0'}`);
      else if (cmd === 'remove') await harness.remove(Number(args[0] ?? 0));
      else if (cmd === 'readers') console.log(harness.readerNames.join('\n'));
      else if (cmd === 'log') for (const e of harness.apduLog()) console.log(`[${e.reader}] > ${hex(e.command)}\n    < ${hex(e.response)}`);
      else if (cmd === 'restart-pcscd') await harness.restartPcscd();
      else if (cmd === 'quit') break;
      else if (cmd) console.log('commands: insert <username> [reader] | remove [reader] | readers | log | restart-pcscd | quit');
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
    }
  }
  await harness.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
