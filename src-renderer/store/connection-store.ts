// Whether the transport to main is up (only the browser host's WebSocket can drop).

import { create } from 'zustand';

interface ConnectionSlice {
  readonly connected: boolean;
  readonly setConnected: (connected: boolean) => void;
}

export const useConnectionStore = create<ConnectionSlice>()((set) => ({
  connected: true,
  setConnected: (connected) => set({ connected }),
}));
