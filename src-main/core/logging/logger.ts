// Structured JSON-line logs (pino) in rotated files: one folder, `esr-kiosk.log` plus up to
// maxFiles older ones (`esr-kiosk.1.log` newest), rotated by size. rotating-file-stream is a
// plain Writable in this process: no pino transport worker thread, which would have to be
// unpacked from the asar and is one more thing to break in a packaged Electron app.

import { mkdirSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import type { LogLevel } from '../config/settings';
import { redact, redactText } from './redact';

export const LOG_FILE_NAME = 'esr-kiosk.log';

export interface KioskLogOptions {
  readonly folder: string;
  readonly level: LogLevel;
  readonly maxFileSizeMb: number;
  readonly maxFiles: number;
  /** Fields on every line, e.g. { version, deviceId }. Never a secret. */
  readonly base?: Record<string, unknown>;
}

export interface KioskLog {
  readonly logger: Logger;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** `esr-kiosk.log` for the live file, `esr-kiosk.<n>.log` for the n-th older one. */
export function logFileName(index?: number): string {
  return index === undefined || index === 0 ? LOG_FILE_NAME : `esr-kiosk.${index}.log`;
}

/** Options shared by the file logger and tests that log to memory. */
export function kioskLoggerOptions(level: LogLevel, base: Record<string, unknown> = {}): pino.LoggerOptions {
  return {
    level,
    base: { app: 'esr-kiosk', pid: process.pid, ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    formatters: {
      level: (label) => ({ level: label }),
      // Every object logged passes through redact(): secrets at any depth never reach the file.
      log: (object) => redact(object) as Record<string, unknown>,
    },
    hooks: {
      // Messages are text we write, but a message built from an error may carry a bearer token.
      logMethod(args, method) {
        const redacted = args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>;
        method.apply(this, redacted);
      },
      // Last line of defence: pino skips formatters for a child logger's bound fields, so each
      // finished line is redacted once more as a whole. A kiosk logs a few lines a minute.
      streamWrite(line) {
        try {
          return `${JSON.stringify(redact(JSON.parse(line)))}\n`;
        } catch {
          return redactText(line);
        }
      },
    },
    serializers: { err: (e: unknown) => redact(e) },
  };
}

export function createKioskLog(options: KioskLogOptions): KioskLog {
  mkdirSync(options.folder, { recursive: true });
  // With `rotate` (classical rotation) the generator gets the file's index as its first
  // argument (null for the live file), not a time.
  const stream: RotatingFileStream = createStream((indexOrTime) => logFileName(typeof indexOrTime === 'number' ? indexOrTime : 0), {
    path: options.folder,
    size: `${Math.max(1024, Math.round(options.maxFileSizeMb * 1024 * 1024))}B`,
    rotate: options.maxFiles,
    mode: 0o640,
  });
  const logger = pino(kioskLoggerOptions(options.level, options.base), stream);
  return {
    logger,
    close: () =>
      new Promise<void>((resolve) => {
        stream.end(() => resolve());
      }),
  };
}
