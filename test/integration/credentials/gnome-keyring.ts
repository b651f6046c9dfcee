// Starts a private, unlocked gnome-keyring (Secret Service) on the current D-Bus session bus,
// with its keyring files in a temporary folder, for tests of the real keytar store.
// Needs a session bus: run under scripts/sandbox.sh (or `dbus-run-session -- …`).

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunningKeyring {
  readonly dataDir: string;
  stop(): Promise<void>;
}

export async function startUnlockedKeyring(): Promise<RunningKeyring> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error('No D-Bus session bus: run inside scripts/sandbox.sh or `dbus-run-session -- npx vitest …`');
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'esr-keyring-'));
  const runtimeDir = path.join(dataDir, 'run');
  mkdirSync(runtimeDir, { mode: 0o700 });
  const child: ChildProcess = spawn(
    'gnome-keyring-daemon',
    ['--foreground', '--replace', '--unlock', '--components=secrets'],
    {
      env: { ...process.env, XDG_DATA_HOME: path.join(dataDir, 'data'), XDG_RUNTIME_DIR: runtimeDir },
      stdio: ['pipe', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // --unlock reads the new login keyring's password from stdin.
  child.stdin?.end('test');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  await waitForSecretService(child, () => stderr);
  return {
    dataDir,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitForSecretService(child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gnome-keyring-daemon exited ${child.exitCode}: ${stderr()}`);
    const owned = await new Promise<boolean>((resolve) => {
      const probe = spawn('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets']);
      let out = '';
      probe.stdout.on('data', (c: Buffer) => (out += c.toString()));
      probe.on('exit', () => resolve(out.includes('boolean true')));
    });
    if (owned) return;
    if (Date.now() > deadline) throw new Error(`Secret Service did not appear on the bus: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
