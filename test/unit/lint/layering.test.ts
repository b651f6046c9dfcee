// The layering rules of eslint.config.js, proved both ways: each forbidden import is an error
// in the layer it is forbidden in, and the allowed import next to it is not.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// Type information is irrelevant to import rules; without it the snippets need not exist on disk.
const eslint = new ESLint({
  cwd: new URL('../../..', import.meta.url).pathname,
  overrideConfig: [tseslint.configs.disableTypeChecked],
});

async function importErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

const cases: { layer: string; file: string; forbidden: string[]; allowed: string[] }[] = [
  {
    layer: 'shared',
    file: 'src-main/shared/example.ts',
    forbidden: [
      "import 'node:crypto';",
      "import 'fs';",
      "import 'electron';",
      "import 'react';",
      "import '../core/card/card-service';",
      "import 'pcsclite';",
    ],
    allowed: ["import './errors';", "import 'zod';"],
  },
  {
    layer: 'core',
    file: 'src-main/core/session/example.ts',
    forbidden: [
      "import 'electron';",
      "import '../../electron/window';",
      "import '../../../src-renderer/app';",
      "import '../../../server/app';",
      "import 'pcsclite';",
      "import 'keytar';",
    ],
    allowed: ["import 'node:crypto';", "import '../../shared/errors';", "import '../card/card-service';"],
  },
  {
    layer: 'renderer',
    file: 'src-renderer/screens/example.tsx',
    forbidden: [
      "import '../../src-main/core/session/machine';",
      "import '../../src-main/electron/preload';",
      "import '../../server/app';",
      "import 'electron';",
      "import 'node:fs';",
    ],
    allowed: ["import '../../src-main/shared/ipc-contract';", "import 'react';", "import '../store/session';"],
  },
  {
    layer: 'server',
    file: 'server/src/example.ts',
    forbidden: ["import '../../src-main/core/card/card-service';", "import 'electron';", "import 'keytar';"],
    allowed: ["import '../../src-main/shared/gateway-api';", "import 'node:crypto';", "import 'fastify';"],
  },
  {
    layer: 'electron glue',
    file: 'src-main/electron/example.ts',
    forbidden: ["import 'pcsclite';", "import 'keytar';"],
    allowed: ["import 'electron';", "import '../core/card/card-service';"],
  },
];

describe('layering lint rules', () => {
  for (const c of cases) {
    for (const source of c.forbidden) {
      it(`${c.layer}: refuses ${source}`, async () => {
        expect(await importErrors(c.file, source)).not.toEqual([]);
      });
    }
    for (const source of c.allowed) {
      it(`${c.layer}: allows ${source}`, async () => {
        expect(await importErrors(c.file, source)).toEqual([]);
      });
    }
  }

  it('lets only the pcsclite adapter import pcsclite', async () => {
    expect(await importErrors('src-main/core/card/pcsc/pcsclite-adapter.ts', "import 'pcsclite';")).toEqual([]);
    expect(await importErrors('src-main/core/card/pcsc/other.ts', "import 'pcsclite';")).not.toEqual([]);
  });

  it('lets only the keytar store import keytar', async () => {
    expect(await importErrors('src-main/core/credentials/keytar-store.ts', "import 'keytar';")).toEqual([]);
    expect(await importErrors('src-main/core/credentials/other.ts', "import 'keytar';")).not.toEqual([]);
  });
});
