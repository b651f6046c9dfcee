// Prints a line as each test STARTS (Vitest's own reporter prints a file only when it ends).
// The integration and CI logs then name the test that was running if a run is stopped on its
// deadline (scripts/test.sh), instead of ending on the last file that finished.
import type { Reporter, TestCase, TestModule } from 'vitest/node';

export default class TestStartedReporter implements Reporter {
  onTestModuleStart(module: TestModule): void {
    process.stdout.write(`▶ file ${module.relativeModuleId}\n`);
  }

  onTestCaseReady(test: TestCase): void {
    process.stdout.write(`▶ test ${test.module.relativeModuleId} > ${test.fullName}\n`);
  }
}
