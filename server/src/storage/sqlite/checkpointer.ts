// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT that
// crosses the threshold (1,000 pages by default): it copies the WAL's pages into the database
// file and fsyncs it, on the gateway's only JavaScript thread. Under card-login load that was one
// 5 ms stall every ~50 logins (profiled: ~110 µs per login on average, and the p99). A worker
// thread with its own connection runs PASSIVE checkpoints instead, which never block the writer.
//
// The main connection keeps a high automatic threshold as a backstop: a PASSIVE checkpoint that
// runs while the main thread keeps writing cannot let the WAL restart from its beginning, so
// under sustained load the WAL file grows until the main connection checkpoints (by then the
// worker has copied nearly every page, so it is short) and restarts it. If the worker fails, the
// backstop alone keeps the WAL bounded and the failure is reported.
//
// The worker looks every 20 ms: each checkpoint then has little to copy, so the backstop finds
// almost nothing left. Measured under card-login load (test/bench, 2 cores): every 250 ms gave
// the same throughput but a worse p99 (32 vs 25 ms), because the backstop had more to copy on
// the event loop. An idle WAL makes the look a no-op (no page copied, no fsync).
//
// The worker is plain JavaScript evaluated from a string, so it runs the same under tsx, a
// bundler or compiled output; it loads the same better-sqlite3 the gateway uses.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The main connection's own checkpoint threshold (pages) while the worker runs. */
export const BACKSTOP_PAGES = 8000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const checkpoint = () => {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    if (workerData.report) parentPort.postMessage({ type: 'checkpoint', busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String((error && error.message) || error) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface CheckpointResult {
  /** 1 if the checkpoint could not run to completion (another connection held the lock). */
  readonly busy: number;
  /** Frames in the WAL, and how many of them are now in the database file. */
  readonly log: number;
  readonly checkpointed: number;
}

export interface BackgroundCheckpointerOptions {
  readonly file: string;
  readonly everyMs?: number;
  /** Called when the worker fails; the main connection's own checkpoints carry on. */
  readonly onError?: (error: Error) => void;
  readonly onCheckpoint?: (result: CheckpointResult) => void;
}

export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private stopped = false;

  constructor(options: BackgroundCheckpointerOptions) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, file: options.file, everyMs: options.everyMs ?? 20, report: options.onCheckpoint !== undefined },
    });
    // A checkpointer never keeps the gateway alive on its own.
    this.worker.unref();
    const fail = (error: Error): void => {
      if (!this.stopped) options.onError?.(error);
    };
    this.worker.on('message', (message: { type: string; message?: string } & CheckpointResult) => {
      if (message.type === 'checkpoint') options.onCheckpoint?.(message);
      else if (message.type === 'error') fail(new Error(`WAL checkpoint failed: ${message.message ?? ''}`));
    });
    this.worker.on('error', fail);
    this.exited = new Promise<void>((resolve) => {
      this.worker.once('exit', () => resolve());
    });
  }

  /** Runs a last checkpoint, closes the worker's connection and waits for it to end. */
  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.worker.postMessage('stop');
    }
    const timer = setTimeout(() => void this.worker.terminate(), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
