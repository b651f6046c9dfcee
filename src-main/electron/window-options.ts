// The kiosk window's options (DESIGN.md section 7). Every security-relevant preference is set
// explicitly, even where it matches Electron's default, so a future default change or a
// careless edit shows up in review and fails a test.

import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowConfig {
  /** Absolute path of the bundled preload (dist/main/preload.js). */
  readonly preloadPath: string;
  /** Development only: allows devtools. Never set in a packaged build. */
  readonly dev: boolean;
}

export function createWindowOptions(config: WindowConfig): BrowserWindowConstructorOptions {
  return {
    show: false,
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    backgroundColor: '#f0f4f5',
    title: 'ESR Kiosk',
    webPreferences: {
      preload: config.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: config.dev,
      safeDialogs: true,
      disableDialogs: true,
      enableWebSQL: false,
    },
  };
}
