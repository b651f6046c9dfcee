// A private pcscd with vpcd virtual readers, for integration tests, the E2E run and the demo.
//
//   const h = await startPcscHarness({ readers: 2 });
//   await h.insert(0, card); ...; await h.remove(0); await h.restartPcscd(); await h.stop();
//
// It must run inside scripts/sandbox.sh (private network + mount namespaces): pcscd always
// listens on /run/pcscd/pcscd.comm (DESIGN.md 3), which the sandbox makes a private tmpfs, and
// loopback there has TCP quick-ACK so an APDU costs ~1 ms instead of 40-140 ms. The sandbox sets
// ESR_SANDBOX=1 and PCSCLITE_CSOCK_NAME; the harness refuses to run without them rather than
// touch the machine's own pcscd.

import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApduLogEntry } from './piv-card';
import { type VpcdCard, VpcdConnection } from './vpcd-client';

export const PCSCD_SOCKET_DIR = '/run/pcscd';
export const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';

export interface PcscHarnessOptions {
  /**
   * How many virtual readers: 1 or 2. vpcd makes two readers (ports P and P+1) per reader.conf
   * entry, and a second entry does not add more: the driver keeps its sockets in one static
   * array indexed by slot, so entry B's slot 0 silently takes over entry A's (measured here).
   */
  readonly readers?: number;
  /** Reader name prefix: the readers are "<prefix> A 00 00" and "<prefix> A 00 01". */
  readonly friendlyName?: string;
  /** First vpcd port (random in the private namespace when absent). */
  readonly basePort?: number;
  /** Write pcscd's debug output to this file. */
  readonly pcscdLogFile?: string;
  /** Milliseconds to wait for pcscd to come up. */
  readonly startTimeoutMs?: number;
}

/** A card the harness can insert: the VirtualPivCard, or any object that talks vpcd. */
export type HarnessCard = VpcdCard & { readonly log?: ApduLogEntry[] };

export interface HarnessReader {
  readonly name: string;
  readonly port: number;
}

export interface PcscHarness {
  readonly readers: readonly HarnessReader[];
  readonly readerNames: readonly string[];
  readonly socketPath: string;
  /** Insert `card` into reader `index` (connect it to vpcd). */
  insert(index: number, card: HarnessCard): Promise<void>;
  /** Pull the card out of reader `index`; resolves after pcscd's next presence poll (~0.5 s). */
  remove(index: number): Promise<void>;
  card(index: number): HarnessCard | null;
  /** Kill pcscd (SIGKILL by default, like a crash; 'SIGTERM' for an orderly stop). */
  stopPcscd(signal?: NodeJS.Signals): Promise<void>;
  /** Start pcscd again and put back every card that was inserted. */
  startPcscd(): Promise<void>;
  restartPcscd(signal?: NodeJS.Signals): Promise<void>;
  readonly pcscdRunning: boolean;
  /** The running pcscd's process id (to count its open connections), or null. */
  readonly pcscdPid: number | null;
  /** Every APDU the cards in the harness received, in order, with the reader index. */
  apduLog(): readonly (ApduLogEntry & { readonly reader: number })[];
  clearApduLog(): void;
  stop(): Promise<void>;
}

export function assertInSandbox(): void {
  if (process.env.ESR_SANDBOX !== '1') {
    throw new Error(
      'The PC/SC harness runs a private pcscd and must run inside scripts/sandbox.sh ' +
        '(e.g. `bash scripts/sandbox.sh npx vitest run --project integration test/integration/card`).',
    );
  }
}

function listeningPorts(): Set<number> {
  const ports = new Set<number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      if (cols[3] !== '0A' || !local) continue; // 0A = LISTEN
      ports.add(parseInt(local.split(':')[1] ?? '0', 16));
    }
  }
  return ports;
}

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export async function startPcscHarness(options: PcscHarnessOptions = {}): Promise<PcscHarness> {
  assertInSandbox();
  const wanted = options.readers ?? 2;
  if (wanted < 1 || wanted > 2) {
    throw new Error('vpcd gives one pcscd at most 2 working readers (see PcscHarnessOptions.readers)');
  }
  const entries = 1;
  const prefix = options.friendlyName ?? 'ESR Virtual Reader';
  const basePort = options.basePort ?? 20000 + 2 * Math.floor(Math.random() * 10000);
  const startTimeout = options.startTimeoutMs ?? 10_000;
  const configDir = mkdtempSync(join(tmpdir(), 'esr-reader-conf-'));
  const readers: HarnessReader[] = [];
  const conf: string[] = [];
  for (let i = 0; i < entries; i++) {
    const port = basePort + 2 * i;
    const friendly = `${prefix} ${String.fromCharCode(65 + i)}`;
    // vpcd: DEVICENAME /dev/null:<port>, two readers on port and port + 1 (DESIGN.md 3).
    conf.push(`FRIENDLYNAME "${friendly}"`, `DEVICENAME   /dev/null:${port}`, `LIBPATH      ${VPCD_DRIVER}`, `CHANNELID    ${port}`, '');
    readers.push({ name: `${friendly} 00 00`, port }, { name: `${friendly} 00 01`, port: port + 1 });
  }
  writeFileSync(join(configDir, 'vpcd'), conf.join('\n'));

  const socketPath = process.env.PCSCLITE_CSOCK_NAME ?? join(PCSCD_SOCKET_DIR, 'pcscd.comm');
  const inserted = new Map<number, { card: HarnessCard; connection: VpcdConnection }>();
  const cards = new Map<number, HarnessCard>();
  const logs: (ApduLogEntry & { reader: number })[] = [];
  const logStart = new Map<HarnessCard, number>();
  // pcscd polls vpcd for presence every 400 ms (PCSCLITE_STATUS_POLL_RATE): a card put back
  // sooner after a removal would look to pcscd as if it had never left.
  const removedAt = new Map<number, number>();
  const POLL_GAP_MS = 500;
  let pcscd: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const readerAt = (index: number): HarnessReader => {
    const r = readers[index];
    if (!r) throw new Error(`no reader ${index} (harness has ${readers.length})`);
    return r;
  };

  /** Move a card's new log entries into the harness log (with its reader index). */
  const collect = (index: number, card: HarnessCard): void => {
    if (!card.log) return;
    const from = logStart.get(card) ?? 0;
    for (const entry of card.log.slice(from)) logs.push({ ...entry, reader: index });
    logStart.set(card, card.log.length);
  };

  async function startPcscd(): Promise<void> {
    if (pcscd) return;
    // A killed pcscd leaves its socket and pid file; nobody else uses this private folder.
    for (const f of ['pcscd.comm', 'pcscd.pid']) {
      const p = join(PCSCD_SOCKET_DIR, f);
      if (existsSync(p)) unlinkSync(p);
    }
    const args = ['--foreground', '--config', configDir];
    if (options.pcscdLogFile) args.push('--debug', '--apdu');
    const child = spawn('pcscd', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    if (options.pcscdLogFile) {
      const out = createWriteStream(options.pcscdLogFile, { flags: 'a' });
      child.stdout.pipe(out);
      child.stderr.pipe(out);
    } else {
      child.stdout.resume();
      child.stderr.resume();
    }
    pcscd = child;
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void exited.then(() => {
      if (pcscd === child) pcscd = null;
    });
    const ports = readers.map((r) => r.port);
    await waitFor(
      'pcscd socket and vpcd ports',
      () => {
        if (pcscd !== child) throw new Error('pcscd exited during start');
        if (!existsSync(socketPath)) return false;
        const listening = listeningPorts();
        return ports.every((p) => listening.has(p));
      },
      startTimeout,
    );
    // Cards that were in the readers go back in (the daemon restarted, the cards did not move).
    for (const [index, card] of cards) await connectCard(index, card);
  }

  async function connectCard(index: number, card: HarnessCard): Promise<void> {
    const connection = await VpcdConnection.connect(card, readerAt(index).port);
    inserted.set(index, { card, connection });
    void connection.closed.then(() => {
      collect(index, card);
      if (inserted.get(index)?.connection === connection) inserted.delete(index);
    });
  }

  async function stopPcscd(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = pcscd;
    if (!child) return;
    child.kill(signal);
    await exited;
    pcscd = null;
    // The card side notices the closed connections; wait for it so the state is settled.
    await Promise.all([...inserted.values()].map((i) => i.connection.closed));
  }

  await startPcscd();

  const harness: PcscHarness = {
    readers,
    readerNames: readers.map((r) => r.name),
    socketPath,
    get pcscdPid() {
      return pcscd?.pid ?? null;
    },
    get pcscdRunning() {
      return pcscd !== null;
    },
    async insert(index, card) {
      readerAt(index);
      if (cards.has(index)) throw new Error(`reader ${index} already holds a card`);
      const wait = (removedAt.get(index) ?? 0) + POLL_GAP_MS - performance.now();
      if (wait > 0) await sleep(wait);
      cards.set(index, card);
      if (!logStart.has(card)) logStart.set(card, card.log?.length ?? 0);
      if (pcscd) await connectCard(index, card);
    },
    async remove(index) {
      const card = cards.get(index);
      cards.delete(index);
      const entry = inserted.get(index);
      if (entry) await entry.connection.close();
      removedAt.set(index, performance.now());
      // Resolve once pcscd has polled the reader, so the next step sees the card gone.
      if (entry && pcscd) await sleep(POLL_GAP_MS);
      if (card) collect(index, card);
    },
    card(index) {
      return cards.get(index) ?? null;
    },
    stopPcscd,
    startPcscd,
    async restartPcscd(signal) {
      await stopPcscd(signal);
      await startPcscd();
    },
    apduLog() {
      for (const [index, card] of cards) collect(index, card);
      return [...logs];
    },
    clearApduLog() {
      for (const [index, card] of cards) collect(index, card);
      logs.length = 0;
    },
    async stop() {
      for (const index of [...cards.keys()]) await harness.remove(index);
      await stopPcscd('SIGTERM');
      rmSync(configDir, { recursive: true, force: true });
      for (const f of readdirSync(PCSCD_SOCKET_DIR)) rmSync(join(PCSCD_SOCKET_DIR, f), { force: true, recursive: true });
    },
  };
  return harness;
}
