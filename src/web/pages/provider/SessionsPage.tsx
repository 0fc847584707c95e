/** The provider's sessions: to confirm, upcoming (with whether each can go ahead), confirmed; schedule and confirm. */
import { useState, type ReactNode } from "react";
import { asApiError, type ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { ClientSummary, Confirmed, Provider, Session } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { Empty, LoadError, Loading, PageHeader, Pill } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { addDays, formatAddress, formatInstant, todayIso } from "../../lib/format";
import { atRisk, outlookForProvider, type Outlook } from "../../lib/outlook";
import { navigate, useLocation } from "../../lib/router";
import { useAsync } from "../../lib/useAsync";
import { ConfirmDialog, ConfirmedNotice } from "./ConfirmDialog";
import { ScheduleForm } from "./ScheduleForm";
import { notifyChanged } from "../../lib/changes";

interface Data {
  sessions: Session[];
  clients: ClientSummary[];
  provider: Provider;
  outlook: Map<string, Outlook>;
}

async function load(providerId: string): Promise<Data> {
  const today = todayIso();
  const [sessions, clients, provider] = await Promise.all([
    api.sessions({ from: addDays(today, -31), to: addDays(today, 90), limit: 500 }),
    api.clients(),
    api.provider(providerId),
  ]);
  const upcoming = sessions.filter(
    (s) =>
      s.status === "scheduled" && s.modality === "telehealth" && new Date(s.startsAt).getTime() > Date.now(),
  );
  const outlook = await outlookForProvider(upcoming.slice(0, 30));
  return { sessions, clients, provider, outlook: new Map(outlook.map((o) => [o.session.id, o])) };
}

function Outlooks({ outlook }: { outlook: Outlook | undefined }) {
  if (!outlook?.summary) return null;
  const where = outlook.summary.currentLocation;
  const place = where ? formatAddress({ city: where.city, state: where.state }) : "an unknown place";
  if (!atRisk(outlook)) {
    return (
      <Pill tone="good" symbol="✓">
        OK from {place}
      </Pill>
    );
  }
  return (
    <span>
      <Pill tone="bad" symbol="!">
        At risk: client in {place}
      </Pill>
      <span className="block small muted">
        {outlook.summary.decision?.reasons[0]?.message ?? "No location on file."}
      </span>
    </span>
  );
}

function SessionRow({
  session,
  client,
  provider,
  outlook,
  onConfirm,
  onCancel,
  busy,
}: {
  session: Session;
  client: ClientSummary | undefined;
  provider: Provider;
  outlook: Outlook | undefined;
  onConfirm?: () => void;
  onCancel?: () => void;
  busy: boolean;
}) {
  const { payerName } = useApp();
  const practice = provider.practiceLocations.find((p) => p.id === session.practiceLocationId);
  return (
    <tr data-session={session.id}>
      <td data-label="When">{formatInstant(session.startsAt, session.timeZone)}</td>
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
              {session.location ? `${formatAddress(session.location)} · ` : ""}bill{" "}
              {payerName(session.decision.billTo ?? "")}
            </span>
          </span>
        ) : session.status === "cancelled" ? (
          <Pill tone="neutral">Cancelled</Pill>
        ) : onConfirm ? (
          <Pill tone="amber" symbol="●">
            To confirm
          </Pill>
        ) : (
          <Outlooks outlook={outlook} />
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
  const [busy, setBusy] = useState(false);

  if (data.error) return <LoadError error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading what="Loading sessions" />;
  const { sessions, clients, provider, outlook } = data.data;
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
      outlook={outlook.get(s.id)}
      busy={busy}
      {...(actions.confirm
        ? {
            onConfirm: () => {
              setConfirmed(undefined);
              setConfirming(s);
            },
          }
        : {})}
      {...(actions.cancel
        ? {
            onCancel: () => {
              cancel(s);
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
      {cancelError ? <LoadError error={cancelError} /> : null}
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
