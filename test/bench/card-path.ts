// Card path and renderer benchmark on real parts (inside scripts/sandbox.sh): the private pcscd
// with the vpcd reader and our virtual PIV card, the real gateway (SQLite), the kiosk core
// built by the real runtime, the browser host, and Debian's Chromium. Beside our figures, the
// same card work done by OpenSC's tools on the same virtual card, APDUs counted from its log.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { createIpcDispatcher } from '../../src-main/core/kiosk/ipc-dispatch';
import type { SessionStateName } from '../../src-main/shared/ipc-contract';
import type { ApduLogEntry, VirtualPivCard } from '../support/card/piv-card';
import { startKioskStack, type KioskStack } from '../support/kiosk/kiosk-stack';
import { percentile, round } from './lib';

const ALEX = { username: '23412345', pin: '123456' };
const OPENSC_MODULE = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface ApduFigures {
  apdus: number;
  bytes: number;
  /** INS byte of each command, in order (hex), to show what the work was. */
  instructions: string;
}

export interface CardFigures {
  logins: number;
  /** Wall time of the login loop. */
  loopSeconds: number;
  insertToPin: { p50: number; p95: number; samples: number };
  pinToUsername: { p50: number; p95: number; samples: number };
  firstLogin: ApduFigures;
  laterLogin: ApduFigures;
  opensc: {
    readCertificate: ApduFigures & { ms: number };
    loginAndSign: ApduFigures & { ms: number };
    version: string;
  } | { error: string };
  memory: { atRest: MemoryFigures; afterWarmUp: MemoryFigures; warmUpLogins: number; afterLogins: MemoryFigures };
  chromium: { firstScreenMs: { p50: number; max: number; samples: number }; firstContentfulPaintMs: number; version: string } | { error: string };
}

export interface MemoryFigures {
  rssMiB: number;
  heapUsedMiB: number;
}

function memory(): MemoryFigures {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rssMiB: round(m.rss / 2 ** 20, 1), heapUsedMiB: round(m.heapUsed / 2 ** 20, 1) };
}

function apduFigures(log: readonly ApduLogEntry[]): ApduFigures {
  return {
    apdus: log.length,
    bytes: log.reduce((n, e) => n + e.command.length + e.response.length, 0),
    instructions: log.map((e) => (e.command[1] ?? 0).toString(16).padStart(2, '0')).join(' '),
  };
}

async function waitForState(stack: KioskStack, name: SessionStateName, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await stack.core.handlers['session:get-state'](null);
    if (r.ok && r.value.name === name) return;
    if (Date.now() > deadline) throw new Error(`state ${r.ok ? r.value.name : '?'} never became ${name}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * One login with the same card object each time, as one member of staff would: a fresh card
 * per login would also be kept by the harness's per-card log offsets (a Map that never forgets
 * a card) and show up as growth that is not the kiosk's. The card's own log is emptied after the
 * figures are taken.
 */
async function oneLogin(stack: KioskStack, ipc: ReturnType<typeof createIpcDispatcher>, card: VirtualPivCard): Promise<readonly ApduLogEntry[]> {
  stack.pcsc.clearApduLog();
  await stack.pcsc.insert(0, card);
  await waitForState(stack, 'pin-entry');
  const verified = await ipc('card:verify-pin', { pin: ALEX.pin });
  if (!verified.ok) throw new Error(`PIN refused: ${verified.error.code}`);
  await waitForState(stack, 'signed-in');
  const log = stack.pcsc.apduLog();
  await stack.remove(0);
  await waitForState(stack, 'waiting-for-card');
  return log;
}

function alexCard(stack: KioskStack): VirtualPivCard {
  const demo = stack.cards.get(ALEX.username);
  if (demo === undefined) throw new Error('no demo card for Alex');
  return demo.makeCard();
}

const execFileAsync = promisify(execFile);

/**
 * Runs an OpenSC tool against the inserted card; returns its wall time. Asynchronously: the
 * virtual card answers from this process's event loop. The PIN goes as an argument, never printed.
 */
async function runTool(tool: string, args: readonly string[]): Promise<number> {
  const start = performance.now();
  await execFileAsync(tool, [...args], { timeout: 30_000 });
  return round(performance.now() - start, 0);
}

async function openscReference(stack: KioskStack): Promise<CardFigures['opensc']> {
  const dir = mkdtempSync(join(tmpdir(), 'esr-opensc-'));
  try {
    const version = (await execFileAsync('opensc-tool', ['--info'])).stdout.split('\n')[0] ?? '';
    writeFileSync(join(dir, 'data'), 'ESR-KIOSK-CARD-LOGIN-V1\nbench\n');
    await stack.insert(ALEX.username);
    await waitForState(stack, 'pin-entry');
    // The kiosk holds no card transaction while it waits for the PIN: OpenSC can use the card.
    stack.pcsc.clearApduLog();
    const readMs = await runTool('pkcs15-tool', ['--read-certificate', '01', '--output', join(dir, 'cert.pem')]);
    const readLog = stack.pcsc.apduLog();
    stack.pcsc.clearApduLog();
    const signMs = await runTool('pkcs11-tool', [
      '--module', OPENSC_MODULE, '--login', '--pin', ALEX.pin, '--sign', '--id', '01', '--mechanism', 'SHA256-RSA-PKCS',
      '--input-file', join(dir, 'data'), '--output-file', join(dir, 'sig'),
    ]);
    const signLog = stack.pcsc.apduLog();
    await ipc0(stack)('card:cancel', null).catch(() => undefined);
    await stack.remove(0);
    await waitForState(stack, 'waiting-for-card');
    return { readCertificate: { ...apduFigures(readLog), ms: readMs }, loginAndSign: { ...apduFigures(signLog), ms: signMs }, version };
  } catch (error) {
    if (stack.pcsc.card(0) !== null) await stack.remove(0);
    return { error: (error as Error).message.split('\n')[0] ?? 'failed' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ipc0(stack: KioskStack) {
  return createIpcDispatcher(stack.core.handlers);
}

async function chromiumFirstScreen(url: string): Promise<CardFigures['chromium']> {
  const profile = mkdtempSync(join(tmpdir(), 'esr-bench-chromium-'));
  try {
    const browser = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS, headless: true });
    try {
      const times: number[] = [];
      let fcp = NaN;
      for (let i = 0; i < 6; i++) {
        const page = await browser.newPage();
        const start = performance.now();
        await page.goto(url);
        await page.getByRole('heading', { level: 1, name: 'Insert your smart card' }).waitFor({ state: 'visible' });
        const ms = performance.now() - start;
        if (i > 0) times.push(ms); // the first load also starts the browser's own machinery
        if (i === 1) {
          fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
        }
        await page.close();
      }
      return {
        firstScreenMs: { p50: round(percentile(times, 50), 0), max: round(Math.max(...times), 0), samples: times.length },
        firstContentfulPaintMs: round(fcp, 0),
        version: browser.browser()?.version() ?? 'chromium',
      };
    } finally {
      await browser.close();
    }
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0] ?? 'failed' };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function runCardBench(log: (line: string) => void, logins: number): Promise<CardFigures> {
  // 1,000 logins in a minute or two would trip the gateway's per-device and per-address limits.
  const unlimited = { max: 1_000_000, windowSeconds: 60 };
  const stack = await startKioskStack({
    browserHost: true,
    gatewayConfig: { logLevel: 'warn', rateLimits: { perAddress: unlimited, perDevice: unlimited, perAccount: unlimited } },
  });
  try {
    const ipc = createIpcDispatcher(stack.core.handlers);
    await waitForState(stack, 'waiting-for-card');
    log('card: Chromium first screen');
    const chromiumFigures = await chromiumFirstScreen(stack.host!.url);
    const atRest = memory();
    log(`card: ${logins} logins`);
    const insert: number[] = [];
    const pin: number[] = [];
    // The test stack records every event, timing and gateway log line for the tests; empty
    // those records as we go so the memory figures show the kiosk, not the harness's lists.
    const drainHarnessRecords = (): void => {
      for (const t of stack.timings) (t.name === 'insert-to-pin-entry' ? insert : t.name === 'pin-submit-to-signed-in' ? pin : []).push(t.ms);
      stack.timings.length = 0;
      stack.events.length = 0;
      stack.gateway.logs.length = 0;
    };
    const card = alexCard(stack);
    const firstLog = await oneLogin(stack, ipc, card);
    let laterLog: readonly ApduLogEntry[] = firstLog;
    let warm = atRest;
    const warmUp = Math.min(50, Math.floor(logins / 4));
    const started = Date.now();
    for (let i = 1; i < logins; i++) {
      const entries = await oneLogin(stack, ipc, card);
      drainHarnessRecords();
      if (i === 1) laterLog = entries;
      // After the second login no more APDU figures are needed: keep the card's log empty.
      if (i >= 1) card.clearLog();
      if (i === warmUp) warm = memory();
      if (i % 200 === 0) log(`  ${i} logins, ${Math.round((Date.now() - started) / 1000)} s`);
    }
    drainHarnessRecords();
    const loopSeconds = round((Date.now() - started) / 1000, 0);
    const afterLogins = memory();
    log('card: OpenSC reference');
    const opensc = await openscReference(stack);
    return {
      logins,
      loopSeconds,
      insertToPin: { p50: round(percentile(insert, 50)), p95: round(percentile(insert, 95)), samples: insert.length },
      pinToUsername: { p50: round(percentile(pin, 50)), p95: round(percentile(pin, 95)), samples: pin.length },
      firstLogin: apduFigures(firstLog),
      laterLogin: apduFigures(laterLog),
      opensc,
      memory: { atRest, afterWarmUp: warm, warmUpLogins: warmUp, afterLogins },
      chromium: chromiumFigures,
    };
  } finally {
    await stack.close();
  }
}
