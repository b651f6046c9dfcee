import { describe, expect, it, vi } from 'vitest';
import { createIpcDispatcher } from '../../../src-main/core/kiosk/ipc-dispatch';
import type { IpcHandlers, KioskEventListener } from '../../../src-main/core/kiosk/kiosk-core';
import { createSenderCheck, forwardKioskEvents, registerIpc } from '../../../src-main/electron/ipc-bridge';
import { IPC_REQUEST_CHANNELS } from '../../../src-main/shared/ipc-contract';
import { APP_MAIN_FRAME, FakeIpcMain, FakeWebContents, frame } from './fakes';

const INVALID = { ok: false, error: { code: 'INVALID_REQUEST' } };

describe('createSenderCheck', () => {
  const trusted = createSenderCheck();

  it('trusts the top frame of app://kiosk', () => {
    expect(trusted({ senderFrame: APP_MAIN_FRAME } as never)).toBe(true);
    expect(trusted({ senderFrame: frame('app://kiosk/index.html#pin') } as never)).toBe(true);
  });

  it.each([
    ['a subframe of our page', frame('app://kiosk/index.html', APP_MAIN_FRAME)],
    ['a remote page', frame('https://evil.example/')],
    ['another app:// host', frame('app://evil/index.html')],
    ['a file:// page', frame('file:///opt/esr-kiosk/index.html')],
    ['about:blank', frame('about:blank')],
    ['a data: URL', frame('data:text/html,<p>x</p>')],
    ['a frame claiming our URL with another origin', { url: 'app://kiosk/index.html', origin: 'https://evil.example', parent: null }],
    ['a frame that is gone', null],
  ])('refuses %s', (_name, senderFrame) => {
    expect(trusted({ senderFrame } as never)).toBe(false);
  });
});

function recordingHandlers() {
  const calls: [string, unknown][] = [];
  const handlers = Object.fromEntries(
    IPC_REQUEST_CHANNELS.map((c) => [c, async (request: unknown) => {
      calls.push([c, request]);
      return { ok: true, value: null };
    }]),
  ) as unknown as IpcHandlers;
  return { handlers, calls };
}

describe('registerIpc', () => {
  function setup() {
    const ipcMain = new FakeIpcMain();
    const { handlers, calls } = recordingHandlers();
    const registration = registerIpc(ipcMain, createIpcDispatcher(handlers), createSenderCheck());
    return { ipcMain, calls, registration };
  }

  it('handles exactly the contract request channels', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...IPC_REQUEST_CHANNELS].sort());
  });

  it('dispatches a valid request from our main frame', async () => {
    const { ipcMain, calls } = setup();
    expect(await ipcMain.invoke('card:verify-pin', APP_MAIN_FRAME, { pin: '123456' })).toEqual({ ok: true, value: null });
    expect(calls).toEqual([['card:verify-pin', { pin: '123456' }]]);
  });

  it('refuses an untrusted sender before the payload is even parsed', async () => {
    const { ipcMain, calls } = setup();
    const dispatch = vi.fn();
    const other = new FakeIpcMain();
    registerIpc(other, dispatch, createSenderCheck());
    expect(await other.invoke('session:sign-out', frame('https://evil.example/'), null)).toEqual(INVALID);
    expect(await other.invoke('session:sign-out', frame('app://kiosk/', APP_MAIN_FRAME), null)).toEqual(INVALID);
    expect(dispatch).not.toHaveBeenCalled();
    expect(await ipcMain.invoke('session:sign-out', null, null)).toEqual(INVALID);
    expect(calls).toEqual([]);
  });

  it('validates the payload through the shared dispatcher', async () => {
    const { ipcMain, calls } = setup();
    expect(await ipcMain.invoke('card:verify-pin', APP_MAIN_FRAME, { pin: '12' })).toEqual(INVALID);
    expect(await ipcMain.invoke('card:verify-pin', APP_MAIN_FRAME)).toEqual(INVALID);
    expect(calls).toEqual([]);
  });

  it('forwards only the first argument', async () => {
    const { ipcMain, calls } = setup();
    await ipcMain.invoke('session:sign-out', APP_MAIN_FRAME, null, { smuggled: true });
    expect(calls).toEqual([['session:sign-out', null]]);
  });

  it('removes every handler on dispose', () => {
    const { ipcMain, registration } = setup();
    registration.dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('forwardKioskEvents', () => {
  it('sends each core event on its own channel until unsubscribed or destroyed', () => {
    let listener: KioskEventListener | undefined;
    const unsubscribe = vi.fn();
    const core = {
      subscribe: (l: KioskEventListener) => {
        listener = l;
        return unsubscribe;
      },
    };
    const contents = new FakeWebContents();
    const stop = forwardKioskEvents(core, contents);
    listener?.('session:ended', { reason: 'card-removed' });
    contents.destroyed = true;
    listener?.('session:idle-warning', { secondsLeft: 10 });
    expect(contents.sent).toEqual([['session:ended', { reason: 'card-removed' }]]);
    stop();
    expect(unsubscribe).toHaveBeenCalledOnce();
  });
});
