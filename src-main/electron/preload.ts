// Sandboxed preload (bundled to CommonJS by scripts/build-main.mjs): exposes window.esrKiosk
// and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { buildKioskApi, KIOSK_API_GLOBAL } from './preload-api';

contextBridge.exposeInMainWorld(KIOSK_API_GLOBAL, buildKioskApi(ipcRenderer));
