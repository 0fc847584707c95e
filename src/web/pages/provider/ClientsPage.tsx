/**
 * The provider's clients: plan, where each is now, whether they can be seen there, and the
 * upcoming sessions at risk, grouped by place and reason ("Trip to Florida Dec 9–16: 2 sessions
 * at risk") with what can be done about each: reschedule, a crisis session only, the state's
 * temporary-practice rules, or finding who can see them (the Refer dialog: colleagues who may see
 * and bill them there, from the directory). A location can be added from each row.
 */
import { useState } from "react";
import { api } from "../../api/endpoints";
import type { ClientSummary, Risk } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import {
  ChangeNotice,
  LocationForm,
  LOCATION_KIND_NAMES,
  type LocationChange,
} from "../../components/LocationForm";
import { ReferDialog } from "../../components/ReferDialog";
import { ClientBadge, Empty, LoadError, Loading, Notice, PageHeader } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import {
  billingMethodHref,
  riskDate,
  riskPlace,
  riskTitle,
  shortDate,
  temporaryPracticeNotes,
} from "../../lib/billing-places";
import { formatAddress, plural, stateName, todayIso } from "../../lib/format";
import { sessionHref, sessionWhen } from "../../lib/location-draft";
import { riskSearchPlace } from "../../lib/referral-draft";
import { Link } from "../../lib/router";
import { useAsync } from "../../lib/useAsync";

/** One group of sessions at risk, with the options the help article gives. */
/** Opens the Refer dialog for a client's risk (the directory at that place, on that date). */
type OnRefer = (client: ClientSummary, risk: Risk) => void;

function RiskItem({
  client,
  risk,
  today,
  onRefer,
}: {
  client: ClientSummary;
  risk: Risk;
  today: string;
  onRefer: OnRefer;
}) {
  const title = riskTitle(risk, today);
  const searchPlace = riskSearchPlace(risk);
  const place = riskPlace(risk, today);
  const rules = temporaryPracticeNotes(risk.notes);
  const date = riskDate(risk);
  const first = risk.sessions[0];
  return (
    <li className="risk" data-risk={risk.locationId ?? risk.place?.state ?? "unknown"}>
      <p className="risk__title">
        <span aria-hidden="true" className="risk__symbol">
          !
        </span>{" "}
        <strong>{title}</strong>
      </p>
      {risk.reason ? <p className="risk__reason">{risk.reason.message}</p> : null}
      <p className="risk__sessions small">
        {risk.sessions.map((s, i) => (
          <span key={s.id}>
            {i > 0 ? ", " : null}
            <Link to={sessionHref(s.id)}>{sessionWhen(s.startsAt, s.timeZone)}</Link>
          </span>
        ))}
      </p>
      <ul className="risk__options" aria-label={`What you can do: ${client.name}, ${place}`}>
        {first ? (
          <li>
            <Link to={sessionHref(first.id)}>
              Reschedule
              <span className="visually-hidden">
                {" "}
                the sessions with {client.name} at {place}
              </span>
            </Link>
          </li>
        ) : null}
        {risk.crisisBillable ? (
          <li className="risk__crisis">
            <strong>Crisis only:</strong> only a documented crisis session could be billed there.
          </li>
        ) : null}
        {rules.length > 0 ? (
          <li>
            <details className="risk__rules">
              <summary>
                Temporary-practice rules
                <span className="visually-hidden">
                  {" "}
                  in {risk.place ? stateName(risk.place.state) : "that state"}
                </span>
              </summary>
              {rules.map((n) => (
                <p key={n}>{n}</p>
              ))}
            </details>
          </li>
        ) : null}
        <li>
          {searchPlace ? (
            <button
              type="button"
              className="refer-link"
              onClick={() => {
                onRefer(client, risk);
              }}
            >
              Find who can see them
              <span className="visually-hidden">
                : colleagues who may see {client.name} at {place}
              </span>
            </button>
          ) : (
            <Link to={billingMethodHref(client.id, date)}>
              Find who can see them
              <span className="visually-hidden">
                : billing method for {client.name}
                {date ? ` on ${shortDate(date, today)}` : ""}
              </span>
            </Link>
          )}
        </li>
        {searchPlace ? (
          <li>
            <Link to={billingMethodHref(client.id, date)}>
              Billing method
              <span className="visually-hidden"> for {client.name}</span>
              {date ? ` on ${shortDate(date, today)}` : ""}
            </Link>
          </li>
        ) : null}
      </ul>
    </li>
  );
}

function Risks({ client, today, onRefer }: { client: ClientSummary; today: string; onRefer: OnRefer }) {
  if (client.risks.length === 0) return <span className="muted small">None at risk</span>;
  return (
    <ul className="risks">
      {client.risks.map((r, i) => (
        <RiskItem
          key={`${r.locationId ?? r.place?.state ?? "none"}-${r.reason?.code ?? ""}-${i}`}
          client={client}
          risk={r}
          today={today}
          onRefer={onRefer}
        />
      ))}
    </ul>
  );
}

function WhereNow({ client }: { client: ClientSummary }) {
  const l = client.currentLocation;
  if (!l) return <span className="muted">No location on file</span>;
  return (
    <span>
      <span className="where__kind">{l.label ?? LOCATION_KIND_NAMES[l.kind]}</span>
      <span className="where__address">{formatAddress({ city: l.city, state: l.state, zip: l.zip })}</span>
    </span>
  );
}

function Summary({ client }: { client: ClientSummary }) {
  const { payerName } = useApp();
  const d = client.decision;
  if (!d) return null;
  if (d.outcome === "billable") {
    return (
      <span className="muted small">
        {d.basis === "bluecard"
          ? `BlueCard via ${payerName(d.billTo ?? "")}`
          : d.basis === "virtual_network"
            ? "Virtual network"
            : `Bill ${payerName(d.billTo ?? "")}`}
      </span>
    );
  }
  return <span className="muted small">{d.reasons[0]?.message}</span>;
}

export function ClientsPage() {
  const { payerName } = useApp();
  const clients = useAsync(() => api.clients(), []);
  const [adding, setAdding] = useState<ClientSummary>();
  const [saved, setSaved] = useState<LocationChange>();
  const [referring, setReferring] = useState<{ client: ClientSummary; risk: Risk }>();
  const [referred, setReferred] = useState<string>();
  const today = todayIso();
  const referPlace = referring ? riskSearchPlace(referring.risk) : undefined;

  const list = clients.data ?? [];
  const needAttention = list.filter((c) => c.badge !== "ok").length;
  const withRisks = list.filter((c) => c.risks.length > 0).length;

  return (
    <>
      <PageHeader
        title="Clients"
        lead={
          clients.data
            ? `${plural(list.length, "client")}. ${
                needAttention === 0
                  ? "You can see every client where they are today."
                  : `${plural(needAttention, "client")} cannot be seen where they are today.`
              }${
                withRisks === 0
                  ? ""
                  : ` ${withRisks === 1 ? "1 client has" : `${withRisks} clients have`} upcoming sessions at risk.`
              }`
            : "Each client's plan, where they are today, and whether you can see them there."
        }
      />
      {saved ? <ChangeNotice change={saved} /> : null}
      {referred ? (
        <Notice tone="good" role="status">
          {referred} <Link to="/referrals">See your referrals</Link>.
        </Notice>
      ) : null}
      {clients.error ? <LoadError error={clients.error} retry={clients.reload} /> : null}
      {clients.loading && !clients.data ? <Loading what="Loading clients" /> : null}
      {clients.data && list.length === 0 ? <Empty>No clients yet.</Empty> : null}
      {list.length > 0 ? (
        <div className="table-wrap">
          <table className="table table--cards">
            <caption className="visually-hidden">Your clients</caption>
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">Plan</th>
                <th scope="col">Where today</th>
                <th scope="col">Can you see them there?</th>
                <th scope="col">Upcoming sessions at risk</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id} data-client={c.name}>
                  <th scope="row" data-label="Client">
                    <Link to={`/clients/${c.id}`} className="strong-link">
                      {c.name}
                    </Link>
                  </th>
                  <td data-label="Plan">
                    {c.coverage ? (
                      <>
                        <span>{payerName(c.coverage.payer)}</span>
                        {c.coverage.memberId ? (
                          <span className="muted small block">Member {c.coverage.memberId}</span>
                        ) : null}
                      </>
                    ) : (
                      <span className="muted">No coverage</span>
                    )}
                  </td>
                  <td data-label="Where today">
                    <WhereNow client={c} />
                  </td>
                  <td data-label="Can you see them there?">
                    <ClientBadge badge={c.badge} />
                    <span className="block">
                      <Summary client={c} />
                    </span>
                  </td>
                  <td data-label="Upcoming sessions at risk">
                    <Risks
                      client={c}
                      today={today}
                      onRefer={(client, risk) => {
                        setSaved(undefined);
                        setReferred(undefined);
                        setReferring({ client, risk });
                      }}
                    />
                  </td>
                  <td className="table__actions">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => {
                        setSaved(undefined);
                        setAdding(c);
                      }}
                    >
                      New location<span className="visually-hidden"> for {c.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {referring && referPlace ? (
        <ReferDialog
          client={referring.client}
          place={referPlace}
          reason={referring.risk.reason?.code ?? null}
          crisisBillable={referring.risk.crisisBillable}
          rescheduleHref={referring.risk.sessions[0] ? sessionHref(referring.risk.sessions[0].id) : null}
          onClose={() => {
            setReferring(undefined);
          }}
          onReferred={(notice) => {
            setReferring(undefined);
            setReferred(notice);
          }}
        />
      ) : null}
      {adding ? (
        <NewLocationDialog
          client={adding}
          onClose={() => {
            setAdding(undefined);
          }}
          onSaved={(change) => {
            setAdding(undefined);
            setSaved(change);
            clients.reload();
          }}
        />
      ) : null}
    </>
  );
}

function NewLocationDialog({
  client,
  onClose,
  onSaved,
}: {
  client: ClientSummary;
  onClose: () => void;
  onSaved: (change: LocationChange) => void;
}) {
  const detail = useAsync(() => api.client(client.id), [client.id]);
  return (
    <Dialog title={`New location for ${client.name}`} onClose={onClose}>
      {detail.error ? <LoadError error={detail.error} /> : null}
      {detail.data ? (
        <LocationForm
          clientId={client.id}
          who="provider"
          current={detail.data.locations}
          onCancel={onClose}
          onSaved={(l) => {
            onSaved({
              message: `Saved ${l.label ?? LOCATION_KIND_NAMES[l.kind].toLowerCase()} in ${stateName(l.state)} for ${client.name}.`,
              atRisk: l.atRisk,
            });
          }}
        />
      ) : (
        <Loading />
      )}
    </Dialog>
  );
}
