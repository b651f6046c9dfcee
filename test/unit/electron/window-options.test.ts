import { describe, expect, it } from 'vitest';
import { createWindowOptions } from '../../../src-main/electron/window-options';

const production = createWindowOptions({ preloadPath: '/opt/esr-kiosk/dist/main/preload.js', dev: false });
const dev = createWindowOptions({ preloadPath: '/tmp/preload.js', dev: true });

describe('createWindowOptions', () => {
  it.each([
    ['kiosk mode', 'kiosk', true],
    ['full screen', 'fullscreen', true],
    ['menu bar hidden', 'autoHideMenuBar', true],
    ['shown only when ready', 'show', false],
  ] as const)('%s', (_rule, key, value) => {
    expect(production[key]).toBe(value);
  });

  it.each([
    ['context isolation on', 'contextIsolation', true],
    ['renderer sandboxed', 'sandbox', true],
    ['no Node in the renderer', 'nodeIntegration', false],
    ['no Node in workers', 'nodeIntegrationInWorker', false],
    ['no Node in subframes', 'nodeIntegrationInSubFrames', false],
    ['web security on', 'webSecurity', true],
    ['no insecure content', 'allowRunningInsecureContent', false],
    ['no experimental features', 'experimentalFeatures', false],
    ['no webview tag', 'webviewTag', false],
    ['no navigation by drag and drop', 'navigateOnDragDrop', false],
    ['no devtools in production', 'devTools', false],
    ['no alert/confirm dialogs', 'disableDialogs', true],
  ] as const)('webPreferences: %s', (_rule, key, value) => {
    expect(production.webPreferences?.[key]).toBe(value);
  });

  it('loads the given preload', () => {
    expect(production.webPreferences?.preload).toBe('/opt/esr-kiosk/dist/main/preload.js');
  });

  it('allows devtools only with the dev flag, and changes nothing else', () => {
    expect(dev.webPreferences?.devTools).toBe(true);
    const { devTools: _a, preload: _b, ...devRest } = dev.webPreferences ?? {};
    const { devTools: _c, preload: _d, ...prodRest } = production.webPreferences ?? {};
    expect(devRest).toEqual(prodRest);
    expect({ ...dev, webPreferences: undefined }).toEqual({ ...production, webPreferences: undefined });
  });
});
