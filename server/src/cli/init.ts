// `server init`: a ready-to-run gateway folder for development and the demo: a development CA
// and the gateway's TLS certificate (signed by it), config.json, and the migrated database.
// Production: put the trust's own certificate and key in config.tls instead.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { GatewayConfigInput } from '../config';
import { createDevCa, issueServerCertificate } from '../pki/certificates';
import { openSqliteStorage } from '../storage/sqlite/sqlite-storage';
import { CliError, parse, type CliCommand } from './common';

export interface InitOptions {
  readonly dir: string;
  readonly hostnames: readonly string[];
  readonly ips: readonly string[];
  readonly port: number;
  readonly force: boolean;
  readonly now?: Date;
}

export interface InitResult {
  readonly configFile: string;
  readonly caFile: string;
}

export async function initGateway(options: InitOptions): Promise<InitResult> {
  const dir = resolve(options.dir);
  const configFile = join(dir, 'config.json');
  if (existsSync(configFile) && !options.force) {
    throw new CliError(`${configFile} exists; pass --force to replace the certificates and config (the database is kept)`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const now = options.now ?? new Date();
  const ca = await createDevCa({ commonName: 'ESR Gateway Development CA', now, days: 825 });
  const server = await issueServerCertificate(ca, { hostnames: options.hostnames, ips: options.ips, now, days: 397 });
  writeFileSync(join(dir, 'tls-ca.pem'), ca.certPem);
  writeFileSync(join(dir, 'tls-ca-key.pem'), ca.keyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'tls-cert.pem'), `${server.certPem}\n${ca.certPem}`);
  writeFileSync(join(dir, 'tls-key.pem'), server.keyPem, { mode: 0o600 });
  const config: GatewayConfigInput = {
    listen: { host: '127.0.0.1', port: options.port },
    tls: { certFile: 'tls-cert.pem', keyFile: 'tls-key.pem' },
    databaseFile: 'gateway.sqlite',
    publicBaseUrl: `https://${options.hostnames[0] ?? 'localhost'}:${options.port}`,
    cardTrust: { anchorFiles: [], intermediateFiles: [], staffMapping: { from: 'subjectSerialNumber' } },
    sessions: { idleSeconds: 600, absoluteSeconds: 1800 },
    challengeTtlSeconds: 60,
    enrollmentTokenTtlHours: 24,
    logLevel: 'info',
  };
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const storage = openSqliteStorage({ file: join(dir, 'gateway.sqlite') });
  await storage.close();
  return { configFile, caFile: join(dir, 'tls-ca.pem') };
}

export const initCommand: CliCommand = {
  summary: 'create a development CA, the TLS certificate, config.json and the database',
  usage: '--dir <folder> [--hostname <name>]... [--ip <address>]... [--port 8443] [--force]',
  async run(argv) {
    const v = parse(argv, {
      dir: { type: 'string', short: 'd' },
      hostname: { type: 'string', multiple: true },
      ip: { type: 'string', multiple: true },
      port: { type: 'string' },
      force: { type: 'boolean' },
    });
    if (v.dir === undefined) throw new CliError('init needs --dir <folder>');
    const port = Number(v.port ?? '8443');
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('--port must be 0-65535');
    const result = await initGateway({
      dir: v.dir,
      hostnames: v.hostname ?? ['localhost'],
      ips: v.ip ?? ['127.0.0.1', '::1'],
      port,
      force: v.force ?? false,
    });
    process.stdout.write(
      `gateway initialised\n  config: ${result.configFile}\n  TLS CA for kiosks to trust: ${result.caFile}\n` +
        `next: server seed-demo --config ${result.configFile} --card-ca <card CA pem>, then server serve --config ${result.configFile}\n`,
    );
    return 0;
  },
};
