// One place that puts every slice back to its start (app start, tests).

import { useConnectionStore } from './connection-store';
import { useIdleStore } from './idle-store';
import { useLocalScreenStore } from './local-screen-store';
import { useSessionStore } from './session-store';

export function resetStores(): void {
  useSessionStore.getState().reset();
  useIdleStore.getState().setWarning(null);
  useLocalScreenStore.getState().close();
  useConnectionStore.getState().reset();
}
