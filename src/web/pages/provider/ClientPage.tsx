/** One client: plan, locations, and the Billing method section with its map. */
import { useState } from "react";
import { api } from "../../api/endpoints";
import type { ClientDetail } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { LocationForm, LOCATION_KIND_NAMES } from "../../components/LocationForm";
import { ClientBadge, Empty, LoadError, Loading, Notice, PageHeader } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { formatAddress, formatDate, productName, stateName } from "../../lib/format";
import { Link } from "../../lib/router";
import { useAsync } from "../../lib/useAsync";
import { BillingMethod } from "./BillingMethod";
import { CoverageForm } from "./CoverageForm";

function Locations({ client, onAdd }: { client: ClientDetail; onAdd: () => void }) {
  const current = client.currentLocation?.id;
  return (
    <section className="section" aria-labelledby="locations">
      <div className="section__header section__header--row">
        <h2 id="locations">Locations</h2>
        <button type="button" className="button" onClick={onAdd}>
          New location
        </button>
      </div>
      {client.locations.length === 0 ? (
        <Empty>No locations on file: add where the client lives or will be.</Empty>
      ) : (
        <ul className="location-list">
          {client.locations.map((l) => (
            <li key={l.id} className="location">
              <div>
                <p className="location__name">
                  {l.label ?? LOCATION_KIND_NAMES[l.kind]}
                  <span className="tag">{LOCATION_KIND_NAMES[l.kind]}</span>
                  {l.id === current ? <span className="tag tag--strong">Today</span> : null}
                </p>
                <p className="muted">{formatAddress(l)}</p>
              </div>
              {l.kind === "temporary" ? (
                <p className="location__dates">
                  {formatDate(l.startsOn)} – {formatDate(l.endsOn)}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ClientPage({ id }: { id: string }) {
  const { user, payerName } = useApp();
  const client = useAsync(() => api.client(id), [id]);
  // A provider's own record; for operations, the client's provider once the client is loaded.
  const providerId = user.providerId ?? client.data?.providerId;
  const provider = useAsync(
    () => (providerId ? api.provider(providerId) : Promise.resolve(undefined)),
    [providerId],
  );
  const [adding, setAdding] = useState(false);
  const [editingCoverage, setEditingCoverage] = useState(false);
  const [saved, setSaved] = useState<string>();

  if (client.error) {
    return (
      <>
        <PageHeader title="Client" />
        <LoadError error={client.error} retry={client.reload} />
        <p>
          <Link to="/clients">Back to clients</Link>
        </p>
      </>
    );
  }
  if (!client.data) return <Loading what="Loading the client" />;
  const c = client.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/clients">Clients</Link> <span aria-hidden="true">›</span> <span>{c.name}</span>
      </nav>
      <PageHeader
        title={c.name}
        lead={
          c.coverage ? (
            <>
              {payerName(c.coverage.payer)}
              {c.coverage.product ? ` ${productName(c.coverage.product)}` : ""}
              {c.coverage.memberId ? ` · member ${c.coverage.memberId}` : ""}
              {c.sex !== "U" ? ` · ${c.sex === "F" ? "female" : "male"}` : ""}
              {c.coverage.effectiveFrom ? ` · since ${formatDate(c.coverage.effectiveFrom)}` : ""}
            </>
          ) : (
            "No insurance coverage on file"
          )
        }
        actions={
          <>
            <ClientBadge badge={c.badge} />
            <button
              type="button"
              className="button"
              onClick={() => {
                setSaved(undefined);
                setEditingCoverage(true);
              }}
            >
              {c.coverage ? "Edit coverage" : "Add coverage"}
            </button>
            <Link to={`/sessions?client=${c.id}`} className="button button--primary">
              Schedule a session
            </Link>
          </>
        }
      />
      {saved ? (
        <Notice tone="good" role="status">
          {saved}
        </Notice>
      ) : null}
      <Locations
        client={c}
        onAdd={() => {
          setSaved(undefined);
          setAdding(true);
        }}
      />
      {provider.error ? <LoadError error={provider.error} /> : null}
      {provider.data && c.coverage ? <BillingMethod client={c} provider={provider.data} /> : null}
      {!c.coverage ? (
        <Notice tone="warn" title="No coverage on file">
          Add the client&apos;s insurance to see the billing method.
        </Notice>
      ) : null}
      {adding ? (
        <Dialog
          title={`New location for ${c.name}`}
          onClose={() => {
            setAdding(false);
          }}
        >
          <LocationForm
            clientId={c.id}
            who="provider"
            current={c.locations}
            onCancel={() => {
              setAdding(false);
            }}
            onSaved={(l) => {
              setAdding(false);
              setSaved(
                `Saved ${l.label ?? LOCATION_KIND_NAMES[l.kind].toLowerCase()} in ${stateName(l.state)}.`,
              );
              client.reload();
            }}
          />
        </Dialog>
      ) : null}
      {editingCoverage ? (
        <Dialog
          title={`Insurance coverage of ${c.name}`}
          onClose={() => {
            setEditingCoverage(false);
          }}
        >
          <CoverageForm
            clientId={c.id}
            current={c.coverage}
            onCancel={() => {
              setEditingCoverage(false);
            }}
            onSaved={(cov) => {
              setEditingCoverage(false);
              setSaved(
                `Saved the coverage: ${payerName(cov.payer)}${cov.product ? `, ${productName(cov.product)}` : ""}.`,
              );
              client.reload();
            }}
          />
        </Dialog>
      ) : null}
    </>
  );
}
