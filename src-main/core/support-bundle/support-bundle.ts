// The service desk's support bundle: one zip with the logs, the effective settings and where
// each came from (or the config problems), and what this computer is (version, enrolment).
// Zip because the service desk opens it on Windows without tools; fflate because it is
// maintained, dependency-free, works on Node 20 and streams (logs can reach hundreds of MB),
// where the tar command would not exist on a ward PC. Every log line passes through redact()
// again, so even a log written by an older version cannot leak a secret into the bundle.

import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Zip, ZipDeflate } from 'fflate';
import type { LoadConfigResult } from '../config/load-config';
import { settingSpec, isSettingKey } from '../config/settings';
import { REDACTED, redact, redactText } from '../logging/redact';

export interface SupportBundleOptions {
  /** Folder the zip is written to (created if missing). */
  readonly outputFolder: string;
  readonly logFolder: string;
  readonly config: LoadConfigResult;
  readonly version: string;
  readonly enrolled: boolean;
  readonly deviceId?: string | null;
  readonly hostname?: string;
  readonly now?: Date;
  /** Newest logs first until this many bytes; older ones are listed as left out. Default 200 MB. */
  readonly maxLogBytes?: number;
}

export interface SupportBundleResult {
  readonly file: string;
  readonly logFiles: readonly string[];
  readonly omittedLogFiles: readonly string[];
}

/** The settings as IT would want to read them, with any secret setting masked. */
export function effectiveSettings(config: LoadConfigResult): Record<string, unknown> {
  if (!config.ok) return { ok: false, configFile: config.configFile, problems: config.problems };
  const settings: Record<string, { value: unknown; source: string }> = {};
  for (const [key, value] of Object.entries(config.config)) {
    const secret = isSettingKey(key) && settingSpec(key).secret === true;
    settings[key] = { value: secret ? REDACTED : redact(value), source: config.sources[key as keyof typeof config.sources] };
  }
  return { ok: true, configFile: config.configFile, managed: config.managed, warnings: config.warnings, settings };
}

function redactLogText(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return line;
      try {
        return JSON.stringify(redact(JSON.parse(line)));
      } catch {
        return redactText(line);
      }
    })
    .join('\n');
}

async function listLogs(folder: string): Promise<{ name: string; size: number; mtime: number }[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const files = await Promise.all(
    names
      .filter((n) => n.endsWith('.log'))
      .map(async (name) => {
        const s = await stat(path.join(folder, name));
        return { name, size: s.size, mtime: s.mtimeMs, isFile: s.isFile() };
      }),
  );
  return files.filter((f) => f.isFile).sort((a, b) => b.mtime - a.mtime);
}

function timestampForFile(date: Date): string {
  return date.toISOString().replace(/[:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

export async function createSupportBundle(options: SupportBundleOptions): Promise<SupportBundleResult> {
  const now = options.now ?? new Date();
  const hostname = options.hostname ?? os.hostname();
  const safeHost = hostname.replace(/[^A-Za-z0-9-]/g, '_');
  await mkdir(options.outputFolder, { recursive: true });
  const file = path.join(options.outputFolder, `esr-kiosk-support-${safeHost}-${timestampForFile(now)}.zip`);

  const logs = await listLogs(options.logFolder);
  const limit = options.maxLogBytes ?? 200 * 1024 * 1024;
  const included: string[] = [];
  const omitted: string[] = [];
  let total = 0;
  for (const log of logs) {
    if (total + log.size <= limit) {
      included.push(log.name);
      total += log.size;
    } else {
      omitted.push(log.name);
    }
  }

  const out = createWriteStream(file, { mode: 0o600 });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      out.destroy(error); // rejects `done`
      return;
    }
    out.write(chunk);
    if (final) out.end();
  });
  const addText = (name: string, text: string): void => {
    const entry = new ZipDeflate(name, { level: 6 });
    zip.add(entry);
    entry.push(Buffer.from(text, 'utf8'), true);
  };

  addText(
    'about.json',
    `${JSON.stringify(
      {
        product: 'ESR Kiosk',
        version: options.version,
        hostname,
        platform: `${process.platform} ${os.release()} ${process.arch}`,
        createdAt: now.toISOString(),
        enrolled: options.enrolled,
        deviceId: options.deviceId ?? null,
        logFolder: options.logFolder,
        logFiles: included,
        omittedLogFiles: omitted,
      },
      null,
      2,
    )}\n`,
  );
  addText('effective-config.json', `${JSON.stringify(effectiveSettings(options.config), null, 2)}\n`);
  for (const name of included) {
    // One file at a time keeps memory to the largest log file (logMaxFileSizeMb).
    const text = await readFile(path.join(options.logFolder, name), 'utf8');
    addText(`logs/${name}`, redactLogText(text));
  }
  zip.end();
  await done;
  return { file, logFiles: included, omittedLogFiles: omitted };
}
