/**
 * A client's upcoming sessions, each with whether it can go ahead from where they will be, in
 * plain words: the server's outlook on each session (`session.outlook`), in person as by video.
 * One request: GET /sessions.
 */
import { api } from "../../api/endpoints";
import type { Outlook, ReasonCode, ServiceLocation, Session } from "../../api/types";
import { Empty, LoadError, Loading, PageHeader } from "../../components/ui";
import { formatAddress, formatInstant, stateName, todayIso } from "../../lib/format";
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

/** Where the check placed the client, for them: "at home (Durham, NC)", "on your trip (Miami Beach, FL)". */
function placeForClient(l: ServiceLocation): string {
  const where = formatAddress({ city: l.city, state: l.state });
  switch (l.kind) {
    case "home":
      return `at home (${where})`;
    case "temporary":
      return `on your trip (${where})`;
    case "virtual_session":
    case null:
      return `in ${where}`;
  }
}

function Verdict({ session, outlook }: { session: Session; outlook: Outlook | null }) {
  const inPerson = session.modality === "in_person";
  if (!outlook) {
    return (
      <div className="verdict verdict--warn">
        <p className="verdict__title">
          <span aria-hidden="true">? </span>Not checked yet.
        </p>
        <p>Your provider&apos;s system checks each session every day; look again tomorrow.</p>
      </div>
    );
  }
  const where = outlook.location;
  const checked = <p className="small muted">Checked {formatInstant(outlook.checkedAt)}.</p>;
  if (outlook.outcome === null) {
    return (
      <div className="verdict verdict--warn">
        <p className="verdict__title">
          <span aria-hidden="true">? </span>We can&apos;t tell yet.
        </p>
        <p>Your provider has no insurance details for you on file. Talk to them before the session.</p>
        {checked}
      </div>
    );
  }
  if (!where || outlook.reason?.code === "CLIENT_LOCATION_MISSING") {
    return (
      <div className="verdict verdict--warn">
        <p className="verdict__title">
          <span aria-hidden="true">? </span>We don&apos;t know where you will be.
        </p>
        <p>
          <Link to="/locations">Add the place</Link> so your provider can check.
        </p>
        {checked}
      </div>
    );
  }
  if (outlook.billable) {
    return (
      <div className="verdict verdict--good">
        <p className="verdict__title">
          <span aria-hidden="true">✓ </span>Yes, it can go ahead.
        </p>
        <p>
          {inPerson
            ? `At your provider's office (${formatAddress(where)}), and your insurance covers it.`
            : `You will be ${placeForClient(where)}, and your provider can see you there by video.`}
        </p>
        {checked}
      </div>
    );
  }
  const reasons =
    outlook.decision?.reasons.map((r) => r.code) ?? (outlook.reason ? [outlook.reason.code] : []);
  return (
    <div className="verdict verdict--bad">
      <p className="verdict__title">
        <span aria-hidden="true">✕ </span>
        {inPerson ? "Not as things stand." : "Not from where you will be."}
      </p>
      <p>
        {inPerson
          ? `At your provider's office (${formatAddress(where)}).`
          : `You will be ${placeForClient(where)}.`}
      </p>
      <ul>
        {[...new Set(reasons)].map((code) => (
          <li key={code}>{forClient(code, where.state)}</li>
        ))}
      </ul>
      <p>
        {inPerson ? (
          "Talk to your provider before the session."
        ) : (
          <>
            Talk to your provider before the session, or <Link to="/locations">update where you will be</Link>
            .
          </>
        )}
      </p>
      {checked}
    </div>
  );
}

async function load(): Promise<Session[]> {
  const sessions = await api.allSessions({ from: todayIso(), status: "scheduled", limit: 100 });
  return sessions.filter((s) => new Date(s.startsAt).getTime() > Date.now());
}

export function MySessionsPage() {
  const data = useAsync(load, []);
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
          {data.data.map((s) => (
            <li key={s.id} className="card session-card">
              <h2 className="session-card__when">{formatInstant(s.startsAt)}</h2>
              <p className="muted">
                {s.modality === "telehealth" ? "Video session" : "In-person session"} · {s.durationMinutes}{" "}
                minutes
              </p>
              <Verdict session={s} outlook={s.outlook} />
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
