// `server enrollment-token`: a one-time token IT types into a kiosk to enroll it. Shown once;
// only its hash is stored.

import { AuditWriter } from '../audit/writer';
import { createEnrollmentToken } from '../device/enrollment';
import { openConfiguredStorage } from '../storage/open-storage';
import { CONFIG_OPTION, CliError, loadConfig, parse, type CliCommand } from './common';

export const enrollmentTokenCommand: CliCommand = {
  summary: 'make a one-time device enrollment token (printed once)',
  usage: '--config <file> [--label <text>] [--ttl-hours <n>] [--json]',
  async run(argv) {
    const v = parse(argv, {
      ...CONFIG_OPTION,
      label: { type: 'string' },
      'ttl-hours': { type: 'string' },
      json: { type: 'boolean' },
    });
    const config = loadConfig(v.config);
    const ttlHours = v['ttl-hours'] === undefined ? config.enrollmentTokenTtlHours : Number(v['ttl-hours']);
    if (!(ttlHours > 0 && ttlHours <= 24 * 30)) throw new CliError('--ttl-hours must be between 0 and 720');
    const label = v.label ?? 'kiosk';
    if (label.length > 100) throw new CliError('--label is at most 100 characters');
    const storage = await openConfiguredStorage(config);
    try {
      const issued = await createEnrollmentToken(storage, new AuditWriter(storage, Date.now), {
        label,
        ttlMs: ttlHours * 3600_000,
        now: Date.now(),
      });
      const expiresAt = new Date(issued.expiresAt).toISOString();
      process.stdout.write(
        v.json === true
          ? `${JSON.stringify({ token: issued.token, tokenId: issued.id, expiresAt })}\n`
          : `${issued.token}\n(one use, expires ${expiresAt}; label "${label}")\n`,
      );
    } finally {
      await storage.close();
    }
    return 0;
  },
};
