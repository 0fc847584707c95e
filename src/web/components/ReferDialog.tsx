/**
 * "Find who can see them": the directory for one client at one place and date (their coverage,
 * the server's answer), each colleague with how the claim would go and until when, and "Refer to
 * <name>" → the reason (prefilled) → the referral. When no colleague can, it says so and what
 * else can be done.
 */
import { useState, type SubmitEvent } from "react";
import { asApiError, type ApiError } from "../api/client";
import { api } from "../api/endpoints";
import type { DirectoryEntry, ReasonCode } from "../api/types";
import { shortDate } from "../lib/billing-places";
import { todayIso } from "../lib/format";
import {
  clientQuery,
  entryRoute,
  placeWords,
  REASON_MAX,
  referralReason,
  referredNotice,
  untilWords,
  type ReferralPlace,
} from "../lib/referral-draft";
import { Link } from "../lib/router";
import { useAsync } from "../lib/useAsync";
import { DataTable, type Column } from "./DataTable";
import { Dialog } from "./Dialog";
import { FormError, TextArea } from "./Field";
import { Empty, FormActions, LoadError, Loading, Pill } from "./ui";

export function ReferDialog({
  client,
  place,
  reason,
  crisisBillable,
  rescheduleHref,
  onClose,
  onReferred,
}: {
  client: { readonly id: string; readonly name: string };
  place: ReferralPlace;
  /** Why the client's own provider cannot see them there (for the prefilled reason). */
  reason: ReasonCode | null;
  /** Whether a documented crisis session there would be billable (said when no one can see them). */
  crisisBillable?: boolean | null;
  /** Where to reschedule the sessions at risk. */
  rescheduleHref?: string | null;
  onClose: () => void;
  /** After the referral was sent: the notice to show. */
  onReferred: (notice: string) => void;
}) {
  const today = todayIso();
  const [cursor, setCursor] = useState<string>();
  const [chosen, setChosen] = useState<DirectoryEntry>();
  const where = `${placeWords(place)} on ${shortDate(place.date, today)}`;
  const { state, zip, date } = place;
  const clientId = client.id;
  const found = useAsync(
    () =>
      api.directory({
        ...clientQuery(clientId, { state, zip, date }),
        limit: 10,
        ...(cursor ? { cursor } : {}),
      }),
    [clientId, state, zip, date, cursor],
  );

  const columns: Column<DirectoryEntry>[] = [
    { header: "Colleague", rowHeader: true, cell: (e) => e.name },
    { header: "How the claim goes", cell: (e) => entryRoute(e) },
    { header: "For how long", cell: (e) => untilWords(e, today) },
    {
      header: "New clients",
      cell: (e) =>
        e.acceptingNewClients ? (
          <Pill tone="good" symbol="✓">
            Accepting
          </Pill>
        ) : (
          <Pill tone="neutral" symbol="–">
            Not accepting
          </Pill>
        ),
    },
    {
      header: "Actions",
      actions: true,
      cell: (e) => (
        <button
          type="button"
          className="button button--small button--primary"
          onClick={() => {
            setChosen(e);
          }}
        >
          Refer to {e.name}
        </button>
      ),
    },
  ];

  return (
    <Dialog title={`Who can see ${client.name} there`} onClose={onClose} wide>
      {chosen ? (
        <ReferForm
          client={client}
          place={place}
          to={chosen}
          initial={referralReason(client.name, place, reason, today)}
          onCancel={() => {
            setChosen(undefined);
          }}
          onReferred={onReferred}
        />
      ) : (
        <>
          <p className="refer__lead">
            Colleagues who may see and bill {client.name} in {where}, with {client.name}&apos;s coverage.
          </p>
          {found.error ? <LoadError error={found.error} retry={found.reload} /> : null}
          {found.loading && !found.data ? <Loading what="Looking in the directory" /> : null}
          {found.data ? (
            <DataTable
              rows={found.data.items}
              columns={columns}
              rowKey={(e) => e.providerId}
              caption={`Colleagues who may see ${client.name} in ${where}`}
              rowData={(e) => ({ "data-provider": e.name })}
              empty={
                <div className="refer__empty">
                  <Empty>
                    No colleague may see and bill {client.name} in {where}.
                  </Empty>
                  <p>What you can still do:</p>
                  <ul>
                    {crisisBillable ? (
                      <li>
                        <strong>Crisis only:</strong> a documented crisis session there could still be billed.
                      </li>
                    ) : null}
                    <li>
                      {rescheduleHref ? (
                        <Link to={rescheduleHref}>Reschedule the sessions</Link>
                      ) : (
                        "Reschedule the sessions"
                      )}{" "}
                      for when {client.name} is back, or hold them in person.
                    </li>
                  </ul>
                </div>
              }
            />
          ) : null}
          {found.data?.next ? (
            <p>
              <button
                type="button"
                className="button button--small"
                onClick={() => {
                  setCursor(found.data?.next ?? undefined);
                }}
              >
                Next page
              </button>
            </p>
          ) : null}
          <div className="form__actions">
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

function ReferForm({
  client,
  place,
  to,
  initial,
  onCancel,
  onReferred,
}: {
  client: { readonly id: string; readonly name: string };
  place: ReferralPlace;
  to: DirectoryEntry;
  initial: string;
  onCancel: () => void;
  onReferred: (notice: string) => void;
}) {
  const [reason, setReason] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [local, setLocal] = useState<string>();

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!reason.trim()) {
      setLocal("say why you refer them: it is what your colleague reads first");
      return;
    }
    setLocal(undefined);
    setBusy(true);
    try {
      const r = await api.refer({
        clientId: client.id,
        toProviderId: to.providerId,
        reason: reason.trim(),
        state: place.state as ReferralPlaceState,
        ...(place.zip ? { zip: place.zip } : {}),
        date: place.date,
      });
      onReferred(referredNotice(r, place.city, todayIso()));
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  };

  return (
    <form
      className="form"
      noValidate
      onSubmit={(e) => {
        void submit(e);
      }}
    >
      <p>
        Refer {client.name} to <strong>{to.name}</strong> ({entryRoute(to)}). {to.name} sees {client.name}
        &apos;s name, plan, place and date, and your reason.
      </p>
      <FormError error={error} shown={["reason"]} />
      <TextArea
        label="Reason"
        hint="What your colleague reads first."
        value={reason}
        onChange={setReason}
        maxLength={REASON_MAX}
        required
        error={local ?? error?.field("reason")}
      />
      <FormActions label={`Refer to ${to.name}`} busy={busy} busyLabel="Referring…" onCancel={onCancel} />
    </form>
  );
}

type ReferralPlaceState = NonNullable<Parameters<typeof api.refer>[0]["state"]>;
