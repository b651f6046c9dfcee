// Starts the real gateway for tests: HTTPS on a random loopback port, a temporary SQLite file,
// a fresh development CA and server certificate (made by the same code as `server init`), the
// card trust anchors you pass, and every log line captured. Shared by the gateway, accounts and
// kiosk tests. Nothing is mocked; the clock can be moved forward to expire things.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { buildApp, type Clock, type MailHook } from '../../../server/src/app';
import { loadConfigFile, type GatewayConfig, type GatewayConfigInput, type StaffMapping } from '../../../server/src/config';
import { createDevCa, issueServerCertificate } from '../../../server/src/pki/certificates';
import type { Storage } from '../../../server/src/storage/storage';
import { openSqliteStorage } from '../../../server/src/storage/sqlite/sqlite-storage';
import type { NewStaff } from '../../../server/src/storage/types';
import { GatewayTestClient, type TestDevice } from './client';

/** A clock that follows real time plus an offset the test can move. */
export class TestClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface TestGatewayFiles {
  readonly dir: string;
  readonly configFile: string;
  readonly caPem: string;
  readonly dbFile: string;
}

export interface TestGatewayOptions {
  /** PEM certificates of the card CAs to trust (e.g. testCa.certificatePem). */
  readonly cardTrustAnchors?: readonly string[];
  readonly cardIntermediates?: readonly string[];
  /** PEM or DER CRL. */
  readonly crl?: string | Uint8Array;
  readonly staffMapping?: StaffMapping;
  /** Merged over the generated config (e.g. rateLimits, sessions, mail). */
  readonly config?: Partial<GatewayConfigInput>;
  readonly staff?: readonly NewStaff[];
  readonly plugins?: readonly FastifyPluginAsync[];
  readonly mailer?: MailHook;
  readonly port?: number;
}

/**
 * Writes a complete gateway folder (TLS CA + certificate, card anchors, config.json) without
 * starting anything: for tests that run `server/cli.ts serve --config <configFile>` as a child.
 */
export async function writeTestGatewayFiles(options: TestGatewayOptions = {}, dir = mkdtempSync(join(tmpdir(), 'esr-gw-'))): Promise<TestGatewayFiles> {
  const now = new Date();
  const ca = await createDevCa({ commonName: 'ESR Gateway Test TLS CA', now, days: 2 });
  const server = await issueServerCertificate(ca, { hostnames: ['localhost'], ips: ['127.0.0.1'], now, days: 2 });
  writeFileSync(join(dir, 'tls-ca.pem'), ca.certPem);
  writeFileSync(join(dir, 'tls-cert.pem'), server.certPem);
  writeFileSync(join(dir, 'tls-key.pem'), server.keyPem, { mode: 0o600 });
  const anchors = options.cardTrustAnchors ?? [];
  const anchorFiles = anchors.map((pem, i) => {
    writeFileSync(join(dir, `card-ca-${i}.pem`), pem);
    return `card-ca-${i}.pem`;
  });
  const intermediateFiles = (options.cardIntermediates ?? []).map((pem, i) => {
    writeFileSync(join(dir, `card-int-${i}.pem`), pem);
    return `card-int-${i}.pem`;
  });
  let crlFile: string | undefined;
  if (options.crl !== undefined) {
    crlFile = 'card.crl';
    writeFileSync(join(dir, crlFile), options.crl);
  }
  const config: GatewayConfigInput = {
    listen: { host: '127.0.0.1', port: options.port ?? 0 },
    tls: { certFile: 'tls-cert.pem', keyFile: 'tls-key.pem' },
    databaseFile: 'gateway.sqlite',
    publicBaseUrl: 'https://localhost:8443',
    logLevel: 'info',
    ...options.config,
    cardTrust: {
      anchorFiles,
      intermediateFiles,
      ...(crlFile === undefined ? {} : { crlFile }),
      ...(options.staffMapping === undefined ? {} : { staffMapping: options.staffMapping }),
      ...options.config?.cardTrust,
    },
  };
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  return { dir, configFile, caPem: ca.certPem, dbFile: join(dir, 'gateway.sqlite') };
}

export interface TestGateway extends TestGatewayFiles {
  readonly app: FastifyInstance;
  readonly storage: Storage;
  readonly config: GatewayConfig;
  readonly clock: TestClock;
  /** Every log line the gateway wrote (JSON text). */
  readonly logs: string[];
  readonly url: string;
  readonly port: number;
  /** A client that trusts this gateway's TLS CA; pass a device to sign requests. */
  client(device?: TestDevice): GatewayTestClient;
  /** Makes a one-time enrollment token as the CLI does, and returns it. */
  createEnrollmentToken(label?: string): Promise<string>;
  /** Enrolls a fresh P-256 device key over HTTPS. */
  enrollDevice(hostname?: string): Promise<TestDevice>;
  addStaff(staff: readonly NewStaff[]): Promise<void>;
  close(): Promise<void>;
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const files = await writeTestGatewayFiles(options);
  const config = loadConfigFile(files.configFile);
  const clock = new TestClock();
  const logs: string[] = [];
  const storage = openSqliteStorage({ file: config.databaseFile, now: () => clock.now() });
  const app = await buildApp({
    config,
    storage,
    clock,
    logDestination: { write: (line: string) => void logs.push(line) },
    ...(options.mailer === undefined ? {} : { mailer: options.mailer }),
    ...(options.plugins === undefined ? {} : { plugins: options.plugins }),
  });
  await app.listen({ host: '127.0.0.1', port: config.listen.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `https://localhost:${port}`;
  const clients: GatewayTestClient[] = [];
  const gateway: TestGateway = {
    ...files,
    app,
    storage,
    config,
    clock,
    logs,
    url,
    port,
    client(device) {
      const client = new GatewayTestClient({ port, caPem: files.caPem, device, now: () => clock.now() });
      clients.push(client);
      return client;
    },
    async createEnrollmentToken(label = 'test') {
      const { createEnrollmentToken } = await import('../../../server/src/device/enrollment');
      const issued = await createEnrollmentToken(storage, app.gateway.audit, {
        label,
        ttlMs: config.enrollmentTokenTtlHours * 3600_000,
        now: clock.now(),
      });
      return issued.token;
    },
    async enrollDevice(hostname = 'ward-7-kiosk') {
      const token = await gateway.createEnrollmentToken();
      const client = gateway.client();
      return client.enroll(token, hostname);
    },
    async addStaff(staff) {
      for (const s of staff) await storage.staff.upsert(s, clock.now());
    },
    async close() {
      for (const c of clients) c.close();
      await app.close();
      rmSync(files.dir, { recursive: true, force: true });
    },
  };
  if (options.staff !== undefined) await gateway.addStaff(options.staff);
  return gateway;
}
