/**
 * A client's places: home, trips with dates, where they take video sessions; adding, editing,
 * ending and deleting one, and which upcoming sessions a change puts at risk; and, where their own
 * provider cannot see them, who can continue their care there (the directory, names and contact).
 */
import { useState } from "react";
import { api } from "../../api/endpoints";
import type { ClientDetail, Risk } from "../../api/types";
import {
  ChangeNotice,
  LocationForm,
  LOCATION_KIND_NAMES,
  PlacesList,
  type LocationChange,
} from "../../components/LocationForm";
import { LoadError, Loading, PageHeader } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { riskPlace, shortDate } from "../../lib/billing-places";
import { formatDate, stateName, todayIso } from "../../lib/format";
import { clientQuery, entryRoute, placeWords, riskSearchPlace } from "../../lib/referral-draft";
import { Link } from "../../lib/router";
import { useAsync } from "../../lib/useAsync";

/** One place where the client's own provider cannot see them: the directory there (public view). */
function ContinueCareAt({ clientId, risk, today }: { clientId: string; risk: Risk; today: string }) {
  const place = riskSearchPlace(risk);
  const state = place?.state ?? "";
  const zip = place?.zip ?? null;
  const date = place?.date ?? "";
  const found = useAsync(
    () =>
      state
        ? api.directory({ ...clientQuery(clientId, { state, zip, date }), limit: 10 })
        : Promise.resolve(undefined),
    [clientId, state, zip, date],
  );
  if (!place) return null;
  const where = `${placeWords(place)} on ${shortDate(place.date, today)}`;
  return (
    <li className="continue-care__place" data-state={place.state}>
      <h3>{riskPlace(risk, today)}</h3>
      {found.error ? <LoadError error={found.error} retry={found.reload} /> : null}
      {found.loading && !found.data ? <Loading what="Looking for providers" /> : null}
      {found.data && found.data.items.length === 0 ? (
        <p className="muted">
          We found no provider who may see you and bill your plan in {where}. Ask your provider about
          rescheduling, or about a session in crisis.
        </p>
      ) : null}
      {found.data && found.data.items.length > 0 ? (
        <>
          <p className="muted small">Providers who may see you and bill your plan in {where}:</p>
          <ul className="continue-care__list">
            {found.data.items.map((e) => (
              <li key={e.providerId} className="continue-care__provider" data-provider={e.name}>
                <strong>{e.name}</strong>
                <span className="block small">
                  {entryRoute(e)}
                  {e.acceptingNewClients ? " · accepting new clients" : " · not taking new clients now"}
                </span>
                {e.contact.email ? (
                  <a className="block small" href={`mailto:${e.contact.email}`}>
                    {e.contact.email}
                  </a>
                ) : null}
                {e.contact.offices.map((o) => (
                  <span key={`${o.label}-${o.zip ?? ""}`} className="block small muted">
                    {o.label}: {[o.city, o.state].filter(Boolean).join(", ")}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </li>
  );
}

/**
 * "Who can continue my care": after a move or for a trip, where the client's own provider cannot
 * see them, the providers who may (names and how to reach them) for each such place and date.
 */
function ContinueCare({ client }: { client: ClientDetail }) {
  const today = todayIso();
  const risks = client.risks.filter((r) => riskSearchPlace(r) !== undefined);
  if (risks.length === 0) return null;
  return (
    <section className="section continue-care" aria-labelledby="continue-care">
      <h2 id="continue-care">Who can continue my care</h2>
      <p className="muted">
        Your provider cannot see you at these places on the dates of your sessions. These providers may, with
        your plan.
      </p>
      <ul className="continue-care__places">
        {risks.map((r, i) => (
          <ContinueCareAt
            key={`${r.locationId ?? r.place?.state ?? ""}-${i}`}
            clientId={client.id}
            risk={r}
            today={today}
          />
        ))}
      </ul>
    </section>
  );
}

export function MyLocationsPage() {
  const { user } = useApp();
  const id = user.clientId ?? "";
  const client = useAsync(() => api.client(id), [id]);
  const [adding, setAdding] = useState(false);
  const [change, setChange] = useState<LocationChange>();

  return (
    <>
      <PageHeader
        title="My locations"
        lead="Where you are during a video session decides whether your provider can see you and bill your insurance. Tell us where you will be, especially when you travel."
        actions={
          adding ? null : (
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                setChange(undefined);
                setAdding(true);
              }}
            >
              Add a place
            </button>
          )
        }
      />
      {change ? (
        <ChangeNotice change={change}>
          <Link to="/sessions">See whether your sessions can go ahead</Link>.
        </ChangeNotice>
      ) : null}
      {client.error ? <LoadError error={client.error} retry={client.reload} /> : null}
      {!client.data && !client.error ? <Loading /> : null}
      {client.data && adding ? (
        <section className="card" aria-labelledby="add-place">
          <h2 id="add-place">Add a place</h2>
          <LocationForm
            clientId={id}
            who="client"
            current={client.data.locations}
            defaultKind="temporary"
            onCancel={() => {
              setAdding(false);
            }}
            onSaved={(l) => {
              setAdding(false);
              setChange({
                title: "Saved",
                message:
                  l.kind === "temporary"
                    ? `Your trip to ${stateName(l.state)} from ${formatDate(l.startsOn)} to ${formatDate(l.endsOn)}.`
                    : `${l.label ?? LOCATION_KIND_NAMES[l.kind]} in ${stateName(l.state)}.`,
                atRisk: l.atRisk,
              });
              client.reload();
            }}
          />
        </section>
      ) : null}
      {client.data ? (
        <section className="section" aria-labelledby="places">
          <h2 id="places">Your places</h2>
          <PlacesList
            client={client.data}
            who="client"
            onChanged={(ch) => {
              setChange(ch);
              client.reload();
            }}
          />
        </section>
      ) : null}
      {client.data ? <ContinueCare client={client.data} /> : null}
    </>
  );
}
