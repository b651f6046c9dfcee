// Does real middleware take our virtual card for a PIV card? OpenSC's PIV driver probes the
// Discovery object and the CCC, reads objects with Le = 08 first, queries the PIN with an empty
// VERIFY and signs through PKCS#11. If the card passes here, it behaves like a card, not like a
// mock shaped to our own client.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verify, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDemoCards, type DemoCard } from '../../support/card/demo-cards';
import { type PcscHarness, startPcscHarness } from '../../support/card/pcsc-harness';

const run = promisify(execFile);
const PKCS11 = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';

let harness: PcscHarness;
let cards: DemoCard[];
let dir: string;

beforeAll(async () => {
  harness = await startPcscHarness({ readers: 2 });
  cards = (await createDemoCards()).cards;
  await harness.insert(0, cards[0]!.makeCard());
  await harness.insert(1, cards[1]!.makeCard({ compressCertificate: true }));
  await new Promise((resolve) => setTimeout(resolve, 600)); // pcscd's presence poll
  dir = mkdtempSync(join(tmpdir(), 'esr-opensc-'));
  // OpenSC caches card data per user; keep it out of the way.
  process.env.OPENSC_CONF = join(dir, 'opensc.conf');
  writeFileSync(process.env.OPENSC_CONF, 'app default {\n  framework pkcs15 { use_file_caching = no; }\n}\n');
});

afterAll(async () => {
  await harness.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('OpenSC identifies a PIV card and lists its objects', async () => {
  const { stdout } = await run('pkcs15-tool', ['--reader', '0', '--dump'], { timeout: 20_000 });
  expect(stdout).toContain('Manufacturer ID: piv_II');
  expect(stdout).toContain('Private RSA Key [PIV AUTH key]');
  expect(stdout).toContain('Card Holder Unique Identifier');
  const log = harness.apduLog().map((e) => Buffer.from(e.command).toString('hex'));
  expect(log).toContain('00cb3fff035c017e00'); // Discovery object probe
  expect(log.some((c) => c.startsWith('00cb3fff055c035fc107'))).toBe(true); // CCC
});

it('OpenSC reads the gzip-compressed P-256 certificate', async () => {
  const out = join(dir, 'p256.der');
  await run('pkcs15-tool', ['--reader', '1', '--read-certificate', '01', '--output', out], { timeout: 20_000 });
  const pem = readFileSync(out, 'utf8');
  expect(new X509Certificate(pem).raw.equals(Buffer.from(cards[1]!.certificate.certificateDer))).toBe(true);
});

for (const [index, mechanism] of [[0, 'SHA256-RSA-PKCS'], [1, 'ECDSA-SHA256']] as const) {
  it(`PKCS#11 logs in with the PIN and signs with ${mechanism}; Node verifies the signature`, async () => {
    const demo = cards[index]!;
    const input = join(dir, `in-${index}`);
    const output = join(dir, `sig-${index}`);
    writeFileSync(input, 'ESR-KIOSK-CARD-LOGIN-V1\nopensc');
    await run(
      'pkcs11-tool',
      ['--module', PKCS11, '--slot-index', String(index), '--login', '--pin', demo.staff.card!.pin, '--sign',
        '--mechanism', mechanism, '--id', '01', '--input-file', input, '--output-file', output,
        ...(mechanism === 'ECDSA-SHA256' ? ['--signature-format', 'openssl'] : [])],
      { timeout: 20_000 },
    );
    const ok = verify('sha256', readFileSync(input), new X509Certificate(Buffer.from(demo.certificate.certificateDer)).publicKey, readFileSync(output));
    expect(ok).toBe(true);
  });
}

it('OpenSC sees the PIN tries left after a wrong PIN (empty VERIFY)', async () => {
  const bad = await run('pkcs11-tool', ['--module', PKCS11, '--slot-index', '0', '--login', '--pin', '000000', '--list-objects'], { timeout: 20_000 }).catch((e: unknown) => e);
  expect(String((bad as { stderr?: string }).stderr)).toContain('CKR_PIN_INCORRECT');
  expect(harness.card(0)).not.toBeNull();
  const card = harness.card(0) as unknown as { triesLeft: number };
  expect(card.triesLeft).toBe(2);
  const commands = harness.apduLog().map((e) => Buffer.from(e.command).toString('hex'));
  expect(commands.some((c) => c === '00200080' || c === '0020008000')).toBe(true);
});
