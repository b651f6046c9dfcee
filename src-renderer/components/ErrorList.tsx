// The NHS error summary: "There is a problem" with a link to each field in error. It takes
// focus whenever a new submit produced errors (`attempt` changes), and its role="alert" child
// makes screen readers announce it.

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from 'nhsuk-react-components';

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
  return (
    <ErrorSummary ref={ref} tabIndex={-1} disableAutoFocus>
      <ErrorSummary.Title>{t('common.errorSummaryTitle')}</ErrorSummary.Title>
      <ErrorSummary.List>
        {items.map((item) =>
          item.fieldId ? (
            <ErrorSummary.ListItem
              key={item.text}
              href={`#${item.fieldId}`}
              onClick={(event) => {
                // Focus the field itself, not just scroll to it (NHS pattern).
                event.preventDefault();
                document.getElementById(item.fieldId ?? '')?.focus();
              }}
            >
              {item.text}
            </ErrorSummary.ListItem>
          ) : (
            <ErrorSummary.ListItem key={item.text}>{item.text}</ErrorSummary.ListItem>
          ),
        )}
      </ErrorSummary.List>
    </ErrorSummary>
  );
}
