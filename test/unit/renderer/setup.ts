// DOM test setup: nhsuk-react-components refuse to run without this body class (STACK.md), and
// every test starts with empty stores and an unmounted tree.
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { resetStores } from '../../../src-renderer/store/reset-stores';

document.body.classList.add('nhsuk-frontend-supported');

afterEach(() => {
  cleanup();
  resetStores();
  document.documentElement.lang = '';
});
