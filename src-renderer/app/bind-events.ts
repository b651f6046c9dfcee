// Main's events into the store slices. Main is authoritative: the renderer draws what it is
// told and keeps nothing typed beyond the input that holds it.

import type { i18n } from 'i18next';
import type { SessionState } from '../../src-main/shared/ipc-contract';
import type { KioskConnection } from '../api/kiosk-api';
import { isLanguage } from '../i18n';
import { useConnectionStore } from '../store/connection-store';
import { useIdleStore } from '../store/idle-store';
import { hostsLocalScreens, useLocalScreenStore } from '../store/local-screen-store';
import { useSessionStore } from '../store/session-store';

/** Fetches KioskInfo and the current state (at start and after every reconnect). */
export async function loadFromMain(connection: KioskConnection, i18nInstance: i18n): Promise<void> {
  const [info, state] = await Promise.all([connection.api.getInfo(), connection.api.getState()]);
  if (info.ok) {
    useSessionStore.getState().setInfo(info.value);
    if (isLanguage(info.value.language) && i18nInstance.language !== info.value.language) {
      await i18nInstance.changeLanguage(info.value.language);
    }
  }
  if (state.ok) applyState(state.value);
}

function applyState(state: SessionState): void {
  useSessionStore.getState().setState(state);
  // Local screens live only on the card prompt: a card inserted mid-form takes over.
  if (!hostsLocalScreens(state)) useLocalScreenStore.getState().close();
}

export function bindKioskEvents(
  connection: KioskConnection,
  i18nInstance: i18n,
  now: () => number = () => performance.now(),
): () => void {
  const { api } = connection;
  const offs = [
    api.onSessionState(applyState),
    api.onIdleWarning((warning) => {
      useIdleStore
        .getState()
        .setWarning(warning ? { secondsLeft: warning.secondsLeft, receivedAt: now() } : null);
    }),
    api.onSessionEnded(({ reason }) => {
      useSessionStore.getState().ended(reason);
      useLocalScreenStore.getState().close();
      useIdleStore.getState().setWarning(null);
    }),
    api.onLanguage(({ language }) => {
      if (isLanguage(language)) void i18nInstance.changeLanguage(language);
    }),
  ];
  if (connection.onConnectionChange) {
    if (!connection.isConnected()) useConnectionStore.setState({ connected: false, everConnected: false });
    offs.push(
      connection.onConnectionChange((connected) => {
        useConnectionStore.getState().setConnected(connected);
        // Events may have been missed while the socket was down: ask main where we are.
        if (connected) void loadFromMain(connection, i18nInstance);
      }),
    );
  }
  return () => {
    for (const off of offs) off();
  };
}
