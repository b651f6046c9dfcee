// `server devices`: list enrolled kiosks, or revoke one (a lost, stolen or retired computer).
// Revoking refuses every further request the device signs, and ends its open sessions in the
// same transaction (they could not be used anyway; now the database says so too).

import { AuditWriter } from '../audit/writer';
import { openConfiguredStorage } from '../storage/open-storage';
import { CONFIG_OPTION, CliError, loadConfig, parse, type CliCommand } from './common';

export const devicesCommand: CliCommand = {
  summary: 'list enrolled devices, or revoke one (--revoke <deviceId>)',
  usage: '--config <file> [--revoke <deviceId>] [--json]',
  async run(argv) {
    const v = parse(argv, { ...CONFIG_OPTION, revoke: { type: 'string' }, json: { type: 'boolean' } });
    const config = loadConfig(v.config);
    const storage = await openConfiguredStorage(config);
    try {
      if (v.revoke !== undefined) {
        const deviceId = v.revoke;
        const now = Date.now();
        const sessionsEnded = await storage.transaction(async (repos) => {
          const device = await repos.devices.findById(deviceId);
          if (device === null) throw new CliError(`no device ${deviceId}`, 1);
          if (!(await repos.devices.revoke(deviceId, now))) throw new CliError(`device ${deviceId} is already revoked`, 1);
          const ended = await repos.sessions.revokeAllForDevice(deviceId, now, 'device-revoked');
          await new AuditWriter(repos, () => now).record(
            { event: 'device-revoke', outcome: 'success', deviceId, details: { hostname: device.hostname, sessionsEnded: ended } },
            repos,
          );
          return ended;
        });
        process.stdout.write(`revoked ${deviceId} (open sessions ended: ${sessionsEnded})\n`);
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
