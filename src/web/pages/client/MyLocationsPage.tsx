/** A client's places: home, trips with dates, where they take video sessions; and adding one. */
import { useState } from "react";
import { api } from "../../api/endpoints";
import type { ClientDetail } from "../../api/types";
import { LocationForm, LOCATION_KIND_NAMES } from "../../components/LocationForm";
import { Empty, LoadError, Loading, Notice, PageHeader } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { formatAddress, formatDate, stateName, todayIso } from "../../lib/format";
import { Link } from "../../lib/router";
import { useAsync } from "../../lib/useAsync";

function Places({ client }: { client: ClientDetail }) {
  const today = todayIso();
  if (client.locations.length === 0) return <Empty>No places yet. Add your home first.</Empty>;
  return (
    <ul className="location-list">
      {client.locations.map((l) => {
        const past = l.kind === "temporary" && (l.endsOn ?? "") < today;
        return (
          <li key={l.id} className={`location${past ? " location--past" : ""}`}>
            <div>
              <p className="location__name">
                {l.label ?? LOCATION_KIND_NAMES[l.kind]}
                <span className="tag">{LOCATION_KIND_NAMES[l.kind]}</span>
                {l.id === client.currentLocation?.id ? (
                  <span className="tag tag--strong">Where we expect you today</span>
                ) : null}
              </p>
              <p className="muted">{formatAddress(l)}</p>
            </div>
            {l.kind === "temporary" ? (
              <p className="location__dates">
                {formatDate(l.startsOn)} – {formatDate(l.endsOn)}
                {past ? <span className="block small muted">Past trip</span> : null}
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

export function MyLocationsPage() {
  const { user } = useApp();
  const id = user.clientId ?? "";
  const client = useAsync(() => api.client(id), [id]);
  const [adding, setAdding] = useState(false);
  const [saved, setSaved] = useState<string>();

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
                setSaved(undefined);
                setAdding(true);
              }}
            >
              Add a place
            </button>
          )
        }
      />
      {saved ? (
        <Notice tone="good" role="status" title="Saved">
          {saved} <Link to="/sessions">See whether your sessions can go ahead</Link>.
        </Notice>
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
              setSaved(
                l.kind === "temporary"
                  ? `Your trip to ${stateName(l.state)} from ${formatDate(l.startsOn)} to ${formatDate(l.endsOn)}.`
                  : `${l.label ?? LOCATION_KIND_NAMES[l.kind]} in ${stateName(l.state)}.`,
              );
              client.reload();
            }}
          />
        </section>
      ) : null}
      {client.data ? (
        <section className="section" aria-labelledby="places">
          <h2 id="places">Your places</h2>
          <Places client={client.data} />
        </section>
      ) : null}
    </>
  );
}
