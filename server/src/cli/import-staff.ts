// `server import-staff <csv>`: loads staff records from a CSV file in one transaction. Every row
// is checked first; any problem is reported with its line number and nothing is imported.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AuditWriter } from '../audit/writer';
import { importStaffCsv } from '../staff-import/import-staff';
import { openConfiguredStorage } from '../storage/open-storage';
import { CliError, loadConfig, type CliCommand } from './common';

const MAX_BYTES = 64 * 1024 * 1024;

export const importStaffCommand: CliCommand = {
  summary: 'import staff from a CSV file (all rows or none)',
  usage: '--config <file> <staff.csv>\n\ncolumns: uuid, displayName, username, email, dateOfBirth[, status]',
  async run(argv) {
    let values: { config?: string | undefined };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({ args: [...argv], options: { config: { type: 'string', short: 'c' } }, allowPositionals: true, strict: true }));
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new CliError('name exactly one CSV file: server import-staff --config <file> <staff.csv>');
    const config = loadConfig(values.config);
    let text: string;
    try {
      const bytes = readFileSync(file);
      if (bytes.length > MAX_BYTES) throw new CliError(`${file} is larger than ${MAX_BYTES} bytes`, 65);
      text = bytes.toString('utf8');
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, 66);
    }
    const storage = await openConfiguredStorage(config);
    try {
      const result = await importStaffCsv(storage, new AuditWriter(storage, Date.now), text, Date.now());
      if (!result.ok) {
        for (const p of result.problems) process.stderr.write(`${file}:${p.line}: ${p.message}\n`);
        process.stderr.write(`nothing imported: ${result.problems.length} problem(s)\n`);
        return 65;
      }
      process.stdout.write(`imported ${result.inserted + result.updated} staff (${result.inserted} new, ${result.updated} updated)\n`);
      return 0;
    } finally {
      await storage.close();
    }
  },
};
