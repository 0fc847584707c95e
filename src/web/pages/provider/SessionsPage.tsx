/**
 * The provider's sessions: to confirm, upcoming, confirmed; schedule, confirm and cancel. Each
 * scheduled session shows its outlook (`session.outlook`, the server's latest re-check): billable
 * by which route and to whom, or at risk with the reason and the fix. On load the page makes three
 * requests, whatever the number of sessions: GET /sessions, GET /clients, GET /providers/{id}.
 */
import { useEffect, useRef, useState, type ReactNode } from "react";
import { asApiError, type ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { ClientSummary, Confirmed, Outlook, Provider, Session } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { Empty, LoadError, Loading, PageHeader, Pill } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { addDays, formatAddress, formatDayAt, formatInstant, isPast, todayIso } from "../../lib/format";
import { verdictOf } from "../../lib/verdict";
import { navigate, useLocation } from "../../lib/router";
import { useAsync } from "../../lib/useAsync";
import { ConfirmDialog, ConfirmedNotice } from "./ConfirmDialog";
import { ScheduleForm } from "./ScheduleForm";
import { notifyChanged } from "../../lib/changes";

interface Data {
  sessions: Session[];
  clients: ClientSummary[];
  provider: Provider;
}

async function load(providerId: string): Promise<Data> {
  const today = todayIso();
  const [sessions, clients, provider] = await Promise.all([
    api.allSessions({ from: addDays(today, -31), to: addDays(today, 90), limit: 500 }),
    api.clients(),
    api.provider(providerId),
  ]);
  return { sessions, clients, provider };
}

const TONES = { good: "good", bad: "bad", warn: "amber" } as const;

/** A scheduled session's outlook: the answer, why and the fix when refused, and when it was checked. */
function OutlookCell({ outlook, past }: { outlook: Outlook | null; past: boolean }) {
  const { payerName } = useApp();
  // The daily re-check looks ahead: a session that has taken place is decided when confirmed.
  if (!outlook) return past ? null : <span className="muted small">Not checked yet</span>;
  const v = verdictOf(outlook, past, payerName);
  return (
    <div className={`outlook outlook--${v.tone}`}>
      <Pill tone={TONES[v.tone]} symbol={v.symbol}>
        {v.headline}
      </Pill>
      {v.reason ? <span className="block small outlook__reason">{v.reason}</span> : null}
      {v.fix ? (
        <span className="block small outlook__fix">
          <strong>What would fix it:</strong> {v.fix}
        </span>
      ) : null}
      {v.crisis ? <span className="block small outlook__crisis">{v.crisis}</span> : null}
      <span className="block small muted outlook__checked">Checked {formatInstant(outlook.checkedAt)}</span>
    </div>
  );
}

function SessionRow({
  session,
  client,
  provider,
  onConfirm,
  onCancel,
  busy,
}: {
  session: Session;
  client: ClientSummary | undefined;
  provider: Provider;
  onConfirm?: () => void;
  onCancel?: () => void;
  busy: boolean;
}) {
  const { payerName } = useApp();
  const practice = provider.practiceLocations.find((p) => p.id === session.practiceLocationId);
  const past = isPast(session.startsAt);
  return (
    <tr data-session={session.id}>
      <td data-label="When">{formatInstant(session.startsAt)}</td>
      <th scope="row" data-label="Client">
        {client?.name ?? "Client"}
      </th>
      <td data-label="Session">
        {session.modality === "telehealth" ? "Video" : `In person${practice ? `, ${practice.label}` : ""}`} ·{" "}
        {session.durationMinutes} min · {session.cptCode}
        {session.crisis ? (
          <>
            {" "}
            <Pill tone="amber" symbol="!">
              Crisis
            </Pill>
          </>
        ) : null}
      </td>
      <td data-label="Status">
        {session.status === "confirmed" && session.decision ? (
          <span>
            <Pill tone="good" symbol="✓">
              Confirmed
            </Pill>
            <span className="block small muted">
              Took place{session.location ? ` at ${formatAddress(session.location)}` : ""} · billed to{" "}
              {payerName(session.decision.billTo ?? "")}
            </span>
          </span>
        ) : session.status === "cancelled" ? (
          <Pill tone="neutral">Cancelled</Pill>
        ) : (
          <>
            {onConfirm ? (
              <span className="block">
                <Pill tone="amber" symbol="●">
                  To confirm
                </Pill>
              </span>
            ) : null}
            <OutlookCell outlook={session.outlook} past={past} />
          </>
        )}
      </td>
      <td className="table__actions">
        {onConfirm ? (
          <button type="button" className="button button--primary button--small" onClick={onConfirm}>
            Confirm<span className="visually-hidden"> session with {client?.name}</span>
          </button>
        ) : null}
        {onCancel ? (
          <button type="button" className="button button--small" onClick={onCancel} disabled={busy}>
            Cancel<span className="visually-hidden"> session with {client?.name}</span>
          </button>
        ) : null}
      </td>
    </tr>
  );
}

function SessionTable({ title, children, id }: { title: string; children: ReactNode; id: string }) {
  return (
    <section className="section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <div className="table-wrap">
        <table className="table table--cards">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Client</th>
              <th scope="col">Session</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </div>
    </section>
  );
}

export function SessionsPage() {
  const { user } = useApp();
  const { query } = useLocation();
  const data = useAsync(() => load(user.providerId ?? ""), [user.providerId]);
  const [scheduling, setScheduling] = useState(() => query.has("client"));
  const [confirming, setConfirming] = useState<Session>();
  const [confirmed, setConfirmed] = useState<Confirmed>();
  const [cancelError, setCancelError] = useState<ApiError>();
  const [cancelling, setCancelling] = useState<Session>();
  const [cancelNews, setCancelNews] = useState<string>();
  const [busy, setBusy] = useState(false);
  const cancelledRef = useRef<HTMLDivElement>(null);
  // The row's Cancel button goes with the row: focus moves to the news instead.
  useEffect(() => {
    if (cancelNews) cancelledRef.current?.focus();
  }, [cancelNews]);

  if (data.error) return <LoadError error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading what="Loading sessions" />;
  const { sessions, clients, provider } = data.data;
  const byId = new Map(clients.map((c) => [c.id, c]));
  const now = Date.now();
  const started = (s: Session) => new Date(s.startsAt).getTime() <= now;
  const toConfirm = sessions.filter((s) => s.status === "scheduled" && started(s));
  const upcoming = sessions.filter((s) => s.status === "scheduled" && !started(s));
  const done = sessions.filter((s) => s.status === "confirmed").reverse();
  const cancelled = sessions.filter((s) => s.status === "cancelled");

  const cancel = (s: Session) => {
    setBusy(true);
    setCancelError(undefined);
    api.cancel(s.id).then(
      () => {
        setBusy(false);
        setCancelling(undefined);
        const name = byId.get(s.clientId)?.name;
        setCancelNews(`Cancelled the session on ${formatDayAt(s.startsAt)}${name ? ` with ${name}` : ""}.`);
        notifyChanged();
        data.reload();
      },
      (e: unknown) => {
        setBusy(false);
        setCancelError(asApiError(e));
      },
    );
  };

  const row = (s: Session, actions: { confirm?: boolean; cancel?: boolean }) => (
    <SessionRow
      key={s.id}
      session={s}
      client={byId.get(s.clientId)}
      provider={provider}
      busy={busy}
      {...(actions.confirm
        ? {
            onConfirm: () => {
              setConfirmed(undefined);
              setCancelNews(undefined);
              setConfirming(s);
            },
          }
        : {})}
      {...(actions.cancel
        ? {
            onCancel: () => {
              setCancelError(undefined);
              setCancelNews(undefined);
              setCancelling(s);
            },
          }
        : {})}
    />
  );

  return (
    <>
      <PageHeader
        title="Sessions"
        lead="Schedule sessions ahead; confirm each once it has taken place, within 30 days."
        actions={
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              setScheduling(true);
            }}
          >
            Schedule a session
          </button>
        }
      />
      {confirmed ? <ConfirmedNotice result={confirmed} /> : null}
      {cancelNews ? (
        <div className="notice notice--info" role="status" tabIndex={-1} ref={cancelledRef}>
          <p>{cancelNews}</p>
        </div>
      ) : null}
      {cancelError && !cancelling ? <LoadError error={cancelError} /> : null}
      {toConfirm.length > 0 ? (
        <SessionTable title="To confirm" id="to-confirm">
          {toConfirm.map((s) => row(s, { confirm: true, cancel: true }))}
        </SessionTable>
      ) : null}
      {upcoming.length > 0 ? (
        <SessionTable title="Upcoming" id="upcoming">
          {upcoming.map((s) => row(s, { cancel: true }))}
        </SessionTable>
      ) : null}
      {done.length > 0 ? (
        <SessionTable title="Confirmed" id="confirmed">
          {done.map((s) => row(s, {}))}
        </SessionTable>
      ) : null}
      {cancelled.length > 0 ? (
        <details className="section">
          <summary>Cancelled ({cancelled.length})</summary>
          <SessionTable title="Cancelled" id="cancelled">
            {cancelled.map((s) => row(s, {}))}
          </SessionTable>
        </details>
      ) : null}
      {sessions.length === 0 ? <Empty>No sessions in the last month or the next three.</Empty> : null}
      {scheduling ? (
        <Dialog
          title="Schedule a session"
          onClose={() => {
            setScheduling(false);
            if (query.has("client")) navigate("/sessions", { replace: true });
          }}
        >
          <ScheduleForm
            clients={clients}
            provider={provider}
            {...(query.get("client") ? { initialClient: query.get("client") ?? "" } : {})}
            onCancel={() => {
              setScheduling(false);
            }}
            onScheduled={(s) => {
              setScheduling(false);
              data.reload();
              // A crisis recorded after the fact goes straight on to its confirmation.
              if (s.crisis && new Date(s.startsAt).getTime() <= Date.now()) setConfirming(s);
            }}
          />
        </Dialog>
      ) : null}
      {cancelling ? (
        <CancelDialog
          session={cancelling}
          clientName={byId.get(cancelling.clientId)?.name}
          busy={busy}
          error={cancelError}
          onCancel={() => {
            cancel(cancelling);
          }}
          onKeep={() => {
            setCancelling(undefined);
            setCancelError(undefined);
          }}
        />
      ) : null}
      {confirming ? (
        <ConfirmDialog
          session={confirming}
          provider={provider}
          onClose={() => {
            setConfirming(undefined);
          }}
          onConfirmed={(result) => {
            setConfirming(undefined);
            setConfirmed(result);
            data.reload();
          }}
        />
      ) : null}
    </>
  );
}

/** "Cancel the session on Tue, Dec 8 at 10:00 AM EST with Alex Rivera?": asked before anything changes. */
function CancelDialog({
  session,
  clientName,
  busy,
  error,
  onCancel,
  onKeep,
}: {
  session: Session;
  clientName: string | undefined;
  busy: boolean;
  error: ApiError | undefined;
  onCancel: () => void;
  onKeep: () => void;
}) {
  return (
    <Dialog title="Cancel this session?" onClose={onKeep}>
      <p>
        Cancel the session on {formatDayAt(session.startsAt)}
        {clientName ? ` with ${clientName}` : ""}?
      </p>
      <p className="small muted">
        It will no longer be listed as upcoming or to confirm, and it cannot be confirmed or billed.
      </p>
      {error ? <LoadError error={error} /> : null}
      <div className="form__actions">
        <button type="button" className="button button--danger" onClick={onCancel} disabled={busy}>
          {busy ? "Cancelling…" : "Cancel session"}
        </button>
        <button type="button" className="button" onClick={onKeep} disabled={busy}>
          Keep it
        </button>
      </div>
    </Dialog>
  );
}
