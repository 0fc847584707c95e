/**
 * Operations: the audit log (every read and change of client data, sign-ins, imports), newest
 * first, 50 events a page ("Older" / "Newer" page by the API's `before`). Each event says who
 * acted (their name and role), what they did in words, for which client and when (in the viewer's
 * time zone). Filters: person and client (chosen from those seen, or from a row), action or group
 * of actions, and a from/until window.
 */
import { useCallback, useEffect, useId, useRef, useState, type SubmitEvent } from "react";
import { asApiError, type ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { AuditEvent, AuditFilter } from "../../api/types";
import { DataTable, type Column } from "../../components/DataTable";
import { FormError, SelectField, TextField } from "../../components/Field";
import { Empty, Loading, PageHeader } from "../../components/ui";
import {
  actionLabel,
  actionOptions,
  actorLabel,
  describeActionFilter,
  formatAuditTime,
  localToInstant,
} from "../../lib/audit-actions";
import { plural } from "../../lib/format";

/** Events a page. */
const PAGE = 50;
/** The longest action the API takes (`src/contract/api/audit.ts`). */
const ACTION_MAX = 100;
/** A `datetime-local` value: "2026-12-04T13:05". */
const LOCAL_MAX = 16;

interface Filters {
  readonly actorUserId: string;
  readonly clientId: string;
  readonly action: string;
  /** `datetime-local` values, the viewer's wall clock. */
  readonly from: string;
  readonly until: string;
}
const NO_FILTERS: Filters = { actorUserId: "", clientId: "", action: "", from: "", until: "" };

function toQuery(f: Filters, before: number | undefined): AuditFilter {
  const since = localToInstant(f.from);
  const until = localToInstant(f.until, true);
  const action = f.action.trim();
  return {
    limit: PAGE + 1,
    ...(f.actorUserId ? { actorUserId: f.actorUserId } : {}),
    ...(f.clientId ? { clientId: f.clientId } : {}),
    ...(action ? { action } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    ...(before !== undefined ? { before } : {}),
  };
}

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return "";
  const text = JSON.stringify(detail, null, 1);
  return text.length > 1200 ? `${text.slice(0, 1200)}…` : text;
}

/** The clients a list read included (`clientIds` in its detail). */
function listedClients(detail: unknown): number {
  if (typeof detail !== "object" || detail === null || !("clientIds" in detail)) return 0;
  const ids = detail.clientIds;
  return Array.isArray(ids) ? ids.length : 0;
}

const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);
const ACTIONS = actionOptions();

export function AuditPage() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  /** The filters of the search shown, and the `before` of each page up to the one shown. */
  const [applied, setApplied] = useState<{ filters: Filters; cursors: readonly number[] }>({
    filters: NO_FILTERS,
    cursors: [],
  });
  const [events, setEvents] = useState<AuditEvent[]>();
  const [older, setOlder] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  /** Everyone and every client seen in this visit's results: the filters' choices. */
  const [people, setPeople] = useState<ReadonlyMap<string, string>>(new Map());
  const [clients, setClients] = useState<ReadonlyMap<string, string>>(new Map());
  const latest = useRef(0);
  const resultsId = useId();

  const show = useCallback((f: Filters, cursors: readonly number[]) => {
    const ticket = ++latest.current;
    setBusy(true);
    setError(undefined);
    // The rows shown are of the last answer only: none while the next is on its way.
    setEvents(undefined);
    api.audit(toQuery(f, cursors.at(-1))).then(
      (found) => {
        if (ticket !== latest.current) return;
        setBusy(false);
        setApplied({ filters: f, cursors });
        setEvents(found.slice(0, PAGE));
        setOlder(found.length > PAGE);
        setPeople((old) => {
          const next = new Map(old);
          for (const e of found) if (e.actorUserId) next.set(e.actorUserId, actorLabel(e));
          return next;
        });
        setClients((old) => {
          const next = new Map(old);
          for (const e of found) if (e.clientId && e.clientName) next.set(e.clientId, e.clientName);
          return next;
        });
      },
      (e: unknown) => {
        if (ticket !== latest.current) return;
        setBusy(false);
        setError(asApiError(e));
      },
    );
  }, []);

  // The newest events, before any filter: once, when the page opens.
  useEffect(() => {
    show(NO_FILTERS, []);
  }, [show]);

  const page = (cursors: readonly number[]) => {
    show(applied.filters, cursors);
    document.getElementById(resultsId)?.focus();
  };
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    show(filters, []);
  };
  /** A row's person or client added to the filters shown, searched at once. */
  const only = (change: Partial<Filters>) => {
    const next = { ...applied.filters, ...change };
    setFilters(next);
    show(next, []);
    document.getElementById(resultsId)?.focus();
  };
  const set = (k: keyof Filters) => (v: string) => {
    setFilters((f) => ({ ...f, [k]: v }));
  };

  const columns: readonly Column<AuditEvent>[] = [
    {
      header: "Action",
      rowHeader: true,
      cell: (e) => (
        <>
          {actionLabel(e.action)}
          <code className="block small muted">{e.action}</code>
        </>
      ),
    },
    {
      header: "When",
      cell: (e) => <time dateTime={e.at}>{formatAuditTime(e.at)}</time>,
    },
    {
      header: "Who",
      cell: (e) => (
        <>
          {e.actorUserId && e.actorUserId !== applied.filters.actorUserId ? (
            <button
              type="button"
              className="linklike audit-filter-link"
              onClick={() => {
                only({ actorUserId: e.actorUserId ?? "" });
              }}
            >
              <span className="visually-hidden">Show only the events of </span>
              {actorLabel(e)}
            </button>
          ) : (
            actorLabel(e)
          )}
          {e.ip ? <span className="block small muted">from {e.ip}</span> : null}
        </>
      ),
    },
    {
      header: "Client",
      cell: (e) => {
        if (e.clientId && e.clientName)
          return e.clientId === applied.filters.clientId ? (
            e.clientName
          ) : (
            <button
              type="button"
              className="linklike audit-filter-link"
              onClick={() => {
                only({ clientId: e.clientId ?? "" });
              }}
            >
              <span className="visually-hidden">Show only the events about </span>
              {e.clientName}
            </button>
          );
        const listed = listedClients(e.detail);
        if (listed > 0) return <span className="muted">{plural(listed, "client")} in the list</span>;
        return <span className="muted">—</span>;
      },
    },
    {
      header: "Record",
      className: "audit-detail",
      cell: (e) => {
        const detail = detailText(e.detail);
        const record = `${e.entity}${e.entityId ? ` ${e.entityId.slice(0, 8)}` : ""}`;
        return detail ? (
          <details>
            <summary>
              <span className="mono small">{record}</span>
            </summary>
            <pre className="audit-detail__json">{detail}</pre>
          </details>
        ) : (
          <span className="mono small">{record}</span>
        );
      },
    },
  ];

  const personOptions = [...people].map(([value, label]) => ({ value, label })).sort(byLabel);
  if (filters.actorUserId && !people.has(filters.actorUserId))
    personOptions.unshift({
      value: filters.actorUserId,
      label: `Account ${filters.actorUserId.slice(0, 8)}`,
    });
  const clientOptions = [...clients].map(([value, label]) => ({ value, label })).sort(byLabel);
  const first = applied.cursors.length * PAGE + 1;
  const filtered = Object.values(applied.filters).some(Boolean);

  return (
    <>
      <PageHeader
        title="Audit log"
        lead="Every read and change of client data, newest first. The log cannot be changed; searching it is itself recorded."
      />
      <form className="card filters" onSubmit={submit} noValidate aria-label="Search the audit log">
        <FormError
          error={error}
          shown={["query.action", "query.clientId", "query.actorUserId", "query.since", "query.until"]}
        />
        <div className="form__row audit-filters">
          <SelectField
            label="Person"
            hint="Everyone seen in the results so far; or choose a name in a row."
            value={filters.actorUserId}
            onChange={set("actorUserId")}
            options={[{ value: "", label: "Anyone" }, ...personOptions]}
            error={error?.field("query.actorUserId")}
          />
          <SelectField
            label="Client"
            hint="Every client seen in the results so far; or choose one in a row."
            value={filters.clientId}
            onChange={set("clientId")}
            options={[{ value: "", label: "Any client" }, ...clientOptions]}
            error={error?.field("query.clientId")}
          />
          <TextField
            label="Action"
            hint={describeActionFilter(filters.action)}
            placeholder="e.g. session.confirm, or a group: claim"
            list={`${resultsId}-actions`}
            maxLength={ACTION_MAX}
            autoComplete="off"
            spellCheck={false}
            value={filters.action}
            onChange={set("action")}
            error={error?.field("query.action")}
          />
          <TextField
            label="From"
            type="datetime-local"
            maxLength={LOCAL_MAX}
            value={filters.from}
            onChange={set("from")}
            error={error?.field("query.since")}
          />
          <TextField
            label="Until"
            type="datetime-local"
            maxLength={LOCAL_MAX}
            value={filters.until}
            onChange={set("until")}
            error={error?.field("query.until")}
          />
        </div>
        <datalist id={`${resultsId}-actions`}>
          {ACTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </datalist>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Search
          </button>
          {Object.values(filters).some(Boolean) ? (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => {
                setFilters(NO_FILTERS);
                show(NO_FILTERS, []);
              }}
            >
              Clear filters
            </button>
          ) : null}
        </div>
      </form>

      <div id={resultsId} tabIndex={-1} className="audit-results" aria-busy={busy}>
        {busy ? <Loading what="Searching" /> : null}
        {events && events.length > 0 ? (
          <p className="muted audit-range" aria-live="polite">
            Events {first}–{first + events.length - 1}
            {filtered ? " matching the filters" : ""}, newest first. Times are in your time zone.
          </p>
        ) : null}
        {events ? (
          <DataTable
            rows={events}
            columns={columns}
            rowKey={(e) => String(e.id)}
            rowData={(e) => ({ "data-id": String(e.id) })}
            caption="Audit events"
            className="audit-table"
            empty={<Empty>{applied.cursors.length > 0 ? "No older events." : "No events match."}</Empty>}
          />
        ) : null}
        {events && (older || applied.cursors.length > 0) ? (
          <nav className="audit-pages" aria-label="Pages of events">
            <button
              type="button"
              className="button"
              disabled={busy || applied.cursors.length === 0}
              onClick={() => {
                page(applied.cursors.slice(0, -1));
              }}
            >
              ← Newer
            </button>
            <button
              type="button"
              className="button"
              disabled={busy || !older}
              onClick={() => {
                const last = events.at(-1)?.id;
                if (last !== undefined) page([...applied.cursors, last]);
              }}
            >
              Older →
            </button>
          </nav>
        ) : null}
      </div>
    </>
  );
}
