// The idle warning main pushes (session:idle-warning): seconds left when it arrived, and when.

import { create } from 'zustand';

export interface IdleWarning {
  readonly secondsLeft: number;
  /** performance.now() at arrival, so the countdown does not drift with re-renders. */
  readonly receivedAt: number;
}

interface IdleSlice {
  readonly warning: IdleWarning | null;
  readonly setWarning: (warning: IdleWarning | null) => void;
}

export const useIdleStore = create<IdleSlice>()((set) => ({
  warning: null,
  setWarning: (warning) => set({ warning }),
}));
