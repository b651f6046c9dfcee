// The NHS error summary: "There is a problem" with a link to each field in error. It takes
// focus whenever a new submit produced errors (`attempt` changes), and its role="alert" child
// makes screen readers announce it.

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface ErrorItem {
  /** The id of the field to focus, or null for an error that belongs to no field. */
  readonly fieldId: string | null;
  readonly text: string;
}

export function ErrorList({ items, attempt }: { items: readonly ErrorItem[]; attempt: number }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const hasItems = items.length > 0;
  useEffect(() => {
    if (hasItems) ref.current?.focus();
  }, [attempt, hasItems]);
  if (!hasItems) return null;
  // NHS error summary markup, written out rather than taken from nhsuk-react-components: its
  // ErrorSummary loads all of nhsuk-frontend's JS (about 10 kB gzipped) only to do the focus and
  // link handling done here.
  return (
    <div className="nhsuk-error-summary" ref={ref} tabIndex={-1} aria-labelledby="error-summary-title">
      {/* role=alert on an inner element, so the whole summary is announced when it appears. */}
      <div role="alert">
        <h2 className="nhsuk-error-summary__title" id="error-summary-title">
          {t('common.errorSummaryTitle')}
        </h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {items.map((item) => (
              <li key={item.text}>
                {item.fieldId ? (
                  <a
                    href={`#${item.fieldId}`}
                    onClick={(event) => {
                      // Focus the field itself, not just scroll to it (NHS pattern).
                      event.preventDefault();
                      document.getElementById(item.fieldId ?? '')?.focus();
                    }}
                  >
                    {item.text}
                  </a>
                ) : (
                  item.text
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
