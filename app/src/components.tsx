// Small pieces of the GOV.UK Design System used on every screen, as React components.
import { type ReactNode, useEffect, useId, useRef } from 'react';
import type { Problem } from './problems.js';

/** GOV.UK's error summary: focused when it appears, each message a link to its field. */
export function ErrorSummary({ title = 'There is a problem', items }: { title?: string; items: { message: string; target?: string | undefined }[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = items.map((item) => item.message).join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus again when the messages change
  useEffect(() => ref.current?.focus(), [key]);
  if (items.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {items.map((item) => (
              <li key={item.message}>
                {item.target ? (
                  <a
                    href={`#${item.target}`}
                    onClick={(event) => {
                      event.preventDefault();
                      document.getElementById(item.target!)?.focus();
                    }}
                  >
                    {item.message}
                  </a>
                ) : (
                  item.message
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

/** A problem that is not about one field: a banner the page keeps above its form or data. */
export function ProblemBanner({ problem }: { problem: Problem | null }) {
  if (!problem) return null;
  return <ErrorSummary items={[{ message: problem.message }]} />;
}

export function NotificationBanner({ title = 'Important', children, success = false }: { title?: string; children: ReactNode; success?: boolean }) {
  const titleId = useId();
  const content = (
    <>
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={titleId}>
          {title}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </>
  );
  // A success banner is announced as it appears; an information banner is a labelled region.
  return success ? (
    <div className="govuk-notification-banner govuk-notification-banner--success" role="alert">
      {content}
    </div>
  ) : (
    <section className="govuk-notification-banner" aria-labelledby={titleId}>
      {content}
    </section>
  );
}

/** A field the viewer may not read: the hub refused it (FORBIDDEN at its path). */
export function Restricted() {
  return <strong className="govuk-tag govuk-tag--grey">Restricted</strong>;
}

/** A value, or why there is none: refused, its service down, or simply not recorded. */
export function Value({ value, refused, unavailable = false }: { value: ReactNode; refused: boolean; unavailable?: boolean }) {
  if (refused) return <Restricted />;
  if (value === null || value === undefined || value === '') {
    return unavailable ? (
      <strong className="govuk-tag govuk-tag--yellow">Not available</strong>
    ) : (
      <span className="govuk-hint govuk-!-margin-0">Not recorded</span>
    );
  }
  return <>{value}</>;
}

export function SummaryList({ rows }: { rows: { key: string; value: ReactNode }[] }) {
  return (
    <dl className="govuk-summary-list">
      {rows.map((row) => (
        <div className="govuk-summary-list__row" key={row.key}>
          <dt className="govuk-summary-list__key">{row.key}</dt>
          <dd className="govuk-summary-list__value">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** GOV.UK pagination: previous and next pages by the hub's cursors. */
export function Pagination({ onPrevious, onNext }: { onPrevious?: (() => void) | undefined; onNext?: (() => void) | undefined }) {
  if (!onPrevious && !onNext) return null;
  const link = (label: string, rel: 'prev' | 'next', go: () => void) => (
    <div className={`govuk-pagination__${rel}`}>
      <a
        className="govuk-link govuk-pagination__link"
        href={`#${rel}`}
        rel={rel}
        onClick={(event) => {
          event.preventDefault();
          go();
        }}
      >
        <span className="govuk-pagination__link-title">{label}</span>
      </a>
    </div>
  );
  return (
    <nav className="govuk-pagination govuk-pagination--block" aria-label="Pages">
      {onPrevious && link('Previous page', 'prev', onPrevious)}
      {onNext && link('Next page', 'next', onNext)}
    </nav>
  );
}

/** Cursor paging: the `after` cursor of each page seen, so "Previous" goes back without OFFSET. */
export interface CursorPages {
  after: string | null;
  next(endCursor: string): void;
  previous(): void;
  hasPrevious: boolean;
  /** Back to the first page (a new filter). */
  reset(): void;
}

export const STATUS_TAG: Record<string, string> = {
  OPEN: 'govuk-tag--blue',
  IN_PROGRESS: 'govuk-tag--light-blue',
  AWAITING_CUSTOMER: 'govuk-tag--yellow',
  RESOLVED: 'govuk-tag--green',
  CLOSED: 'govuk-tag--grey',
};

export const words = (constant: string | null | undefined) => (constant ? constant.charAt(0) + constant.slice(1).toLowerCase().replace(/_/g, ' ') : '');

export function StatusTag({ status }: { status: string | null | undefined }) {
  if (!status) return null;
  return <strong className={`govuk-tag ${STATUS_TAG[status] ?? ''}`}>{words(status)}</strong>;
}

export const dateTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' }) : null;

export const date = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleDateString('en-GB', { dateStyle: 'medium', timeZone: 'Europe/London' }) : null;
