// `server devices`: list enrolled kiosks, or revoke one (a lost, stolen or retired computer).
// Revoking refuses every further request the device signs, so its open sessions (bound to it)
// can no longer be used either.

import { AuditWriter } from '../audit/writer';
import { openSqliteStorage } from '../storage/sqlite/sqlite-storage';
import { CONFIG_OPTION, CliError, loadConfig, parse, type CliCommand } from './common';

export const devicesCommand: CliCommand = {
  summary: 'list enrolled devices, or revoke one (--revoke <deviceId>)',
  usage: '--config <file> [--revoke <deviceId>] [--json]',
  async run(argv) {
    const v = parse(argv, { ...CONFIG_OPTION, revoke: { type: 'string' }, json: { type: 'boolean' } });
    const config = loadConfig(v.config);
    const storage = openSqliteStorage({ file: config.databaseFile });
    try {
      if (v.revoke !== undefined) {
        const deviceId = v.revoke;
        const now = Date.now();
        await storage.transaction(async (repos) => {
          const device = await repos.devices.findById(deviceId);
          if (device === null) throw new CliError(`no device ${deviceId}`, 1);
          if (!(await repos.devices.revoke(deviceId, now))) throw new CliError(`device ${deviceId} is already revoked`, 1);
          await new AuditWriter(repos, () => now).record(
            { event: 'device-revoke', outcome: 'success', deviceId, details: { hostname: device.hostname } },
            repos,
          );
        });
        process.stdout.write(`revoked ${deviceId}\n`);
        return 0;
      }
      const devices = await storage.devices.list();
      if (v.json === true) {
        process.stdout.write(`${JSON.stringify(devices)}\n`);
      } else {
        for (const d of devices) {
          const state = d.revokedAt === null ? 'enrolled' : `revoked ${new Date(d.revokedAt).toISOString()}`;
          const seen = d.lastSeenAt === null ? 'never' : new Date(d.lastSeenAt).toISOString();
          process.stdout.write(`${d.id}  ${d.hostname.padEnd(24)} ${state.padEnd(34)} last seen ${seen}\n`);
        }
        if (devices.length === 0) process.stdout.write('no devices enrolled\n');
      }
      return 0;
    } finally {
      await storage.close();
    }
  },
};
