// scripts/lib/deadline.sh is what turns a hung CI stage into a failure with evidence: the stage
// past its deadline gets its process tree (and native stacks, where gdb is installed) printed,
// is stopped, and fails; a stage that ends in time passes its exit code through untouched.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function runWithDeadline(seconds: number, command: string): { status: number | null; out: string } {
  const result = spawnSync('bash', ['-c', `source scripts/lib/deadline.sh; run_with_deadline ${seconds} ${command}`], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('run_with_deadline', () => {
  it('stops a stage still running at its deadline, prints what it was doing, and fails', () => {
    const { status, out } = runWithDeadline(1, `node -e "setInterval(() => {}, 1000)"`);
    expect(status).toBe(143); // stopped by SIGTERM (128 + 15), not left running
    expect(out).toContain('=== DEADLINE: still running after 1 s');
    expect(out).toMatch(/--- process tree[\s\S]*setInterval/);
  }, 60_000);

  it('passes through the exit code of a stage that ends in time', () => {
    expect(runWithDeadline(30, 'true').status).toBe(0);
    expect(runWithDeadline(30, 'bash -c "exit 3"').status).toBe(3);
  }, 60_000);
});
