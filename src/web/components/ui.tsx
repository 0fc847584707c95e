/** Small pieces every page uses: headings, loading and empty states, pills and notices. */
import { useEffect, useRef, type ReactNode } from "react";
import type { ApiError } from "../api/client";
import type { Pages } from "../lib/usePages";
import type { Badge } from "../api/types";

/** The app's name, last in every document title. */
export const APP_NAME = "Stateline";

/** A document title: "Clients — Stateline"; the app's name alone for none. */
export const pageTitle = (title?: string): string => (title ? `${title} — ${APP_NAME}` : APP_NAME);

/**
 * Sets the document title (the browser tab, history, and what a screen reader announces on a new
 * page) while the component is shown: `useTitle("Sam Rivera")` → "Sam Rivera — Stateline".
 * Undefined leaves the title as it is.
 */
export function useTitle(title: string | undefined): void {
  useEffect(() => {
    if (title !== undefined) document.title = pageTitle(title);
  }, [title]);
}

/**
 * A page's heading: it takes focus when the page opens (screen readers hear the page changed),
 * and a heading given as text is also the document title ("Sam Rivera — Stateline").
 */
export function PageHeader({
  title,
  lead,
  actions,
}: {
  title: ReactNode;
  lead?: ReactNode;
  actions?: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Moving focus to the new page's heading tells screen readers the page changed.
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  useTitle(typeof title === "string" && title !== "" ? title : undefined);
  return (
    <header className="page-header">
      <div>
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {lead ? <p className="page-header__lead">{lead}</p> : null}
      </div>
      {actions ? <div className="page-header__actions">{actions}</div> : null}
    </header>
  );
}

export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {what}…
    </p>
  );
}

export function LoadError({ error, retry }: { error: ApiError; retry?: () => void }) {
  return (
    <div className="notice notice--bad" role="alert">
      <p>
        <strong>{error.title}.</strong> {error.message}
      </p>
      {retry ? (
        <button type="button" className="button button--small" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export type Tone = "good" | "blue" | "violet" | "amber" | "bad" | "neutral";

export function Pill({ tone, children, symbol }: { tone: Tone; children: ReactNode; symbol?: string }) {
  return (
    <span className={`pill pill--${tone}`}>
      {symbol ? (
        <span className="pill__symbol" aria-hidden="true">
          {symbol}
        </span>
      ) : null}
      {children}
    </span>
  );
}

const BADGES: Record<Badge, { tone: Tone; symbol: string; label: string }> = {
  ok: { tone: "good", symbol: "✓", label: "Can be seen" },
  missing_address: { tone: "amber", symbol: "?", label: "Missing address" },
  out_of_network: { tone: "bad", symbol: "✕", label: "Out-of-network" },
  not_licensed: { tone: "bad", symbol: "✕", label: "Not licensed there" },
  not_billable: { tone: "bad", symbol: "✕", label: "Not billable" },
  no_coverage: { tone: "amber", symbol: "?", label: "No coverage on file" },
};

export function ClientBadge({ badge }: { badge: Badge }) {
  const b = BADGES[badge];
  return (
    <Pill tone={b.tone} symbol={b.symbol}>
      {b.label}
    </Pill>
  );
}

export function Notice({
  tone,
  title,
  children,
  role,
}: {
  tone: "good" | "bad" | "warn" | "info";
  title?: ReactNode;
  children?: ReactNode;
  role?: "status" | "alert";
}) {
  return (
    <div className={`notice notice--${tone}`} role={role}>
      {title ? (
        <p className="notice__title">
          <strong>{title}</strong>
        </p>
      ) : null}
      {children}
    </div>
  );
}

/** A progress bar with its words; `fraction` null shows an indeterminate bar. */
export function ProgressBar({ label, fraction }: { label: string; fraction: number | null }) {
  return (
    <div className="progress">
      <div className="progress__label">
        <span>{label}</span>
        {fraction !== null ? <span>{Math.round(fraction * 100)}%</span> : null}
      </div>
      <div
        className={`progress__track${fraction === null ? " progress__track--busy" : ""}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(fraction !== null ? { "aria-valuenow": Math.round(fraction * 100) } : {})}
      >
        <div className="progress__bar" style={{ width: `${fraction === null ? 40 : fraction * 100}%` }} />
      </div>
    </div>
  );
}

/**
 * A form's buttons: submit (showing `busyLabel` while it runs) and, when given, Cancel. While
 * busy the submit button is aria-disabled, not disabled: a disabled button drops the focus it
 * has to the page's top, and after a refused submit focus must stay in the form (FormError then
 * moves it to the first field in error). A second submit meanwhile is ignored.
 */
export function FormActions({
  label,
  busy,
  busyLabel = "Saving…",
  onCancel,
}: {
  label: string;
  busy: boolean;
  busyLabel?: string;
  onCancel?: (() => void) | undefined;
}) {
  return (
    <div className="form__actions">
      <button
        type="submit"
        className="button button--primary"
        aria-disabled={busy ? true : undefined}
        onClick={(e) => {
          // Also stops the implicit submission of Enter in a field, which clicks this button.
          if (busy) e.preventDefault();
        }}
      >
        {busy ? busyLabel : label}
      </button>
      {onCancel ? (
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}

/**
 * Under a list read a page at a time: "Show 100 more claims" while the list goes on (nothing
 * once it has ended), and why the last page did not come, with a retry.
 */
export function MorePages({
  pages,
  label,
}: {
  pages: Pick<Pages<unknown>, "next" | "more" | "adding" | "addError">;
  label: string;
}) {
  return (
    <>
      {pages.addError ? <LoadError error={pages.addError} retry={pages.more} /> : null}
      {pages.next !== null ? (
        <p className="more-pages">
          <button type="button" className="button" onClick={pages.more} disabled={pages.adding}>
            {pages.adding ? "Loading…" : label}
          </button>
        </p>
      ) : null}
    </>
  );
}
