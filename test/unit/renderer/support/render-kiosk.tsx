// Renders the whole renderer App over a fake KioskApi and waits for its first screen.

import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Language, SessionState } from '../../../../src-main/shared/ipc-contract';
import { App } from '../../../../src-renderer/app/App';
import { createI18n } from '../../../../src-renderer/i18n';
import { createFakeKiosk, type FakeKiosk } from './fake-kiosk-api';

export async function renderKiosk(
  initial: SessionState = { name: 'waiting-for-card' },
  options: { fake?: FakeKiosk; language?: Language } = {},
) {
  const fake = options.fake ?? createFakeKiosk(initial);
  fake.state = initial;
  const i18n = createI18n(options.language ?? 'en');
  const user = userEvent.setup();
  const view = render(
    <App connection={{ api: fake.api, onConnectionChange: null, isConnected: () => true }} i18n={i18n} />,
  );
  // getInfo + getState resolve on the next ticks.
  await act(async () => {
    await Promise.resolve();
  });
  await screen.findByRole('heading', { level: 1 });
  return { fake, i18n, user, view };
}

/** Main pushing a new state, inside act so React renders it. */
export function moveTo(fake: FakeKiosk, state: SessionState): void {
  act(() => fake.moveTo(state));
}

export function heading1(): HTMLElement {
  return screen.getByRole('heading', { level: 1 });
}
