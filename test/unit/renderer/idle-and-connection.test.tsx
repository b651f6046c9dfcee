// The idle warning countdown from session:idle-warning, "I'm still here", activity reports to
// main, and the browser host's connection notice.

import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionState } from '../../../src-main/shared/ipc-contract';
import { watchActivity } from '../../../src-renderer/app/activity';
import { App } from '../../../src-renderer/app/App';
import { createI18n } from '../../../src-renderer/i18n';
import { createFakeKiosk } from './support/fake-kiosk-api';
import { heading1, renderKiosk } from './support/render-kiosk';

const person = { displayName: 'Alex Morgan', username: '234567890' };
const MANAGE: SessionState = { name: 'manage-internet-access', person, method: 'card', status: 'active', passwordChangedAt: null };

afterEach(() => {
  vi.useRealTimers();
});

describe('idle warning', () => {
  it('counts down from main’s seconds, takes focus, and "I’m still here" reports activity', async () => {
    const { fake, user } = await renderKiosk(MANAGE);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    act(() => fake.emit('session:idle-warning', { secondsLeft: 30 }));
    const dialog = screen.getByRole('alertdialog', { name: 'Are you still there?' });
    expect(dialog.textContent).toMatch(/signed out in 30 seconds/);
    const stay = screen.getByRole('button', { name: 'I’m still here' });
    expect(document.activeElement).toBe(stay);
    // Modal in fact: the page behind cannot be reached.
    expect(document.querySelector('.esr-page')?.hasAttribute('inert')).toBe(true);
    act(() => {
      vi.advanceTimersByTime(3_000);
    });
    expect(document.getElementById('idle-body')?.textContent).toBe('You will be signed out in 27 seconds.');
    vi.useRealTimers();
    await user.click(stay);
    expect(fake.callsTo('reportActivity').length).toBeGreaterThanOrEqual(1);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.querySelector('.esr-page')?.hasAttribute('inert')).toBe(false);
    // Focus goes back where it was.
    expect(document.activeElement).toBe(heading1());
  });

  it('keeps focus put while main sends its per-second updates', async () => {
    const { fake } = await renderKiosk(MANAGE);
    act(() => fake.emit('session:idle-warning', { secondsLeft: 30 }));
    const stay = screen.getByRole('button', { name: 'I’m still here' });
    const focusMoves: EventTarget[] = [];
    document.addEventListener('focusin', (event) => focusMoves.push(event.target!));
    act(() => fake.emit('session:idle-warning', { secondsLeft: 29 }));
    act(() => fake.emit('session:idle-warning', { secondsLeft: 28 }));
    expect(document.getElementById('idle-body')?.textContent).toBe('You will be signed out in 28 seconds.');
    expect(focusMoves).toEqual([]);
    expect(document.activeElement).toBe(stay);
  });

  it('goes away when main withdraws it, and when the session ends', async () => {
    const { fake } = await renderKiosk(MANAGE);
    act(() => fake.emit('session:idle-warning', { secondsLeft: 10 }));
    expect(screen.getByRole('alertdialog')).toBeTruthy();
    act(() => fake.emit('session:idle-warning', null));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    act(() => fake.emit('session:idle-warning', { secondsLeft: 1 }));
    expect(screen.getByRole('alertdialog').textContent).toMatch(/in 1 second\./);
    act(() => {
      fake.emit('session:ended', { reason: 'idle-timeout' });
      fake.moveTo({ name: 'waiting-for-card', lastEnd: 'idle-timeout' });
    });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByText(/not used for a while/)).toBeTruthy();
  });
});

describe('activity reports', () => {
  it('are sent on key presses while signed in, at most once per interval, and not on the card prompt', () => {
    const target = new EventTarget() as unknown as Document;
    const reportActivity = vi.fn(() => Promise.resolve({ ok: true as const, value: null }));
    let state: SessionState['name'] | null = 'manage-internet-access';
    let now = 0;
    const stop = watchActivity(target, { reportActivity }, () => state, 5_000, () => now);
    target.dispatchEvent(new Event('keydown'));
    now = 1_000;
    target.dispatchEvent(new Event('pointerdown'));
    expect(reportActivity).toHaveBeenCalledTimes(1);
    now = 6_000;
    target.dispatchEvent(new Event('keydown'));
    expect(reportActivity).toHaveBeenCalledTimes(2);
    state = 'waiting-for-card';
    now = 20_000;
    target.dispatchEvent(new Event('keydown'));
    expect(reportActivity).toHaveBeenCalledTimes(2);
    stop();
    state = 'reset-password';
    target.dispatchEvent(new Event('keydown'));
    expect(reportActivity).toHaveBeenCalledTimes(2);
  });
});

describe('browser host connection', () => {
  it('says it is connecting, then when the socket is lost, and reloads main’s state when it is back', async () => {
    const fake = createFakeKiosk({ name: 'waiting-for-card' });
    let notify: (connected: boolean) => void = () => undefined;
    const connection = {
      api: fake.api,
      onConnectionChange: (listener: (connected: boolean) => void) => {
        notify = listener;
        return () => undefined;
      },
      isConnected: () => false,
    };
    render(<App connection={connection} i18n={createI18n('en')} />);
    expect(screen.getByText('Connecting to the kiosk service…')).toBeTruthy();
    act(() => notify(true));
    await screen.findByRole('heading', { level: 1, name: 'Insert your smart card' });
    expect(screen.queryByText('Connecting to the kiosk service…')).toBeNull();
    act(() => notify(false));
    expect(screen.getByText(/lost its connection/)).toBeTruthy();
    fake.state = { name: 'no-reader' };
    const before = fake.callsTo('getState').length;
    act(() => notify(true));
    expect(await screen.findByRole('heading', { level: 1, name: 'Connect a smart card reader' })).toBeTruthy();
    expect(fake.callsTo('getState').length).toBe(before + 1);
    expect(screen.queryByText(/lost its connection/)).toBeNull();
  });
});
