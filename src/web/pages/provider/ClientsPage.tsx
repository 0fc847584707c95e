/** The provider's clients: plan, where each is now, and whether they can be seen there. */
import { useState } from "react";
import { api } from "../../api/endpoints";
import type { ClientSummary } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { LocationForm, LOCATION_KIND_NAMES } from "../../components/LocationForm";
import { ClientBadge, Empty, LoadError, Loading, Notice, PageHeader } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { formatAddress, plural, stateName } from "../../lib/format";
import { Link } from "../../lib/router";
import { useAsync } from "../../lib/useAsync";

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
  const [saved, setSaved] = useState<string>();

  const list = clients.data ?? [];
  const needAttention = list.filter((c) => c.badge !== "ok").length;

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
              }`
            : "Each client's plan, where they are today, and whether you can see them there."
        }
      />
      {saved ? (
        <Notice tone="good" role="status">
          {saved}
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
      {adding ? (
        <NewLocationDialog
          client={adding}
          onClose={() => {
            setAdding(undefined);
          }}
          onSaved={(message) => {
            setAdding(undefined);
            setSaved(message);
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
  onSaved: (message: string) => void;
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
            onSaved(
              `Saved ${l.label ?? LOCATION_KIND_NAMES[l.kind].toLowerCase()} in ${stateName(l.state)} for ${client.name}.`,
            );
          }}
        />
      ) : (
        <Loading />
      )}
    </Dialog>
  );
}
