/** A client's upcoming sessions, each with whether it can go ahead from where they will be, in plain words. */
import { api } from "../../api/endpoints";
import type { Decision, ReasonCode, Session } from "../../api/types";
import { LOCATION_KIND_NAMES } from "../../components/LocationForm";
import { Empty, LoadError, Loading, PageHeader, Pill } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { formatAddress, formatInstant, stateName, todayIso } from "../../lib/format";
import { outlookForClient, type Outlook } from "../../lib/outlook";
import { Link } from "../../lib/router";
import { useAsync } from "../../lib/useAsync";

/** A blocking reason told to the client rather than the provider. */
export function forClient(code: ReasonCode, state: string): string {
  const where = stateName(state);
  switch (code) {
    case "CLIENT_LOCATION_MISSING":
      return "We don't know where you will be that day.";
    case "LOCATION_MISMATCH":
      return "The address we have for that day doesn't add up: its ZIP code is in another state.";
    case "ZIP_REQUIRED":
      return `We need the ZIP code of where you will be in ${where}: your plan works differently in different parts of the state.`;
    case "UNKNOWN_PAYER":
      return "We don't recognise your insurance plan yet.";
    case "COVERAGE_NOT_ACTIVE":
      return "Your insurance is not in force on that date.";
    case "NOT_LICENSED":
      return `Your provider is not licensed in ${where}, so they cannot see you while you are there.`;
    case "LICENSE_NOT_ACTIVE":
      return `Your provider's license in ${where} is not active on that date.`;
    case "TELEHEALTH_ONLY_AUTHORITY":
      return `Your provider may only see you by video in ${where}.`;
    case "PRIVILEGE_NOT_VALID":
      return `Your provider's interstate privilege to practice in ${where} does not hold on that date.`;
    case "NOT_CREDENTIALED":
      return `Your provider cannot bill your insurance for a session while you are in ${where}.`;
    case "BLUECARD_NOT_AVAILABLE":
      return `Your Blue plan does not cover sessions with your provider while you are in ${where}.`;
    case "CREDENTIAL_NOT_ACTIVE":
      return `Your provider's contract with your plan in ${where} is not active on that date.`;
    case "CRISIS_ADDRESS_REQUIRED":
      return "Your provider will need the exact address where you are.";
  }
}

function Verdict({ outlook }: { outlook: Outlook }) {
  const { session, summary } = outlook;
  if (session.modality === "in_person") {
    return (
      <p>
        <Pill tone="neutral">In person</Pill> At your provider&apos;s office.
      </p>
    );
  }
  const where = summary?.currentLocation;
  if (!where) {
    return (
      <div className="verdict verdict--warn">
        <p className="verdict__title">
          <span aria-hidden="true">? </span>We don&apos;t know where you will be.
        </p>
        <p>
          <Link to="/locations">Add the place</Link> so your provider can check.
        </p>
      </div>
    );
  }
  const place = `${where.label ?? LOCATION_KIND_NAMES[where.kind]} (${formatAddress({ city: where.city, state: where.state })})`;
  const d: Decision | null | undefined = summary.decision;
  if (d?.outcome === "billable") {
    return (
      <div className="verdict verdict--good">
        <p className="verdict__title">
          <span aria-hidden="true">✓ </span>Yes, it can go ahead.
        </p>
        <p>You will be at {place}, and your provider can see you there by video.</p>
      </div>
    );
  }
  const reasons = d?.reasons ?? [];
  return (
    <div className="verdict verdict--bad">
      <p className="verdict__title">
        <span aria-hidden="true">✕ </span>Not from where you will be.
      </p>
      <p>You will be at {place}.</p>
      <ul>
        {reasons.map((r) => (
          <li key={r.code}>{forClient(r.code, where.state)}</li>
        ))}
      </ul>
      <p>
        Talk to your provider before the session, or <Link to="/locations">update where you will be</Link>.
      </p>
    </div>
  );
}

async function load(clientId: string) {
  const sessions = await api.sessions({ from: todayIso(), status: "scheduled", limit: 100 });
  const upcoming = sessions.filter((s: Session) => new Date(s.startsAt).getTime() > Date.now());
  return outlookForClient(clientId, upcoming);
}

export function MySessionsPage() {
  const { user } = useApp();
  const data = useAsync(() => load(user.clientId ?? ""), [user.clientId]);
  return (
    <>
      <PageHeader
        title="My sessions"
        lead="Your upcoming sessions, and whether each can go ahead from where you will be."
      />
      {data.error ? <LoadError error={data.error} retry={data.reload} /> : null}
      {!data.data && !data.error ? <Loading what="Checking your sessions" /> : null}
      {data.data?.length === 0 ? <Empty>No upcoming sessions.</Empty> : null}
      {data.data && data.data.length > 0 ? (
        <ul className="session-cards">
          {data.data.map((o) => (
            <li key={o.session.id} className="card session-card">
              <h2 className="session-card__when">{formatInstant(o.session.startsAt, o.session.timeZone)}</h2>
              <p className="muted">
                {o.session.modality === "telehealth" ? "Video session" : "In-person session"} ·{" "}
                {o.session.durationMinutes} minutes
              </p>
              <Verdict outlook={o} />
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
