// Screens the renderer shows on its own while main is on `waiting-for-card` (or `no-reader`): they need no
// state in main until they submit (password sign-in, the two recovery forms).

import { create } from 'zustand';
import type { SessionState } from '../../src-main/shared/ipc-contract';

export type LocalScreen = 'password-login' | 'forgot' | 'forgot-username' | 'forgot-password';

interface LocalScreenSlice {
  readonly screen: LocalScreen | null;
  readonly open: (screen: LocalScreen) => void;
  readonly close: () => void;
}

export const useLocalScreenStore = create<LocalScreenSlice>()((set) => ({
  screen: null,
  open: (screen) => set({ screen }),
  close: () => set({ screen: null }),
}));

/** States from which staff without a card may open the local screens (main accepts them there). */
export function hostsLocalScreens(state: SessionState): boolean {
  return state.name === 'waiting-for-card' || state.name === 'no-reader';
}
