// electron-builder.yml against the JSON schema electron-builder ships, plus the values IT relies
// on; the afterPack fuse hook run on a binary with Electron's fuse wire layout; and the MSI hook
// that adds ENROLLMENT_TOKEN, against the WiX template of the installed electron-builder.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const yaml = require('js-yaml') as { load(text: string): unknown };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking parsed YAML of a known shape
const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

interface AfterPackModule {
  (context: unknown): Promise<void>;
  FUSES: Record<string, boolean>;
  fuseConfig(platform: string): Record<string, unknown>;
}
const afterPack = require(path.join(root, 'scripts/after-pack.cjs')) as AfterPackModule;
const msiHook = require(path.join(root, 'native/windows/installer/msi-project-created.cjs')) as {
  (file: string): Promise<void>;
  addEnrollmentToken(wxs: string): string;
};
const fuses = require('@electron/fuses') as { getCurrentFuseWire(p: string): Promise<Record<string, number>>; FuseV1Options: Record<string, number> };

describe('electron-builder.yml', () => {
  it('is valid against electron-builder\'s own JSON schema', () => {
    const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema catches a misspelt key: prove it is actually applied.
    expect(validate({ ...config, msi: { ...config.msi, perMachne: true } })).toBe(false);
  });

  it('builds a per-machine, silent, shortcut-free MSI with the fixed upgrade code', () => {
    expect(config.win.target).toEqual([{ target: 'msi', arch: ['x64'] }]);
    expect(config.msi).toMatchObject({
      perMachine: true,
      oneClick: true,
      upgradeCode: '3D6DC903-E9D3-458B-8397-52B59BE3B4AD',
      createDesktopShortcut: false,
      createStartMenuShortcut: false,
      runAfterFinish: false,
    });
    const text = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    expect(text).toMatch(/UPGRADE CODE MUST NEVER CHANGE/);
  });

  it('unpacks and rebuilds the native modules, and ships only what the app loads', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(true);
    for (const mod of ['pcsclite', 'keytar']) expect(config.files).toContain(`node_modules/${mod}/**`);
    expect(config.files).toContain('!node_modules/**');
    expect(config.files.some((f: string) => f.startsWith('server'))).toBe(false);
    expect(config.linux.target).toEqual([{ target: 'deb', arch: ['x64'] }]);
    expect(config.deb.depends).toEqual(expect.arrayContaining(['pcscd', 'libpcsclite1', 'libsecret-1-0']));
  });

  it('points its hooks at files that exist and export a function', () => {
    for (const hook of [config.afterPack, config.msiProjectCreated]) {
      expect(existsSync(path.join(root, hook)), hook).toBe(true);
      expect(typeof require(path.join(root, hook))).toBe('function');
    }
  });
});

describe('afterPack fuses', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

  /** A file laid out like an Electron binary's fuse wire: sentinel, version 1, length, states. */
  function fakeElectron(wire: string, version = 1): { dir: string; binary: string } {
    const dir = mkdtempSync(path.join(tmpdir(), 'esr-fuses-'));
    dirs.push(dir);
    const binary = path.join(dir, 'esr-kiosk');
    writeFileSync(binary, Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(SENTINEL), Buffer.from([version, wire.length]), Buffer.from(wire), Buffer.alloc(4096, 0x90)]));
    return { dir, binary };
  }

  it('lists every fuse of DESIGN.md section 7 with the hardened value', () => {
    expect(afterPack.FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
    // Every fuse @electron/fuses knows is decided, none left to Electron's default.
    const known = Object.keys(fuses.FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(Object.keys(afterPack.FUSES).sort()).toEqual(known.sort());
  });

  it('flips Electron 45\'s default 9-fuse wire in the packaged binary and leaves the 9th as it was', async () => {
    // Electron's shipped defaults: RunAsNode, NODE_OPTIONS, inspect and file:// privileges on.
    const { dir, binary } = fakeElectron('101100011');
    const before = readFileSync(binary);
    await afterPack({ appOutDir: dir, electronPlatformName: 'linux', packager: { executableName: 'esr-kiosk', appInfo: { productFilename: 'ESR Kiosk' } } });
    const wire = await fuses.getCurrentFuseWire(binary);
    const state = (name: string): string => String.fromCharCode(wire[fuses.FuseV1Options[name]!]!);
    expect(state('RunAsNode')).toBe('0');
    expect(state('EnableNodeOptionsEnvironmentVariable')).toBe('0');
    expect(state('EnableNodeCliInspectArguments')).toBe('0');
    expect(state('EnableEmbeddedAsarIntegrityValidation')).toBe('1');
    expect(state('OnlyLoadAppFromAsar')).toBe('1');
    expect(state('EnableCookieEncryption')).toBe('1');
    expect(state('GrantFileProtocolExtraPrivileges')).toBe('0');
    expect(String.fromCharCode(wire[8]!)).toBe('1'); // WasmTrapHandlers: Electron's default kept
    const after = readFileSync(binary);
    expect(after.length).toBe(before.length);
    expect(after.subarray(0, 4096)).toEqual(before.subarray(0, 4096)); // only the wire changed
  });

  it('finds the Windows executable by product name and fails the build on an unknown wire', async () => {
    const win = fakeElectron('10110001');
    writeFileSync(path.join(win.dir, 'ESR Kiosk.exe'), readFileSync(win.binary));
    await afterPack({ appOutDir: win.dir, electronPlatformName: 'win32', packager: { executableName: 'esr-kiosk', appInfo: { productFilename: 'ESR Kiosk' } } });
    const wire = await fuses.getCurrentFuseWire(path.join(win.dir, 'ESR Kiosk.exe'));
    expect(String.fromCharCode(wire[0]!)).toBe('0');

    const future = fakeElectron('10110001', 2);
    await expect(afterPack({ appOutDir: future.dir, electronPlatformName: 'linux', packager: { executableName: 'esr-kiosk', appInfo: { productFilename: 'ESR Kiosk' } } })).rejects.toThrow(/version/);
  });
});

describe('MSI: ENROLLMENT_TOKEN', () => {
  const template = readFileSync(path.join(root, 'node_modules/app-builder-lib/templates/msi/template.xml'), 'utf8');

  it('relies only on parts of electron-builder\'s WiX template that are there', () => {
    expect(template).toContain('<ComponentGroupRef Id="ProductComponents"/>');
    expect(template).toContain('</Product>');
    // The template itself makes shortcuts non-advertised and keeps MajorUpgrade (in-place upgrade).
    expect(template).toContain('<Property Id="DISABLEADVTSHORTCUTS" Value="1"/>');
    expect(template).toMatch(/<MajorUpgrade /);
  });

  it('adds a hidden, secure property written to enrollment.ini only when given', () => {
    // The template with its {{ }} directives dropped: the WiX the hook edits, in shape.
    const wxs = template.replace(/^\s*\{\{.*\}\}-?\s*$/gm, '').replace(/\{\{-?(dirs|files)\}\}/g, '');
    const out = msiHook.addEnrollmentToken(wxs);
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- ships and works in fast-xml-parser 5
    expect(XMLValidator.validate(out)).toBe(true);
    expect(msiHook.addEnrollmentToken(out)).toBe(out); // idempotent
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(out);
    const product = parsed.Wix.Product;
    const property = [product.Property].flat().find((p: { '@Id': string }) => p['@Id'] === 'ENROLLMENT_TOKEN');
    expect(property).toMatchObject({ '@Secure': 'yes', '@Hidden': 'yes' });
    const component = product.DirectoryRef.Directory.Directory.Component;
    expect(component.Condition).toContain('ENROLLMENT_TOKEN');
    expect(component.IniFile).toMatchObject({ '@Name': 'enrollment.ini', '@Section': 'Enrollment', '@Key': 'Token', '@Value': '[ENROLLMENT_TOKEN]' });
    expect(product.DirectoryRef.Directory['@Id']).toBe('CommonAppDataFolder');
    expect(product.Feature.ComponentRef['@Id']).toBe('EnrollmentTokenFile');
    expect(() => msiHook.addEnrollmentToken('<Wix><Product></Product></Wix>')).toThrow(/changed shape/);
  });
});

describe('.github/workflows/windows-msi.yml', () => {
  const workflow = yaml.load(readFileSync(path.join(root, '.github/workflows/windows-msi.yml'), 'utf8')) as {
    jobs: { msi: { 'runs-on': string; steps: { name?: string; run?: string }[] } };
  };

  it('builds the MSI on Windows and proves silent install, token hiding, upgrade and removal', () => {
    expect(workflow.jobs.msi['runs-on']).toMatch(/^windows-/);
    const runs = workflow.jobs.msi.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('npx electron-builder --win msi');
    expect(runs).toContain('generate-policy-templates.ts --check');
    expect(runs).toMatch(/\/qn .*ENROLLMENT_TOKEN=/);
    expect(runs).toContain('the token leaked into the MSI log');
    expect(runs).toContain('/x ');
  });
});
