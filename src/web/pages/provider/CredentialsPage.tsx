/** Licenses and payer credentials: status, dates, days to expiry; add and edit. */
import { useState, type SubmitEvent } from "react";
import { api } from "../../api/endpoints";
import {
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
import { DataTable, type Column } from "../../components/DataTable";
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
import { byName, useDraft } from "../../lib/useDraft";
import {
  byEnd,
  CREDENTIAL_FIELDS,
  credentialDraft,
  credentialInput,
  fieldErrors,
  homeStates as homeStatesOf,
  isCompact,
  licenseDraft,
  licenseFields,
  licenseInput,
} from "../../lib/credential-draft";
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

const LICENSE_COLUMNS: readonly Column<License>[] = [
  { header: "State", rowHeader: true, cell: (l) => stateName(l.state) },
  {
    header: "License",
    cell: (l) => (
      <>
        {l.type}
        {l.number ? ` #${l.number}` : ""}
        <span className="block small muted">
          {licenseSourceName(l.source)}
          {l.homeState ? ` · home state ${stateName(l.homeState)}` : ""}
          {l.telehealthOnly ? " · telehealth only" : ""}
        </span>
      </>
    ),
  },
  { header: "Status", cell: (l) => <Pill tone={statusTone(l.status)}>{capitalise(l.status)}</Pill> },
  {
    header: "Valid",
    cell: (l) => `${formatDate(l.validFrom, "—")} – ${formatDate(l.validTo, "no end")}`,
  },
  { header: "Expiry", cell: (l) => <Expiry to={l.validTo} status={l.status} /> },
];

/** The credential columns after the payer (whose name comes from the catalogue). */
const CREDENTIAL_COLUMNS: readonly Column<Credential>[] = [
  { header: "State", cell: (c) => stateName(c.state) },
  { header: "Network", cell: (c) => (c.network === "virtual" ? "Virtual network" : "Standard") },
  { header: "Status", cell: (c) => <Pill tone={statusTone(c.status)}>{capitalise(c.status)}</Pill> },
  {
    header: "In force",
    cell: (c) => `${formatDate(c.effectiveFrom, "—")} – ${formatDate(c.effectiveTo, "no end")}`,
  },
  { header: "Expiry", cell: (c) => <Expiry to={c.effectiveTo} status={c.status} /> },
];

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
  const licenses = [...p.licenses].sort(byEnd<License>((l) => l.validTo));
  const credentials = [...p.credentials].sort(byEnd<Credential>((c) => c.effectiveTo));

  const done = (message: string, saidCheck: SavedLicense["check"] = null) => {
    setEditing(undefined);
    setSaved(message);
    setCheck(saidCheck);
    provider.reload();
  };
  // A privilege's home license is a state license (state board or IMLC) of the provider's own.
  const homeStates = homeStatesOf(p.licenses, stateName);
  const edit = (next: Editing) => () => {
    setSaved(undefined);
    setEditing(next);
  };

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
          <button type="button" className="button" onClick={edit({ kind: "license" })}>
            Add license
          </button>
        </div>
        <DataTable
          rows={licenses}
          rowKey={(l) => l.id}
          columns={[
            ...LICENSE_COLUMNS,
            editColumn<License>(
              (l) => edit({ kind: "license", item: l }),
              (l) => `${l.type} license in ${stateName(l.state)}`,
            ),
          ]}
          empty={<Empty>No licenses yet.</Empty>}
        />
      </section>
      <section className="section" aria-labelledby="credentials">
        <div className="section__header section__header--row">
          <h2 id="credentials">Payer credentials</h2>
          <button type="button" className="button" onClick={edit({ kind: "credential" })}>
            Add credential
          </button>
        </div>
        <DataTable
          rows={credentials}
          rowKey={(c) => c.id}
          columns={[
            { header: "Payer", rowHeader: true, cell: (c) => payerName(c.payer) },
            ...CREDENTIAL_COLUMNS,
            editColumn<Credential>(
              (c) => edit({ kind: "credential", item: c }),
              (c) => `${payerName(c.payer)} credential in ${stateName(c.state)}`,
            ),
          ]}
          empty={<Empty>No credentials yet.</Empty>}
        />
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
              const what = isCompact(l.source)
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

const stateOptions = STATE_OPTIONS.map((s) => ({ value: s.code, label: s.name }));

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
  const { v, set, error, busy, save } = useDraft(() => licenseDraft(item));

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const body = licenseInput(v);
    save(api.saveLicense(providerId, body, item?.id), onSaved);
  };
  const fields = licenseFields(v);
  const problems = fieldErrors(error?.errors, fields);
  return (
    <form onSubmit={submit} noValidate className="form">
      <FormError error={error} shown={fields} />
      <div className="form__row">
        <SelectField<StateCode>
          label="State"
          value={v.state}
          onChange={set("state")}
          placeholder="Choose…"
          options={stateOptions}
          error={problems.state}
          required
        />
        <TextField
          label="License type"
          hint="For example LCSW, LPC, PsyD"
          value={v.type}
          onChange={set("type")}
          error={problems.type}
          required
          maxLength={40}
        />
      </div>
      <div className="form__row">
        <TextField
          label="Number (optional)"
          value={v.number}
          onChange={set("number")}
          error={problems.number}
        />
        <SelectField
          label="Status"
          value={v.status}
          onChange={set("status")}
          options={LICENSE_STATUSES.map((s) => ({ value: s, label: capitalise(s) }))}
          error={problems.status}
        />
      </div>
      <div className="form__row">
        <TextField
          label="Valid from"
          type="date"
          value={v.validFrom}
          onChange={set("validFrom")}
          error={problems.validFrom}
        />
        <TextField
          label="Valid to"
          type="date"
          value={v.validTo}
          onChange={set("validTo")}
          error={problems.validTo}
        />
      </div>
      <SelectField
        label="Issued by"
        value={v.source}
        onChange={set("source")}
        options={LICENSE_SOURCES.map((s) => ({ value: s, label: licenseSourceName(s) }))}
        error={problems.source}
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
          error={problems.homeState}
          required
        />
      ) : null}
      <Checkbox
        label="Telehealth only"
        hint="For video sessions only: a compact privilege such as PSYPACT's APIT, or a state's telehealth registration (such as Florida's out-of-state telehealth provider registration)."
        checked={v.telehealthOnly}
        onChange={set("telehealthOnly")}
        error={problems.telehealthOnly}
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
  const { v, set, error, busy, save } = useDraft(() => credentialDraft(item));
  const payers = byName(catalogue?.payers);

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const body = credentialInput(v);
    save(api.saveCredential(providerId, body, item?.id), onSaved);
  };
  const problems = fieldErrors(error?.errors, CREDENTIAL_FIELDS);
  return (
    <form onSubmit={submit} noValidate className="form">
      <FormError error={error} shown={CREDENTIAL_FIELDS} />
      <SelectField
        label="Payer"
        value={v.payer}
        onChange={set("payer")}
        placeholder="Choose…"
        options={payers.map((p) => ({ value: p.id, label: p.name }))}
        error={problems.payer}
        required
      />
      <div className="form__row">
        <SelectField<StateCode>
          label="State"
          value={v.state}
          onChange={set("state")}
          placeholder="Choose…"
          options={stateOptions}
          error={problems.state}
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
          error={problems.network}
        />
      </div>
      <SelectField
        label="Status"
        value={v.status}
        onChange={set("status")}
        options={CREDENTIAL_STATUSES.map((s) => ({ value: s, label: capitalise(s) }))}
        error={problems.status}
      />
      <div className="form__row">
        <TextField
          label="In force from"
          type="date"
          value={v.effectiveFrom}
          onChange={set("effectiveFrom")}
          error={problems.effectiveFrom}
        />
        <TextField
          label="In force to"
          type="date"
          value={v.effectiveTo}
          onChange={set("effectiveTo")}
          error={problems.effectiveTo}
        />
      </div>
      <FormActions label="Save credential" busy={busy} onCancel={onCancel} />
    </form>
  );
}

/** The Actions column: an Edit button per row, which names the row for screen readers. */
function editColumn<T>(onEdit: (row: T) => () => void, name: (row: T) => string): Column<T> {
  return {
    header: "Actions",
    actions: true,
    cell: (row) => (
      <button type="button" className="button button--small" onClick={onEdit(row)}>
        Edit<span className="visually-hidden"> {name(row)}</span>
      </button>
    ),
  };
}
