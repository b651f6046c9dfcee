// A field error kept as "how to say it" rather than as words, so a language switch after a
// failed submit re-words the error summary and messages too.

import type { TFunction } from 'i18next';

export type Message = (t: TFunction) => string;
