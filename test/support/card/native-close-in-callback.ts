// Child process for test/integration/card/pcsclite-close.test.ts: closes each reader from inside
// its own status callback, which upstream pcsclite 1.0.1 cannot survive (the callback runs with
// the reader's mutex held and close() locks it again: Node freezes). Talks to pcsclite directly
// because what is tested is the patched native module itself.
//   node --import tsx test/support/card/native-close-in-callback.ts <readers>

import pcsclite from 'pcsclite';

const wanted = Number(process.argv[2] ?? '2');
const pcsc = pcsclite();
let closed = 0;
pcsc.on('error', () => undefined);
pcsc.on('reader', (reader) => {
  reader.on('error', () => undefined);
  reader.once('status', () => {
    reader.close();
    closed++;
    process.stdout.write(`closed ${reader.name} inside its status callback\n`);
    if (closed === wanted) {
      pcsc.close();
      // A timer firing afterwards shows the event loop is still alive.
      setTimeout(() => {
        process.stdout.write('event loop alive\n');
        process.exit(0);
      }, 10);
    }
  });
});
