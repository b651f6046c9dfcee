import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  README_TABLE_END,
  README_TABLE_START,
  generateAdml,
  generateAdmx,
  withReadmeTable,
} from '../../../src-main/core/config/policy-templates';
import { CATEGORIES, SETTING_KEYS, settingSpec } from '../../../src-main/core/config/settings';

const read = (p: string): string => readFileSync(new URL(`../../../${p}`, import.meta.url), 'utf8');
const ADMX_FILE = 'native/windows/policies/esr-kiosk.admx';
const ADML_FILE = 'native/windows/policies/en-US/esr-kiosk.adml';
const REGENERATE = 'run: npx tsx scripts/generate-policy-templates.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['policy', 'category', 'string', 'presentation', 'item'].includes(name),
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking parsed XML of a known shape
type Node = Record<string, any>;
const admx = parser.parse(read(ADMX_FILE)).policyDefinitions as Node;
const adml = parser.parse(read(ADML_FILE)).policyDefinitionResources as Node;
const policies = admx.policies.policy as Node[];
const strings = new Map<string, string>((adml.resources.stringTable.string as Node[]).map((s) => [s['@id'], String(s['#text'])]));
const presentations = new Map<string, Node>((adml.resources.presentationTable.presentation as Node[]).map((p) => [p['@id'], p]));

describe('Group Policy templates', () => {
  it('committed ADMX and ADML equal the generator output', () => {
    expect(read(ADMX_FILE), REGENERATE).toBe(generateAdmx());
    expect(read(ADML_FILE), REGENERATE).toBe(generateAdml());
  });

  it('are well-formed XML in the Group Policy namespace', () => {
    // XMLValidator is deprecated in favour of a separate package, but ships and works in
    // fast-xml-parser 5, which is what is installed.
    /* eslint-disable @typescript-eslint/no-deprecated */
    expect(XMLValidator.validate(read(ADMX_FILE))).toBe(true);
    expect(XMLValidator.validate(read(ADML_FILE))).toBe(true);
    expect(XMLValidator.validate('<a><b></a>')).not.toBe(true);
    /* eslint-enable @typescript-eslint/no-deprecated */
    expect(admx['@xmlns']).toBe('http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions');
    expect(adml['@xmlns']).toBe(admx['@xmlns']);
    expect(admx.policyNamespaces.target['@namespace']).toBe('NHS.ESRKiosk.Policies');
  });

  it('has one policy per setting, under HKLM\\SOFTWARE\\Policies\\ESR Kiosk, value name = setting name', () => {
    expect(policies.map((p) => p['@name'])).toEqual(SETTING_KEYS);
    for (const p of policies) {
      expect(p['@key']).toBe('SOFTWARE\\Policies\\ESR Kiosk');
      expect(p['@class']).toBe(settingSpec(p['@name']).userPolicy ? 'Both' : 'Machine');
    }
  });

  it('puts each policy in a declared category under the ESR Kiosk root', () => {
    const categories = admx.categories.category as Node[];
    const names = new Set(categories.map((c) => c['@name']));
    expect(names.size).toBe(Object.keys(CATEGORIES).length + 1);
    for (const c of categories.filter((c) => c['@name'] !== 'ESRKiosk')) expect(c.parentCategory['@ref']).toBe('ESRKiosk');
    for (const p of policies) expect(names.has(p.parentCategory['@ref'])).toBe(true);
    expect(admx.supportedOn.definitions.definition['@name']).toBe(policies[0]!.supportedOn['@ref']);
  });

  it('has the element and presentation that fits each kind of setting', () => {
    for (const p of policies) {
      const key = p['@name'] as (typeof SETTING_KEYS)[number];
      const kind = settingSpec(key).policy;
      const presentation = presentations.get(key);
      switch (kind.kind) {
        case 'text':
          expect(p.elements.text['@valueName']).toBe(key);
          expect(presentation?.textBox['@refId']).toBe(key);
          break;
        case 'decimal':
          expect(p.elements.decimal).toMatchObject({ '@valueName': key, '@minValue': String(kind.min), '@maxValue': String(kind.max) });
          expect(presentation?.decimalTextBox['@refId']).toBe(key);
          expect(Number(presentation?.decimalTextBox['@defaultValue'])).toBe(settingSpec(key).default);
          break;
        case 'dropdown':
          expect((p.elements.enum.item as Node[]).map((i) => [i.value.string].flat()[0])).toEqual(kind.options);
          expect(presentation?.dropdownList['@refId']).toBe(key);
          expect(kind.options[Number(presentation?.dropdownList['@defaultItem'])]).toBe(settingSpec(key).default);
          break;
        case 'list':
          expect(p.elements.multiText['@valueName']).toBe(key);
          expect(presentation?.multiTextBox['@refId']).toBe(key);
          break;
        case 'boolean':
          expect(p['@valueName']).toBe(key);
          expect(p.enabledValue.decimal['@value']).toBe('1');
          expect(p.disabledValue.decimal['@value']).toBe('0');
          expect(presentation).toBeUndefined();
          break;
      }
    }
  });

  it('defines in the ADML every string and presentation the ADMX refers to', () => {
    const text = read(ADMX_FILE);
    for (const [, id] of text.matchAll(/\$\(string\.([^)]+)\)/g)) expect(strings.has(id!), id).toBe(true);
    for (const [, id] of text.matchAll(/\$\(presentation\.([^)]+)\)/g)) expect(presentations.has(id!), id).toBe(true);
    for (const key of SETTING_KEYS) {
      expect(strings.get(key)).toBe(settingSpec(key).title);
      expect(strings.get(`${key}_Explain`)).toContain(settingSpec(key).allowed);
    }
  });
});

describe('README settings table', () => {
  const readme = read('README.md');

  it('is the generated table, between its markers, with a row per setting', () => {
    expect(readme, REGENERATE).toBe(withReadmeTable(readme));
    const table = readme.slice(readme.indexOf(README_TABLE_START), readme.indexOf(README_TABLE_END));
    for (const key of SETTING_KEYS) expect(table).toContain(`| \`${key}\` |`);
  });

  it('is replaced, not appended to, when regenerated', () => {
    const doubled = withReadmeTable(withReadmeTable(readme));
    expect(doubled).toBe(readme);
    expect(() => withReadmeTable('# no markers')).toThrow(/markers/);
  });
});
