// electron-builder afterPack hook: flips the Electron fuses of DESIGN.md section 7 in the packaged
// binary (before signing, which electron-builder does next), then reads them back so a build with
// a fuse left in its default state fails instead of shipping.
// CommonJS because electron-builder require()s hooks and package.json says "type": "module".
'use strict';
/* global require, module, console */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook */

const path = require('node:path');
const { flipFuses, getCurrentFuseWire, FuseVersion, FuseV1Options } = require('@electron/fuses');

/**
 * The eight fuses @electron/fuses 1.8 (the last major that runs on Node 20) can name, each set.
 * Electron 43+ has a ninth, WasmTrapHandlers (index 8, default on, which is right for us);
 * 1.8 cannot name it, so strictlyRequireAllFuses stays off and that fuse keeps its default.
 */
const FUSES = Object.freeze({
  RunAsNode: false, // no ELECTRON_RUN_AS_NODE: the kiosk binary cannot become a Node shell
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false, // NODE_OPTIONS ignored
  EnableNodeCliInspectArguments: false, // --inspect and friends ignored
  EnableEmbeddedAsarIntegrityValidation: true, // app.asar checked against the hash in the exe
  OnlyLoadAppFromAsar: true, // no loose app/ folder can replace the asar
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false, // file:// gets no special powers (we use app://)
});

function fuseConfig(electronPlatformName) {
  const config = { version: FuseVersion.V1, strictlyRequireAllFuses: false };
  for (const [name, value] of Object.entries(FUSES)) config[FuseV1Options[name]] = value;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') config.resetAdHocDarwinSignature = true;
  return config;
}

function executablePath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  }
  return path.join(appOutDir, packager.executableName);
}

async function afterPack(context) {
  const binary = executablePath(context);
  await flipFuses(binary, fuseConfig(context.electronPlatformName));
  const wire = await getCurrentFuseWire(binary);
  const wrong = Object.entries(FUSES).filter(([name, want]) => {
    const state = wire[FuseV1Options[name]];
    return state !== (want ? 49 : 48); // FuseState.ENABLE = '1', DISABLE = '0'
  });
  if (wrong.length > 0) {
    throw new Error(`afterPack: fuses not set in ${binary}: ${wrong.map(([n]) => n).join(', ')}`);
  }
  console.log(`afterPack: ${Object.keys(FUSES).length} fuses set in ${path.basename(binary)}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.fuseConfig = fuseConfig;
module.exports.executablePath = executablePath;
