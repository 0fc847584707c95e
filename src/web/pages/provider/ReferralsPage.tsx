/**
 * A provider's referrals: those received (Accept / Decline) and those sent (Withdraw), each with
 * its status, the client, the place and date asked about, and the reason; and whether the
 * provider takes new clients (shown on their directory entry).
 */
import { useState } from "react";
import { asApiError, type ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { Referral } from "../../api/types";
import { DataTable, type Column } from "../../components/DataTable";
import { Checkbox } from "../../components/Field";
import { Empty, LoadError, Loading, Notice, PageHeader, Pill, type Tone } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { shortDate } from "../../lib/billing-places";
import { formatInstant, plural, stateName, todayIso } from "../../lib/format";
import { REFERRAL_STATUS_NAMES } from "../../lib/referral-draft";
import { useAsync } from "../../lib/useAsync";

const STATUS_TONES: Record<Referral["status"], Tone> = {
  sent: "amber",
  accepted: "good",
  declined: "bad",
  withdrawn: "neutral",
};

function Status({ r }: { r: Referral }) {
  return <Pill tone={STATUS_TONES[r.status]}>{REFERRAL_STATUS_NAMES[r.status]}</Pill>;
}

type Action = "accept" | "decline" | "withdraw";
const ACTION_NAMES: Record<Action, string> = { accept: "Accept", decline: "Decline", withdraw: "Withdraw" };
const DONE: Record<Action, string> = { accept: "Accepted", decline: "Declined", withdraw: "Withdrew" };

function Accepting({ providerId }: { providerId: string }) {
  const settings = useAsync(() => api.directorySettings(providerId), [providerId]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [value, setValue] = useState<boolean>();
  const checked = value ?? settings.data?.acceptingNewClients ?? false;
  if (settings.error) return <LoadError error={settings.error} retry={settings.reload} />;
  if (!settings.data) return null;
  return (
    <div className="referrals__accepting">
      <Checkbox
        label="I am accepting new clients"
        hint={saving ? "Saving…" : "Shown on your directory entry; colleagues and clients see it."}
        checked={checked}
        error={error?.message}
        onChange={(next) => {
          setValue(next);
          setSaving(true);
          setError(undefined);
          api.saveDirectorySettings(providerId, { acceptingNewClients: next }).then(
            (s) => {
              setValue(s.acceptingNewClients);
              setSaving(false);
            },
            (e: unknown) => {
              setValue(!next);
              setError(asApiError(e));
              setSaving(false);
            },
          );
        }}
      />
    </div>
  );
}

export function ReferralsPage() {
  const { user } = useApp();
  const list = useAsync(() => api.referrals(), []);
  const [busy, setBusy] = useState<string>();
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const today = todayIso();

  const items = list.data?.items ?? [];
  const received = items.filter((r) => r.direction === "received");
  const sent = items.filter((r) => r.direction === "sent");
  const waiting = received.filter((r) => r.status === "sent").length;

  const act = (r: Referral, action: Action) => {
    if (busy) return;
    setBusy(r.id);
    setDone(undefined);
    setError(undefined);
    const call =
      action === "accept"
        ? api.acceptReferral(r.id)
        : action === "decline"
          ? api.declineReferral(r.id)
          : api.withdrawReferral(r.id);
    call.then(
      (after) => {
        setBusy(undefined);
        setDone(
          `${DONE[action]} the referral of ${after.client.name} ${action === "withdraw" ? `to ${after.to.name}` : `from ${after.from.name}`}.`,
        );
        list.reload();
      },
      (e: unknown) => {
        setBusy(undefined);
        setError(asApiError(e));
        list.reload();
      },
    );
  };

  const place = (r: Referral) => (
    <>
      <span>
        {stateName(r.state)}
        {r.zip ? ` ${r.zip}` : ""}
      </span>
      <span className="muted small block">
        {shortDate(r.date, today)} · {r.modality === "in_person" ? "in person" : "by video"} · {r.payerName}
      </span>
    </>
  );
  const button = (r: Referral, action: Action) => (
    <button
      key={action}
      type="button"
      className={`button button--small${action === "accept" ? " button--primary" : ""}`}
      aria-disabled={busy === r.id ? true : undefined}
      onClick={() => {
        act(r, action);
      }}
    >
      {ACTION_NAMES[action]}
      <span className="visually-hidden"> the referral of {r.client.name}</span>
    </button>
  );
  const common = (who: "from" | "to"): Column<Referral>[] => [
    { header: "Client", rowHeader: true, cell: (r) => r.client.name },
    {
      header: who === "from" ? "From" : "To",
      cell: (r) => (who === "from" ? r.from.name : r.to.name),
    },
    { header: "Place and date", cell: place },
    { header: "Reason", cell: (r) => <span className="referrals__reason">{r.reason}</span> },
    {
      header: "Status",
      cell: (r) => (
        <>
          <Status r={r} />
          <span className="muted small block">
            {r.decidedAt ? formatInstant(r.decidedAt) : `Sent ${formatInstant(r.createdAt)}`}
          </span>
        </>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Referrals"
        lead={
          list.data
            ? waiting === 0
              ? "No referral is waiting for your answer."
              : `${plural(waiting, "new referral")} waiting for your answer.`
            : "Clients colleagues referred to you, and those you referred."
        }
      />
      {user.providerId ? <Accepting providerId={user.providerId} /> : null}
      {done ? (
        <Notice tone="good" role="status">
          {done}
        </Notice>
      ) : null}
      {error ? <LoadError error={error} /> : null}
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading what="Loading referrals" /> : null}
      {list.data ? (
        <>
          <section className="section" aria-labelledby="received">
            <h2 id="received">Received</h2>
            <DataTable
              rows={received}
              rowKey={(r) => r.id}
              caption="Referrals you received"
              rowData={(r) => ({ "data-client": r.client.name, "data-status": r.status })}
              empty={<Empty>No colleague has referred a client to you.</Empty>}
              columns={[
                ...common("from"),
                {
                  header: "Actions",
                  actions: true,
                  cell: (r) => (r.status === "sent" ? [button(r, "accept"), button(r, "decline")] : null),
                },
              ]}
            />
          </section>
          <section className="section" aria-labelledby="sent">
            <h2 id="sent">Sent</h2>
            <DataTable
              rows={sent}
              rowKey={(r) => r.id}
              caption="Referrals you sent"
              rowData={(r) => ({ "data-client": r.client.name, "data-status": r.status })}
              empty={
                <Empty>
                  You have not referred anyone. On the Clients page, &ldquo;Find who can see them&rdquo; lists
                  colleagues who may see a client where you cannot.
                </Empty>
              }
              columns={[
                ...common("to"),
                {
                  header: "Actions",
                  actions: true,
                  cell: (r) => (r.status === "sent" ? button(r, "withdraw") : null),
                },
              ]}
            />
          </section>
          {list.data.next ? <p className="muted small">Only the 50 newest are shown.</p> : null}
        </>
      ) : null}
    </>
  );
}
