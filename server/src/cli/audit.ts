// `server audit`: prints the append-only audit log, or exports it as CSV or JSON lines.

import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { exportAudit, type AuditFormat } from '../audit/export';
import { openConfiguredStorage } from '../storage/open-storage';
import { CONFIG_OPTION, CliError, loadConfig, parse, type CliCommand } from './common';

function time(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new CliError(`--${name} must be a date or time (ISO 8601, e.g. 2026-11-25 or 2026-11-25T22:00:00Z)`);
  return ms;
}

export const auditCommand: CliCommand = {
  summary: 'print the audit log, or export it as CSV or JSON',
  usage: '--config <file> [--format table|csv|json] [--since <iso>] [--until <iso>] [--output <file>]',
  async run(argv) {
    const v = parse(argv, {
      ...CONFIG_OPTION,
      format: { type: 'string', short: 'f' },
      since: { type: 'string' },
      until: { type: 'string' },
      output: { type: 'string', short: 'o' },
    });
    const format = (v.format ?? 'table') as AuditFormat;
    if (!['table', 'csv', 'json'].includes(format)) throw new CliError('--format is table, csv or json');
    const since = time(v.since, 'since');
    const until = time(v.until, 'until');
    const config = loadConfig(v.config);
    const storage = await openConfiguredStorage(config);
    let out: WriteStream | undefined;
    try {
      if (v.output !== undefined) {
        out = createWriteStream(v.output, { flags: 'wx', mode: 0o600 });
        await once(out, 'open');
      }
      const sink = out ?? process.stdout;
      const write = async (chunk: string): Promise<void> => {
        if (!sink.write(chunk)) await once(sink, 'drain');
      };
      const count = await exportAudit(storage.audit, format, write, {
        ...(since === undefined ? {} : { since }),
        ...(until === undefined ? {} : { until }),
      });
      if (out !== undefined) {
        out.end();
        await once(out, 'finish');
        process.stderr.write(`${count} audit record(s) written to ${v.output ?? ''}\n`);
      }
      return 0;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${v.output ?? ''} exists; choose a new file`, 73);
      throw error;
    } finally {
      await storage.close();
    }
  },
};
