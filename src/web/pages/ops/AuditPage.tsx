/** Operations: search the audit log (every read and change of client data, sign-ins, imports). */
import { useEffect, useState, type SubmitEvent } from "react";
import { asApiError, type ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { AuditEvent } from "../../api/types";
import { FormError, TextField } from "../../components/Field";
import { Empty, Loading, PageHeader } from "../../components/ui";
import { formatInstant } from "../../lib/format";

const PAGE = 100;

interface Filters {
  action: string;
  clientId: string;
  actorUserId: string;
  since: string;
}

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return "";
  const text = JSON.stringify(detail);
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

export function AuditPage() {
  const [filters, setFilters] = useState<Filters>({ action: "", clientId: "", actorUserId: "", since: "" });
  const [events, setEvents] = useState<AuditEvent[]>();
  const [more, setMore] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const query = (before?: number) => ({
    limit: PAGE,
    ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
    ...(filters.clientId.trim() ? { clientId: filters.clientId.trim() } : {}),
    ...(filters.actorUserId.trim() ? { actorUserId: filters.actorUserId.trim() } : {}),
    ...(filters.since ? { since: new Date(`${filters.since}T00:00:00`).toISOString() } : {}),
    ...(before ? { before } : {}),
  });

  const search = (before?: number) => {
    setBusy(true);
    setError(undefined);
    api.audit(query(before)).then(
      (found) => {
        setBusy(false);
        setEvents((old) => (before && old ? [...old, ...found] : found));
        setMore(found.length === PAGE);
      },
      (e: unknown) => {
        setBusy(false);
        setError(asApiError(e));
      },
    );
  };

  // The newest events first, before any filter: once, when the page opens. Later searches
  // run on submit with the filters of that moment.
  useEffect(() => {
    search();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on opening only, by design
  }, []);

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    search();
  };
  const set = (k: keyof Filters) => (v: string) => {
    setFilters((f) => ({ ...f, [k]: v }));
  };

  return (
    <>
      <PageHeader
        title="Audit log"
        lead="Every read and change of client data, newest first. The log cannot be changed; searching it is itself recorded."
      />
      <form className="card filters" onSubmit={submit} noValidate>
        <FormError
          error={error}
          shown={["query.action", "query.clientId", "query.actorUserId", "query.since"]}
        />
        <div className="form__row form__row--4">
          <TextField
            label="Action"
            placeholder="e.g. session.confirm"
            value={filters.action}
            onChange={set("action")}
            error={error?.field("query.action")}
          />
          <TextField
            label="Client id"
            value={filters.clientId}
            onChange={set("clientId")}
            error={error?.field("query.clientId")}
          />
          <TextField
            label="User id"
            value={filters.actorUserId}
            onChange={set("actorUserId")}
            error={error?.field("query.actorUserId")}
          />
          <TextField
            label="Since"
            type="date"
            value={filters.since}
            onChange={set("since")}
            error={error?.field("query.since")}
          />
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Search
          </button>
        </div>
      </form>
      {busy && !events ? <Loading what="Searching" /> : null}
      {events && events.length === 0 ? <Empty>No events match.</Empty> : null}
      {events && events.length > 0 ? (
        <div className="table-wrap">
          <table className="table table--dense table--cards">
            <caption className="visually-hidden">Audit events</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Who</th>
                <th scope="col">Record</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td data-label="When">{formatInstant(e.at)}</td>
                  <th scope="row" data-label="Action">
                    <code>{e.action}</code>
                  </th>
                  <td data-label="Who">
                    {e.actorRole ?? "—"}
                    <span className="block small muted mono">{e.actorUserId?.slice(0, 8) ?? ""}</span>
                    {e.ip ? <span className="block small muted">{e.ip}</span> : null}
                  </td>
                  <td data-label="Record">
                    {e.entity}
                    {e.entityId ? (
                      <span className="block small muted mono">{e.entityId.slice(0, 8)}</span>
                    ) : null}
                  </td>
                  <td data-label="Detail" className="mono small audit-detail">
                    {detailText(e.detail)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {events && more ? (
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => {
            search(events.at(-1)?.id);
          }}
        >
          Load older events
        </button>
      ) : null}
    </>
  );
}
