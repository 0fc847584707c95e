/**
 * One client: plan, locations (add, edit, end, delete), and the Billing method section with its map.
 * On load it asks for the client (GET /clients/:id); the Billing method section then asks for the
 * next scheduled session and the places for the day (see BillingMethod).
 */
import { useState } from "react";
import { api } from "../../api/endpoints";
import type { ClientDetail, Risk } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { EligibilityPanel } from "../../components/EligibilityPanel";
import {
  ChangeNotice,
  LocationForm,
  LOCATION_KIND_NAMES,
  PlacesList,
  type LocationChange,
} from "../../components/LocationForm";
import { ReferDialog } from "../../components/ReferDialog";
import { ClientBadge, LoadError, Loading, Notice, PageHeader } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { riskPlace, riskTitle } from "../../lib/billing-places";
import { formatDate, productName, stateName, todayIso } from "../../lib/format";
import { sessionHref } from "../../lib/location-draft";
import { riskSearchPlace } from "../../lib/referral-draft";
import { Link } from "../../lib/router";
import { useAsync } from "../../lib/useAsync";
import { BillingMethod } from "./BillingMethod";
import { CoverageForm } from "./CoverageForm";

function Locations({
  client,
  onAdd,
  onChanged,
}: {
  client: ClientDetail;
  onAdd: () => void;
  onChanged: (change: LocationChange) => void;
}) {
  return (
    <section className="section" aria-labelledby="locations">
      <div className="section__header section__header--row">
        <h2 id="locations">Locations</h2>
        <button type="button" className="button" onClick={onAdd}>
          New location
        </button>
      </div>
      <PlacesList client={client} who="provider" onChanged={onChanged} />
    </section>
  );
}

/**
 * Under the Billing method: for each place where upcoming sessions are at risk, "Refer" opens the
 * directory at that place, on the first session's date (the Refer dialog).
 */
function ReferSection({
  client,
  onReferred,
}: {
  client: ClientDetail;
  onReferred: (notice: string) => void;
}) {
  const [open, setOpen] = useState<Risk>();
  const today = todayIso();
  const risks = client.risks.filter((r) => riskSearchPlace(r) !== undefined);
  if (risks.length === 0) return null;
  const place = open ? riskSearchPlace(open) : undefined;
  return (
    <section className="section refer-section" aria-labelledby="refer">
      <h2 id="refer">Refer to a colleague</h2>
      <p className="muted">
        Where you cannot see {client.name}, a colleague who may see and bill them there can take them on.
      </p>
      <ul className="refer-section__list">
        {risks.map((r, i) => (
          <li key={`${r.locationId ?? r.place?.state ?? ""}-${i}`}>
            <span>{riskTitle(r, today)}</span>{" "}
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                setOpen(r);
              }}
            >
              Refer
              <span className="visually-hidden">
                {" "}
                {client.name}: {riskPlace(r, today)}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {open && place ? (
        <ReferDialog
          client={client}
          place={place}
          reason={open.reason?.code ?? null}
          crisisBillable={open.crisisBillable}
          rescheduleHref={open.sessions[0] ? sessionHref(open.sessions[0].id) : null}
          onClose={() => {
            setOpen(undefined);
          }}
          onReferred={(notice) => {
            setOpen(undefined);
            onReferred(notice);
          }}
        />
      ) : null}
    </section>
  );
}

export function ClientPage({ id }: { id: string }) {
  const { payerName } = useApp();
  const client = useAsync(() => api.client(id), [id]);
  const [adding, setAdding] = useState(false);
  const [editingCoverage, setEditingCoverage] = useState(false);
  const [saved, setSaved] = useState<string>();
  const [change, setChange] = useState<LocationChange>();
  const clearNotices = () => {
    setSaved(undefined);
    setChange(undefined);
  };

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
                clearNotices();
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
      {change ? <ChangeNotice change={change} /> : null}
      <Locations
        client={c}
        onAdd={() => {
          clearNotices();
          setAdding(true);
        }}
        onChanged={(ch) => {
          clearNotices();
          setChange(ch);
          client.reload();
        }}
      />
      {c.coverage ? <BillingMethod client={c} /> : null}
      {c.coverage ? <EligibilityPanel clientId={c.id} onVerified={client.reload} /> : null}
      {c.coverage ? (
        <ReferSection
          client={c}
          onReferred={(notice) => {
            clearNotices();
            setSaved(notice);
          }}
        />
      ) : null}
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
              setChange({
                message: `Saved ${l.label ?? LOCATION_KIND_NAMES[l.kind].toLowerCase()} in ${stateName(l.state)}.`,
                atRisk: l.atRisk,
              });
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
