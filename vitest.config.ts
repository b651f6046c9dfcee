import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Tests by where they run (STYLE.md 9). `unit` is pure and fast; `dom` renders React in
// happy-dom; `integration` drives the real pcscd, SQLite, SMTP, TLS and keyring (run inside
// scripts/sandbox.sh, which gives it private namespaces).
export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['test/unit/**/*.test.tsx'],
          setupFiles: ['test/unit/renderer/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          environment: 'node',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Suites share one machine's pcscd namespace and ports: run files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
