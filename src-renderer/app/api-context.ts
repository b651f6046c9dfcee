// The KioskApi the screens call, handed down by context so tests can give a fake one.

import { createContext, useContext } from 'react';
import type { KioskApi } from '../../src-main/shared/ipc-contract';

export const KioskApiContext = createContext<KioskApi | null>(null);

export function useKioskApi(): KioskApi {
  const api = useContext(KioskApiContext);
  if (!api) throw new Error('useKioskApi outside <KioskApiContext.Provider>');
  return api;
}
