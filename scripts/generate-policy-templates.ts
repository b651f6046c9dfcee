// Writes the Group Policy templates and the README settings table from the settings schema:
//   npx tsx scripts/generate-policy-templates.ts          write the files
//   npx tsx scripts/generate-policy-templates.ts --check  exit 1 if any committed file differs
// test/unit/packaging/policy-templates.test.ts runs the same comparison in CI.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAdml, generateAdmx, withReadmeTable } from '../src-main/core/config/policy-templates';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const POLICY_FILES = {
  admx: path.join(root, 'native/windows/policies/esr-kiosk.admx'),
  adml: path.join(root, 'native/windows/policies/en-US/esr-kiosk.adml'),
  readme: path.join(root, 'README.md'),
} as const;

const wanted: [string, string][] = [
  [POLICY_FILES.admx, generateAdmx()],
  [POLICY_FILES.adml, generateAdml()],
  [POLICY_FILES.readme, withReadmeTable(readFileSync(POLICY_FILES.readme, 'utf8'))],
];

const check = process.argv.includes('--check');
let stale = 0;
for (const [file, text] of wanted) {
  let current: string | null = null;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = null;
  }
  if (current === text) continue;
  if (check) {
    console.error(`out of date: ${path.relative(root, file)}`);
    stale += 1;
  } else {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`wrote ${path.relative(root, file)}`);
  }
}
if (stale > 0) {
  console.error('Run: npx tsx scripts/generate-policy-templates.ts');
  process.exit(1);
}
