// Tells main the person is still there (key press, pointer) so its idle timer restarts, at
// most once every few seconds, and only while someone is signed in or mid sign-in.

import type { KioskApi, SessionStateName } from '../../src-main/shared/ipc-contract';

const ACTIVE_STATES: ReadonlySet<SessionStateName> = new Set([
  'pin-entry',
  'signed-in',
  'manage-internet-access',
  'reset-password',
  'reset-done',
]);

export function watchActivity(
  target: Pick<Document, 'addEventListener' | 'removeEventListener'>,
  api: Pick<KioskApi, 'reportActivity'>,
  currentState: () => SessionStateName | null,
  minIntervalMs = 5_000,
  now: () => number = () => performance.now(),
): () => void {
  let last = -Infinity;
  const onActivity = (): void => {
    const name = currentState();
    if (!name || !ACTIVE_STATES.has(name)) return;
    const t = now();
    if (t - last < minIntervalMs) return;
    last = t;
    void api.reportActivity();
  };
  const events = ['keydown', 'pointerdown'] as const;
  for (const type of events) target.addEventListener(type, onActivity, { capture: true, passive: true });
  return () => {
    for (const type of events) target.removeEventListener(type, onActivity, { capture: true });
  };
}
