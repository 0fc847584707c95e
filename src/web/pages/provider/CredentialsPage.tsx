/** Licenses and payer credentials: status, dates, days to expiry; add and edit. */
import { useState, type SubmitEvent } from "react";
import { asApiError, type ApiError } from "../../api/client";
import { api, type CredentialInput, type LicenseInput } from "../../api/endpoints";
import {
  COMPACT_SOURCES,
  CREDENTIAL_STATUSES,
  LICENSE_SOURCES,
  LICENSE_STATUSES,
  NETWORKS,
  type Credential,
  type License,
  type SavedLicense,
  type StateCode,
} from "../../api/types";
import { LAPSE_WINDOW_DAYS } from "../../components/Alerts";
import { Dialog } from "../../components/Dialog";
import { Checkbox, FormError, SelectField, TextField } from "../../components/Field";
import {
  Empty,
  LoadError,
  Loading,
  Notice,
  PageHeader,
  Pill,
  type Tone,
  FormActions,
} from "../../components/ui";
import { useApp } from "../../lib/app-context";
import {
  capitalise,
  daysBetween,
  formatDate,
  licenseSourceName,
  plural,
  STATE_OPTIONS,
  stateName,
  todayIso,
} from "../../lib/format";
import { useAsync } from "../../lib/useAsync";
import { notifyChanged } from "../../lib/changes";

function Expiry({ to, status }: { to: string | null; status: string }) {
  if (!to) return <span className="muted">No end date</span>;
  const days = daysBetween(todayIso(), to);
  if (days < 0) return <Pill tone="bad">Ended {plural(-days, "day")} ago</Pill>;
  const live = status === "active" || status === "probation";
  const tone: Tone = !live ? "neutral" : days <= 7 ? "bad" : days <= LAPSE_WINDOW_DAYS ? "amber" : "good";
  return (
    <Pill tone={tone} {...(tone === "amber" || tone === "bad" ? { symbol: "!" } : {})}>
      {days === 0 ? "Ends today" : `${plural(days, "day")} left`}
    </Pill>
  );
}

const statusTone = (s: string): Tone =>
  s === "active"
    ? "good"
    : s === "probation" || s === "pending"
      ? "amber"
      : s === "inactive"
        ? "neutral"
        : "bad";

type Editing = { kind: "license"; item?: License } | { kind: "credential"; item?: Credential };

export function CredentialsPage() {
  const { user, payerName } = useApp();
  const provider = useAsync(() => api.provider(user.providerId ?? ""), [user.providerId]);
  const [editing, setEditing] = useState<Editing>();
  const [saved, setSaved] = useState<string>();
  // What the engine concludes about a saved privilege or NLC entry (null: nothing to say).
  const [check, setCheck] = useState<SavedLicense["check"]>(null);

  if (provider.error) return <LoadError error={provider.error} retry={provider.reload} />;
  if (!provider.data) return <Loading what="Loading your licenses and credentials" />;
  const p = provider.data;
  const byExpiry =
    <T,>(get: (x: T) => string | null) =>
    (a: T, b: T) =>
      (get(a) ?? "9999-12-31").localeCompare(get(b) ?? "9999-12-31");
  const licenses = [...p.licenses].sort(byExpiry<License>((l) => l.validTo));
  const credentials = [...p.credentials].sort(byExpiry<Credential>((c) => c.effectiveTo));

  const done = (message: string, saidCheck: SavedLicense["check"] = null) => {
    setEditing(undefined);
    setSaved(message);
    setCheck(saidCheck);
    provider.reload();
  };
  // A privilege's home license is a state license (state board or IMLC) of the provider's own.
  const homeStates = [
    ...new Set(
      p.licenses.filter((l) => l.source === "state_board" || l.source === "IMLC").map((l) => l.state),
    ),
  ].sort((a, b) => stateName(a).localeCompare(stateName(b)));

  return (
    <>
      <PageHeader
        title="Licenses & credentials"
        lead={`${p.name} · NPI ${p.npi}. You can bill a session where the client is only with a license there and a credential with their plan.`}
      />
      {saved ? (
        <Notice tone={check && !check.holds ? "warn" : "good"} role="status">
          <p>{saved}</p>
          {check ? <p>{check.message}</p> : null}
        </Notice>
      ) : null}
      <section className="section" aria-labelledby="licenses">
        <div className="section__header section__header--row">
          <h2 id="licenses">Licenses and compact privileges</h2>
          <button
            type="button"
            className="button"
            onClick={() => {
              setSaved(undefined);
              setEditing({ kind: "license" });
            }}
          >
            Add license
          </button>
        </div>
        {licenses.length === 0 ? (
          <Empty>No licenses yet.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table table--cards">
              <thead>
                <tr>
                  <th scope="col">State</th>
                  <th scope="col">License</th>
                  <th scope="col">Status</th>
                  <th scope="col">Valid</th>
                  <th scope="col">Expiry</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {licenses.map((l) => (
                  <tr key={l.id}>
                    <th scope="row" data-label="State">
                      {stateName(l.state)}
                    </th>
                    <td data-label="License">
                      {l.type}
                      {l.number ? ` #${l.number}` : ""}
                      <span className="block small muted">
                        {licenseSourceName(l.source)}
                        {l.homeState ? ` · home state ${stateName(l.homeState)}` : ""}
                        {l.telehealthOnly ? " · telehealth only" : ""}
                      </span>
                    </td>
                    <td data-label="Status">
                      <Pill tone={statusTone(l.status)}>{capitalise(l.status)}</Pill>
                    </td>
                    <td data-label="Valid">
                      {formatDate(l.validFrom, "—")} – {formatDate(l.validTo, "no end")}
                    </td>
                    <td data-label="Expiry">
                      <Expiry to={l.validTo} status={l.status} />
                    </td>
                    <td className="table__actions">
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => {
                          setSaved(undefined);
                          setEditing({ kind: "license", item: l });
                        }}
                      >
                        Edit
                        <span className="visually-hidden">
                          {" "}
                          {l.type} license in {stateName(l.state)}
                        </span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="section" aria-labelledby="credentials">
        <div className="section__header section__header--row">
          <h2 id="credentials">Payer credentials</h2>
          <button
            type="button"
            className="button"
            onClick={() => {
              setSaved(undefined);
              setEditing({ kind: "credential" });
            }}
          >
            Add credential
          </button>
        </div>
        {credentials.length === 0 ? (
          <Empty>No credentials yet.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table table--cards">
              <thead>
                <tr>
                  <th scope="col">Payer</th>
                  <th scope="col">State</th>
                  <th scope="col">Network</th>
                  <th scope="col">Status</th>
                  <th scope="col">In force</th>
                  <th scope="col">Expiry</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {credentials.map((c) => (
                  <tr key={c.id}>
                    <th scope="row" data-label="Payer">
                      {payerName(c.payer)}
                    </th>
                    <td data-label="State">{stateName(c.state)}</td>
                    <td data-label="Network">{c.network === "virtual" ? "Virtual network" : "Standard"}</td>
                    <td data-label="Status">
                      <Pill tone={statusTone(c.status)}>{capitalise(c.status)}</Pill>
                    </td>
                    <td data-label="In force">
                      {formatDate(c.effectiveFrom, "—")} – {formatDate(c.effectiveTo, "no end")}
                    </td>
                    <td data-label="Expiry">
                      <Expiry to={c.effectiveTo} status={c.status} />
                    </td>
                    <td className="table__actions">
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => {
                          setSaved(undefined);
                          setEditing({ kind: "credential", item: c });
                        }}
                      >
                        Edit
                        <span className="visually-hidden">
                          {" "}
                          {payerName(c.payer)} credential in {stateName(c.state)}
                        </span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {editing?.kind === "license" ? (
        <Dialog
          title={editing.item ? "Edit license" : "Add a license"}
          onClose={() => {
            setEditing(undefined);
          }}
        >
          <LicenseForm
            providerId={p.id}
            homeStates={homeStates}
            {...(editing.item ? { item: editing.item } : {})}
            onCancel={() => {
              setEditing(undefined);
            }}
            onSaved={(l) => {
              const what = COMPACT_SOURCES.some((c) => c === l.source)
                ? `${licenseSourceName(l.source)} privilege`
                : `${l.type} license`;
              done(`Saved the ${what} in ${stateName(l.state)}.`, l.check);
            }}
          />
        </Dialog>
      ) : null}
      {editing?.kind === "credential" ? (
        <Dialog
          title={editing.item ? "Edit credential" : "Add a credential"}
          onClose={() => {
            setEditing(undefined);
          }}
        >
          <CredentialForm
            providerId={p.id}
            {...(editing.item ? { item: editing.item } : {})}
            onCancel={() => {
              setEditing(undefined);
            }}
            onSaved={(c) => {
              done(`Saved the ${payerName(c.payer)} credential in ${stateName(c.state)}.`);
            }}
          />
        </Dialog>
      ) : null}
    </>
  );
}

/** "Not chosen yet", typed so the form state keeps the union (a bare "" would widen to string). */
const NO_STATE: StateCode | "" = "";

const stateOptions = STATE_OPTIONS.map((s) => ({ value: s.code, label: s.name }));

const isCompact = (source: string) => COMPACT_SOURCES.some((c) => c === source);

function LicenseForm({
  providerId,
  homeStates,
  item,
  onSaved,
  onCancel,
}: {
  providerId: string;
  /** The states of the provider's own state licenses: where a privilege's home license can be. */
  homeStates: readonly StateCode[];
  item?: License;
  onSaved: (l: SavedLicense) => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState({
    state: item?.state ?? NO_STATE,
    type: item?.type ?? "",
    number: item?.number ?? "",
    status: item?.status ?? "active",
    validFrom: item?.validFrom ?? "",
    validTo: item?.validTo ?? "",
    telehealthOnly: item?.telehealthOnly ?? false,
    source: item?.source ?? "state_board",
    homeState: item?.homeState ?? NO_STATE,
  });
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const set =
    <K extends keyof typeof v>(k: K) =>
    (value: (typeof v)[K]) => {
      setV((old) => ({ ...old, [k]: value }));
    };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const body: LicenseInput = {
      state: v.state as StateCode,
      type: v.type.trim(),
      number: v.number.trim() || null,
      status: v.status,
      validFrom: v.validFrom || null,
      validTo: v.validTo || null,
      telehealthOnly: v.telehealthOnly,
      source: v.source,
      // Only a compact privilege has a home state; the API refuses one anywhere else.
      homeState: isCompact(v.source) && v.homeState ? v.homeState : null,
    };
    setBusy(true);
    setError(undefined);
    api.saveLicense(providerId, body, item?.id).then(
      (l) => {
        setBusy(false);
        notifyChanged();
        onSaved(l);
      },
      (err: unknown) => {
        setBusy(false);
        setError(asApiError(err));
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate className="form">
      <FormError
        error={error}
        shown={[
          "state",
          "type",
          "number",
          "status",
          "validFrom",
          "validTo",
          "telehealthOnly",
          "source",
          ...(isCompact(v.source) ? ["homeState"] : []),
        ]}
      />
      <div className="form__row">
        <SelectField<StateCode>
          label="State"
          value={v.state}
          onChange={set("state")}
          placeholder="Choose…"
          options={stateOptions}
          error={error?.field("state")}
          required
        />
        <TextField
          label="License type"
          hint="For example LCSW, LPC, PsyD"
          value={v.type}
          onChange={set("type")}
          error={error?.field("type")}
          required
          maxLength={40}
        />
      </div>
      <div className="form__row">
        <TextField
          label="Number (optional)"
          value={v.number}
          onChange={set("number")}
          error={error?.field("number")}
        />
        <SelectField
          label="Status"
          value={v.status}
          onChange={set("status")}
          options={LICENSE_STATUSES.map((s) => ({ value: s, label: capitalise(s) }))}
          error={error?.field("status")}
        />
      </div>
      <div className="form__row">
        <TextField
          label="Valid from"
          type="date"
          value={v.validFrom}
          onChange={set("validFrom")}
          error={error?.field("validFrom")}
        />
        <TextField
          label="Valid to"
          type="date"
          value={v.validTo}
          onChange={set("validTo")}
          error={error?.field("validTo")}
        />
      </div>
      <SelectField
        label="Issued by"
        value={v.source}
        onChange={set("source")}
        options={LICENSE_SOURCES.map((s) => ({ value: s, label: licenseSourceName(s) }))}
        error={error?.field("source")}
      />
      {isCompact(v.source) ? (
        <SelectField<StateCode>
          label="Home state"
          hint={
            homeStates.length > 0
              ? "The state of the license this privilege was issued on. It must be active (not on probation) and in the compact."
              : "Add the state license this privilege was issued on first: the home state is chosen from your state licenses."
          }
          value={v.homeState}
          onChange={set("homeState")}
          placeholder="Choose…"
          options={homeStates.map((s) => ({ value: s, label: stateName(s) }))}
          error={error?.field("homeState")}
          required
        />
      ) : null}
      <Checkbox
        label="Telehealth only"
        hint="For video sessions only: a compact privilege such as PSYPACT's APIT, or a state's telehealth registration (such as Florida's out-of-state telehealth provider registration)."
        checked={v.telehealthOnly}
        onChange={set("telehealthOnly")}
        error={error?.field("telehealthOnly")}
      />
      <FormActions label="Save license" busy={busy} onCancel={onCancel} />
    </form>
  );
}

function CredentialForm({
  providerId,
  item,
  onSaved,
  onCancel,
}: {
  providerId: string;
  item?: Credential;
  onSaved: (c: Credential) => void;
  onCancel: () => void;
}) {
  const { catalogue } = useApp();
  const [v, setV] = useState({
    payer: item?.payer ?? "",
    state: item?.state ?? NO_STATE,
    network: item?.network ?? "standard",
    status: item?.status ?? "active",
    effectiveFrom: item?.effectiveFrom ?? "",
    effectiveTo: item?.effectiveTo ?? "",
  });
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const set =
    <K extends keyof typeof v>(k: K) =>
    (value: (typeof v)[K]) => {
      setV((old) => ({ ...old, [k]: value }));
    };
  const payers = [...(catalogue?.payers ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const body: CredentialInput = {
      payer: v.payer,
      state: v.state as StateCode,
      network: v.network,
      status: v.status,
      effectiveFrom: v.effectiveFrom || null,
      effectiveTo: v.effectiveTo || null,
    };
    setBusy(true);
    setError(undefined);
    api.saveCredential(providerId, body, item?.id).then(
      (c) => {
        setBusy(false);
        notifyChanged();
        onSaved(c);
      },
      (err: unknown) => {
        setBusy(false);
        setError(asApiError(err));
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate className="form">
      <FormError
        error={error}
        shown={["payer", "state", "network", "status", "effectiveFrom", "effectiveTo"]}
      />
      <SelectField
        label="Payer"
        value={v.payer}
        onChange={set("payer")}
        placeholder="Choose…"
        options={payers.map((p) => ({ value: p.id, label: p.name }))}
        error={error?.field("payer")}
        required
      />
      <div className="form__row">
        <SelectField<StateCode>
          label="State"
          value={v.state}
          onChange={set("state")}
          placeholder="Choose…"
          options={stateOptions}
          error={error?.field("state")}
          required
        />
        <SelectField
          label="Network"
          hint="Virtual networks are Blue plans' networks for members in another state."
          value={v.network}
          onChange={set("network")}
          options={NETWORKS.map((n) => ({
            value: n,
            label: n === "virtual" ? "Virtual network" : "Standard",
          }))}
          error={error?.field("network")}
        />
      </div>
      <SelectField
        label="Status"
        value={v.status}
        onChange={set("status")}
        options={CREDENTIAL_STATUSES.map((s) => ({ value: s, label: capitalise(s) }))}
        error={error?.field("status")}
      />
      <div className="form__row">
        <TextField
          label="In force from"
          type="date"
          value={v.effectiveFrom}
          onChange={set("effectiveFrom")}
          error={error?.field("effectiveFrom")}
        />
        <TextField
          label="In force to"
          type="date"
          value={v.effectiveTo}
          onChange={set("effectiveTo")}
          error={error?.field("effectiveTo")}
        />
      </div>
      <FormActions label="Save credential" busy={busy} onCancel={onCancel} />
    </form>
  );
}
