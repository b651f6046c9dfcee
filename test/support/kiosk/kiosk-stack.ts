// The whole kiosk on real parts, for the kiosk integration tests, the E2E run and the demo:
// a private pcscd with a vpcd reader and the demo staff's virtual cards, the real gateway on
// SQLite with the demo staff and an SMTP catcher, a switchable TCP link between kiosk and
// gateway, an enrolled device (the real enrolment code), the kiosk core built from a real
// config file by createKioskRuntime, and the browser host serving dist/renderer.
// Must run inside scripts/sandbox.sh.

import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src-main/core/config/load-config';
import { createCardService } from '../../../src-main/core/card/create-card-service';
import { MemoryCredentialStore } from '../../../src-main/core/credentials/memory-store';
import { enrollDevice } from '../../../src-main/core/device/enrollment';
import { createGatewayClient } from '../../../src-main/core/gateway/gateway-client';
import { createKioskCore, type KioskTiming } from '../../../src-main/core/kiosk/create-kiosk-core';
import type { KioskCore } from '../../../src-main/core/kiosk/kiosk-core';
import { createKioskRuntime, kioskSettingsFrom } from '../../../src-main/core/kiosk/kiosk-runtime';
import { startBrowserHost, type BrowserHost } from '../../../src-main/browser-host/browser-host';
import type { ConfigProblem, IpcEventChannel, IpcEvents } from '../../../src-main/shared/ipc-contract';
import { createDemoCards, type DemoCard } from '../card/demo-cards';
import type { TestCa } from '../pki/test-pki';
import { startPcscHarness, type PcscHarness } from '../card/pcsc-harness';
import { demoStaffRecords, seedDemoPasswords } from './demo-seed';
import { startTestGateway, type TestGateway } from '../server/gateway';
import type { GatewayConfigInput } from '../../../server/src/config';
import { SmtpCatcher } from '../smtp/smtp-catcher';
import { TcpSwitch } from './tcp-switch';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

export interface KioskStackOptions {
  /**
   * Serve the built renderer (E2E, demo). Default false. The demo passes a Unix socket and the
   * loopback origin it forwards to it from outside the sandbox.
   */
  readonly browserHost?: boolean | { readonly socketPath: string; readonly publicOrigins: readonly string[] };
  /** Base of links in the gateway's emails (the demo forwards a fixed port to the gateway). */
  readonly gatewayPublicBaseUrl?: string;
  /** Shorter idle timer for the idle-timeout flow (the setting's own floor is 30 s). */
  readonly idle?: { readonly timeoutSeconds: number; readonly warningSeconds: number };
  readonly readers?: number;
  /**
   * Start as a kiosk IT has not finished: no device enrolment, or a configuration file with bad
   * values (its problems, as the real loader reports them, shown on the config-error screen).
   */
  readonly variant?: 'not-enrolled' | 'config-error';
  /** Merged over the gateway's test config (the benchmark lifts the rate limits for 1,000 logins). */
  readonly gatewayConfig?: Partial<GatewayConfigInput>;
}

export interface KioskEventRecord {
  readonly at: number;
  readonly channel: IpcEventChannel;
  readonly payload: IpcEvents[IpcEventChannel];
}

export interface KioskStack {
  readonly gateway: TestGateway;
  readonly smtp: SmtpCatcher;
  readonly pcsc: PcscHarness;
  readonly link: TcpSwitch;
  readonly core: KioskCore;
  readonly host: BrowserHost | null;
  readonly deviceId: string;
  readonly cards: ReadonlyMap<string, DemoCard>;
  /** The CA the gateway trusts for cards (issues the demo cards). */
  readonly trustedCardCa: TestCa;
  readonly timings: { name: KioskTiming; ms: number }[];
  readonly events: KioskEventRecord[];
  /** Insert a fresh virtual card (full tries) of this demo user (username). */
  insert(username: string, reader?: number): Promise<void>;
  remove(reader?: number): Promise<void>;
  /** Session rows the gateway holds that are still live. */
  liveSessionCount(): number;
  close(): Promise<void>;
}

export async function startKioskStack(options: KioskStackOptions = {}): Promise<KioskStack> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
  };
  try {
    const { ca, cards } = await createDemoCards();
    const smtp = await SmtpCatcher.start();
    cleanups.push(() => smtp.stop());
    const gateway = await startTestGateway({
      cardTrustAnchors: [ca.certificatePem],
      staff: demoStaffRecords(),
      config: {
        mail: { smtpUrl: smtp.url, pollSeconds: 0.2, baseBackoffSeconds: 0.5 },
        ...(options.gatewayPublicBaseUrl === undefined ? {} : { publicBaseUrl: options.gatewayPublicBaseUrl }),
        ...options.gatewayConfig,
      },
    });
    cleanups.push(() => gateway.close());
    await seedDemoPasswords(gateway);

    const link = new TcpSwitch(gateway.port);
    await link.up();
    cleanups.push(() => link.down());

    const pcsc = await startPcscHarness({ readers: options.readers ?? 1 });
    cleanups.push(() => pcsc.stop());

    const dir = mkdtempSync(path.join(tmpdir(), 'esr-kiosk-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const caFile = path.join(dir, 'gateway-ca.pem');
    writeFileSync(caFile, gateway.caPem);
    const configFile = path.join(dir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        gatewayUrl: `https://localhost:${link.port}`,
        gatewayCaFile: caFile,
        gatewayTimeoutSeconds: 5,
        logFolder: path.join(dir, 'logs'),
      }),
    );
    const loaded = await loadConfig({ configFile, platform: 'linux', readPolicy: () => Promise.resolve(null) });
    if (!loaded.ok) throw new Error(`kiosk config refused: ${loaded.problems.map((p) => p.setting).join(', ')}`);

    // Enrolment exactly as IT does it: a one-time token from the gateway CLI code, the kiosk's
    // own enrolDevice posting through the gateway client.
    const credentials = new MemoryCredentialStore();
    let deviceId = '';
    if (options.variant !== 'not-enrolled') {
      const enroller = createGatewayClient({ baseUrl: loaded.config.gatewayUrl, ca: loaded.gatewayCaPem, identity: () => null });
      ({ deviceId } = await enrollDevice({
        token: await gateway.createEnrollmentToken('e2e'),
        store: credentials,
        hostname: 'ward-7-kiosk',
        postEnroll: (body) => enroller.enroll(body),
      }));
      enroller.close();
    }
    let configProblems: ConfigProblem[] = [];
    if (options.variant === 'config-error') {
      const badFile = path.join(dir, 'bad-config.json');
      writeFileSync(badFile, JSON.stringify({ gatewayUrl: 'http://esr-gateway.example', idleTimeoutSeconds: 5, language: 'fr' }));
      const bad = await loadConfig({ configFile: badFile, platform: 'linux', readPolicy: () => Promise.resolve(null) });
      if (bad.ok) throw new Error('the bad config was accepted');
      configProblems = [...bad.problems];
    }

    const timings: { name: KioskTiming; ms: number }[] = [];
    const cardService = createCardService({ readerFilter: loaded.config.readerNameFilter });
    const runtime = await createKioskRuntime({
      loaded,
      credentials,
      cards: cardService,
      version: 'test',
      onTiming: (name, ms) => timings.push({ name, ms }),
    });
    let core: KioskCore = runtime.core;
    if (options.idle || configProblems.length > 0) {
      // Same core, same gateway client; only the idle setting is below the policy floor.
      core = createKioskCore({
        version: 'test',
        settings: {
          ...kioskSettingsFrom(loaded),
          ...(options.idle
            ? { idleTimeoutSeconds: options.idle.timeoutSeconds, idleWarningSeconds: options.idle.warningSeconds }
            : {}),
        },
        configProblems,
        cards: cardService,
        gateway: runtime.gateway,
        deviceId: () => runtime.deviceId,
        onTiming: (name, ms) => timings.push({ name, ms }),
      });
    }
    const events: KioskEventRecord[] = [];
    core.subscribe((channel, payload) => events.push({ at: performance.now(), channel, payload }));
    await core.start();
    cleanups.push(async () => {
      await core.dispose();
      runtime.gateway.close();
    });

    let host: BrowserHost | null = null;
    if (options.browserHost) {
      const rendererDir = path.join(REPO_ROOT, 'dist/renderer');
      host = await startBrowserHost(
        options.browserHost === true ? { core, rendererDir } : { core, rendererDir, ...options.browserHost },
      );
      const h = host;
      cleanups.push(() => h.close());
    }

    const byUser = new Map(cards.map((c) => [c.staff.username, c]));
    return {
      gateway,
      smtp,
      pcsc,
      link,
      core,
      host,
      deviceId,
      cards: byUser,
      trustedCardCa: ca,
      timings,
      events,
      async insert(username, reader = 0) {
        const card = byUser.get(username);
        if (!card) throw new Error(`no demo card for ${username}`);
        await pcsc.insert(reader, card.makeCard());
      },
      remove: (reader = 0) => pcsc.remove(reader),
      liveSessionCount: () => liveSessions(gateway),
      close: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** Read straight from the gateway's SQLite file (WAL: a reader sees every committed write). */
function liveSessions(gateway: TestGateway): number {
  const db = new Database(gateway.config.databaseFile, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE revoked_at IS NULL').get() as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}
