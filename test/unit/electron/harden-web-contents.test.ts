import { describe, expect, it, vi } from 'vitest';
import {
  hardenSession,
  hardenWebContents,
  isBlockedShortcut,
  type BlockedAction,
} from '../../../src-main/electron/harden-web-contents';
import { FakeSession, FakeWebContents, fakeEvent } from './fakes';

function hardened(dev = false) {
  const contents = new FakeWebContents();
  const blocked: BlockedAction[] = [];
  hardenWebContents(contents as never, { dev, onBlocked: (b) => blocked.push(b) });
  return { contents, blocked };
}

const key = (k: string, mods: Partial<Record<'control' | 'meta' | 'shift' | 'alt', boolean>> = {}) => ({
  type: 'keyDown',
  key: k,
  control: false,
  meta: false,
  shift: false,
  alt: false,
  ...mods,
});

describe('hardenWebContents', () => {
  it('denies will-navigate', () => {
    const { contents, blocked } = hardened();
    const event = fakeEvent();
    contents.emit('will-navigate', event, 'https://evil.example/');
    expect(event.defaultPrevented()).toBe(true);
    expect(blocked).toEqual([{ kind: 'navigation', event: 'will-navigate', url: 'https://evil.example/' }]);
  });

  it('denies will-frame-navigate (subframes too)', () => {
    const { contents } = hardened();
    const event = fakeEvent({ url: 'https://evil.example/frame' });
    contents.emit('will-frame-navigate', event);
    expect(event.defaultPrevented()).toBe(true);
  });

  it('denies will-redirect', () => {
    const { contents } = hardened();
    const event = fakeEvent();
    contents.emit('will-redirect', event, 'https://evil.example/');
    expect(event.defaultPrevented()).toBe(true);
  });

  it('denies even same-origin navigation: the renderer is a single page', () => {
    const { contents } = hardened();
    const event = fakeEvent();
    contents.emit('will-navigate', event, 'app://kiosk/other.html');
    expect(event.defaultPrevented()).toBe(true);
  });

  it('denies every new window', () => {
    const { contents } = hardened();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://kiosk/index.html' })).toEqual({ action: 'deny' });
  });

  it('prevents webview attachment', () => {
    const { contents } = hardened();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented()).toBe(true);
  });

  it('blocks reload and devtools shortcuts in production', () => {
    const { contents } = hardened();
    for (const input of [key('F5'), key('r', { control: true }), key('R', { control: true, shift: true }), key('F12'), key('I', { control: true, shift: true }), key('i', { meta: true, alt: true })]) {
      const event = fakeEvent();
      contents.emit('before-input-event', event, input);
      expect(event.defaultPrevented(), JSON.stringify(input)).toBe(true);
    }
  });

  it('lets ordinary typing and zoom through', () => {
    const { contents } = hardened();
    for (const input of [key('r'), key('5'), key('Enter'), key('=', { control: true }), key('-', { control: true }), key('c', { control: true })]) {
      const event = fakeEvent();
      contents.emit('before-input-event', event, input);
      expect(event.defaultPrevented(), JSON.stringify(input)).toBe(false);
    }
  });

  it('closes devtools if they open anyway in production', () => {
    const { contents } = hardened();
    contents.emit('devtools-opened');
    expect(contents.closeDevTools).toHaveBeenCalledOnce();
  });

  it('with the dev flag keeps devtools and reload keys but still denies navigation and windows', () => {
    const { contents } = hardened(true);
    expect(contents.has('before-input-event')).toBe(false);
    expect(contents.has('devtools-opened')).toBe(false);
    const event = fakeEvent();
    contents.emit('will-navigate', event, 'https://evil.example/');
    expect(event.defaultPrevented()).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});

describe('isBlockedShortcut', () => {
  it('ignores key-up events', () => {
    expect(isBlockedShortcut({ ...key('F5'), type: 'keyUp' })).toBe(false);
  });
});

describe('hardenSession', () => {
  function session() {
    const s = new FakeSession();
    const blocked: BlockedAction[] = [];
    hardenSession(s as never, { onBlocked: (b) => blocked.push(b) });
    return { s, blocked };
  }

  it('refuses every permission request', () => {
    const { s, blocked } = session();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'unknown']) {
      const callback = vi.fn();
      s.permissionRequestHandler?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(blocked[0]).toEqual({ kind: 'permission', permission: 'media' });
  });

  it('answers every permission check with false', () => {
    const { s } = session();
    for (const permission of ['media', 'clipboard-sanitized-write', 'serial', 'usb']) {
      expect(s.permissionCheckHandler?.({}, permission, 'app://kiosk', {})).toBe(false);
    }
  });

  it('refuses device (HID, serial, USB) access', () => {
    const { s } = session();
    expect(s.devicePermissionHandler?.({ deviceType: 'hid', origin: 'app://kiosk' })).toBe(false);
  });

  it('cancels downloads', () => {
    const { s } = session();
    const event = fakeEvent();
    s.emit('will-download', event, {}, {});
    expect(event.defaultPrevented()).toBe(true);
  });
});
