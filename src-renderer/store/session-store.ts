// What main says: the current SessionState (one screen per state name), KioskInfo, and an
// epoch that goes up each time main wipes a session, so every typed field remounts empty.
// Nothing typed (PIN, password) is ever stored here, and nothing here is persisted.

import { create } from 'zustand';
import type { EndReason, KioskInfo, SessionState } from '../../src-main/shared/ipc-contract';

interface SessionSlice {
  readonly state: SessionState | null;
  readonly info: KioskInfo | null;
  /** Bumped on session:ended: screens are keyed by it, so their inputs are discarded. */
  readonly epoch: number;
  readonly lastEnd: EndReason | null;
  readonly setState: (state: SessionState) => void;
  readonly setInfo: (info: KioskInfo) => void;
  readonly ended: (reason: EndReason) => void;
  readonly reset: () => void;
}

const initial = { state: null, info: null, epoch: 0, lastEnd: null } as const;

export const useSessionStore = create<SessionSlice>()((set) => ({
  ...initial,
  setState: (state) => set({ state }),
  setInfo: (info) => set({ info }),
  ended: (reason) => set((s) => ({ epoch: s.epoch + 1, lastEnd: reason })),
  reset: () => set(initial),
}));
