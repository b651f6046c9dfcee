// Whether the transport to main is up (only the browser host's WebSocket can drop), and whether
// it ever was (so the first wait says "connecting", a later one "lost its connection").

import { create } from 'zustand';

interface ConnectionSlice {
  readonly connected: boolean;
  readonly everConnected: boolean;
  readonly setConnected: (connected: boolean) => void;
  readonly reset: () => void;
}

export const useConnectionStore = create<ConnectionSlice>()((set) => ({
  connected: true,
  everConnected: true,
  setConnected: (connected) => set((s) => ({ connected, everConnected: s.everConnected || connected })),
  reset: () => set({ connected: true, everConnected: true }),
}));
