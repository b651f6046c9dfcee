// Child process for test/integration/card/pcsclite-close.test.ts: starts and stops the card
// service `rounds` times against the harness's pcscd, stopping each one as soon as the readers
// appear (the moment pcsclite's status threads are still starting). It runs apart from the test
// so that a close() which blocks the event loop fails that test instead of freezing Vitest.
// Prints "round N" as it goes and "done <ms per round>" at the end, then waits for a line on
// stdin before exiting, so the test can count pcscd's connections while this process lives.
//   node --import tsx test/support/card/open-close-rounds.ts <rounds> <readers>

import { once } from 'node:events';
import { createCardService } from '../../../src-main/core/card/create-card-service';

async function main(rounds: number, readers: number): Promise<void> {
  const started = performance.now();
  for (let round = 1; round <= rounds; round++) {
    const service = createCardService();
    let seen = 0;
    const ready = new Promise<void>((resolve) => {
      service.subscribe((event) => {
        if (event.type === 'reader-added' && ++seen === readers) resolve();
      });
    });
    service.start();
    await ready;
    await service.stop();
    if (round % 50 === 0) process.stdout.write(`round ${round}\n`);
  }
  process.stdout.write(`done ${((performance.now() - started) / rounds).toFixed(2)}\n`);
  process.stdin.resume();
  await once(process.stdin, 'data');
}

main(Number(process.argv[2] ?? '100'), Number(process.argv[3] ?? '2')).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
