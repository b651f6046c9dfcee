// Gateway instances sharing one PostgreSQL database, as a region runs them behind a load
// balancer: each its own Fastify app, pool, rate-limit store user and outbox worker, with the
// same config, TLS certificate and card trust. For the two-instance tests and the benchmark.

import type { FastifyInstance } from 'fastify';
import { rmSync } from 'node:fs';
import { buildApp, type MailHook } from '../../../server/src/app';
import { loadConfigFile, type GatewayConfig, type GatewayConfigInput } from '../../../server/src/config';
import { createEnrollmentToken } from '../../../server/src/device/enrollment';
import { openConfiguredStorage } from '../../../server/src/storage/open-storage';
import type { Storage } from '../../../server/src/storage/storage';
import { GatewayTestClient, type TestDevice } from '../server/client';
import { TestClock, writeTestGatewayFiles } from '../server/gateway';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface GatewayInstance {
  readonly name: string;
  readonly app: FastifyInstance;
  readonly storage: Storage;
  readonly port: number;
  readonly logs: string[];
  client(device?: TestDevice): GatewayTestClient;
}

export interface GatewayPair {
  readonly database: TestDatabase;
  readonly config: GatewayConfig;
  readonly caPem: string;
  readonly clock: TestClock;
  readonly instances: readonly GatewayInstance[];
  /** Enrolls a fresh device key at instance `at`, with a token made through its storage. */
  enrollDevice(at?: number): Promise<TestDevice>;
  close(): Promise<void>;
}

export interface GatewayPairOptions {
  readonly count?: number;
  readonly cardTrustAnchors?: readonly string[];
  readonly config?: Partial<GatewayConfigInput>;
  readonly mailer?: MailHook;
  /** Keep log lines (default true); the benchmark turns them off. */
  readonly captureLogs?: boolean;
}

export async function startGatewayInstances(options: GatewayPairOptions = {}): Promise<GatewayPair> {
  const database = await createTestDatabase('esr_scale');
  const files = await writeTestGatewayFiles({
    ...(options.cardTrustAnchors === undefined ? {} : { cardTrustAnchors: options.cardTrustAnchors }),
    config: { ...options.config, storage: { kind: 'postgres', url: database.url, poolMax: 10 } },
  });
  const config = loadConfigFile(files.configFile);
  const clock = new TestClock();
  const instances: GatewayInstance[] = [];
  const clients: GatewayTestClient[] = [];
  try {
    for (let i = 0; i < (options.count ?? 2); i++) {
      const logs: string[] = [];
      const storage = await openConfiguredStorage(config, () => clock.now());
      const app = await buildApp({
        config,
        storage,
        clock,
        logDestination: {
          write: (line: string) => {
            if (options.captureLogs !== false) logs.push(line);
          },
        },
        ...(options.mailer === undefined ? {} : { mailer: options.mailer }),
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      instances.push({
        name: String.fromCharCode(65 + i),
        app,
        storage,
        port,
        logs,
        client(device) {
          const client = new GatewayTestClient({ port, caPem: files.caPem, device, now: () => clock.now() });
          clients.push(client);
          return client;
        },
      });
    }
  } catch (error) {
    for (const instance of instances) await instance.app.close();
    await database.drop();
    throw error;
  }
  return {
    database,
    config,
    caPem: files.caPem,
    clock,
    instances,
    async enrollDevice(at = 0) {
      const instance = instances[at];
      if (instance === undefined) throw new Error(`no instance ${at}`);
      const issued = await createEnrollmentToken(instance.storage, instance.app.gateway.audit, { label: 'scale test', ttlMs: 3600_000, now: clock.now() });
      return instance.client().enroll(issued.token, `ward-kiosk-${at}`);
    },
    async close() {
      for (const c of clients) c.close();
      for (const instance of instances) await instance.app.close();
      await database.drop();
      rmSync(files.dir, { recursive: true, force: true });
    },
  };
}
