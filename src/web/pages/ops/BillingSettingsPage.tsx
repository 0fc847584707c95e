/**
 * Operations: who bills. The group named on every claim file (NPI, EIN, taxonomy, address,
 * contact), the clearinghouse, the fee schedule and each payer's electronic id; read, then edited
 * in one form whose API errors sit next to the field (or fee row, or payer row) they name.
 * Until these are set (GET answers 404) the page is the empty form.
 */
import { useEffect, useRef, useState, type ReactNode, type SubmitEvent } from "react";
import { ApiError, asApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { BillingSettings, StateCode } from "../../api/types";
import { DataTable, type Column } from "../../components/DataTable";
import { FormError, SelectField, TextField } from "../../components/Field";
import { LoadError, Loading, Notice, PageHeader, FormActions } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import {
  blankFee,
  blankPayer,
  feeSpot,
  formatCents,
  formatEin,
  formatPhone,
  formatZip,
  PATHS,
  payerSpot,
  placeErrors,
  TELEHEALTH_LABELS,
  TELEHEALTH_OPTIONS,
  toDraft,
  toInput,
  type FeeRow,
  type PayerRow,
  type Problems,
  type Scalar,
  type TelehealthChoice,
} from "../../lib/billing-draft";
import { notifyChanged } from "../../lib/changes";
import { formatAddress, formatInstant, plural, STATE_OPTIONS } from "../../lib/format";
import { useAsync } from "../../lib/useAsync";

const WHY =
  "Who bills: the group named on every claim file, the clearinghouse that receives the files, the usual charge per CPT code and each payer's electronic id. Claims cannot be written as files (X12 837P or FHIR) until these are set.";

/** The settings, or null while none are set (the API answers 404). */
async function loadSettings(): Promise<BillingSettings | null> {
  try {
    return await api.billingSettings();
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// The page.

export function BillingSettingsPage() {
  const loaded = useAsync(loadSettings, []);
  /** What the last save answered; it replaces what was loaded. */
  const [saved, setSaved] = useState<BillingSettings>();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string>();
  /** Focus returns to the Edit button after the form closes. */
  const [refocus, setRefocus] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!refocus || editing) return;
    editButton.current?.focus();
    setRefocus(false);
  }, [refocus, editing]);

  const settings = saved ?? loaded.data;
  const unset = settings === null;
  const formOpen = editing || unset;

  const close = () => {
    setEditing(false);
    setRefocus(true);
  };

  let body: ReactNode;
  if (loaded.error && !saved) body = <LoadError error={loaded.error} retry={loaded.reload} />;
  else if (settings === undefined) body = <Loading what="Loading the billing settings" />;
  else if (formOpen) {
    body = (
      <>
        {unset ? (
          <Notice tone="warn" title="Billing settings are not set yet">
            <p>
              Until they are, no claim can be written as a file: claim downloads and batch exports are
              refused. Fill in the form below and save it.
            </p>
          </Notice>
        ) : null}
        <SettingsForm
          initial={settings}
          focusOnOpen={editing}
          onSaved={(s) => {
            setSaved(s);
            setNotice(
              `Billing settings saved${s.updatedAt ? ` (${formatInstant(s.updatedAt)})` : ""}. Claim files written from now on use them.`,
            );
            notifyChanged();
            close();
          }}
          {...(unset ? {} : { onCancel: close })}
        />
      </>
    );
  } else {
    body = <SettingsView settings={settings} />;
  }

  return (
    <>
      <PageHeader
        title="Billing settings"
        lead={WHY}
        actions={
          settings && !formOpen ? (
            <button
              ref={editButton}
              type="button"
              className="button button--primary"
              onClick={() => {
                setNotice(undefined);
                setEditing(true);
              }}
            >
              Edit billing settings
            </button>
          ) : null
        }
      />
      <div role="status">
        {notice ? (
          <Notice tone="good">
            <p>{notice}</p>
          </Notice>
        ) : null}
      </div>
      {body}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Reading.

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="facts__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const FEE_COLUMNS: readonly Column<readonly [string, number]>[] = [
  { header: "CPT code", rowHeader: true, className: "codes", cell: ([cpt]) => cpt },
  { header: "Charge", cell: ([, cents]) => formatCents(cents) },
];

interface PayerIdRow {
  readonly id: string;
  readonly name: string;
  readonly electronic: string;
  readonly telehealth: TelehealthChoice;
}

const PAYER_COLUMNS: readonly Column<PayerIdRow>[] = [
  { header: "Payer", rowHeader: true, cell: (p) => p.name },
  { header: "Catalogue id", cell: (p) => <span className="codes">{p.id}</span> },
  { header: "Electronic payer id", cell: (p) => <span className="codes">{p.electronic}</span> },
  { header: "Video telehealth modifier", cell: (p) => TELEHEALTH_LABELS[p.telehealth] },
];

function SettingsView({ settings: s }: { settings: BillingSettings }) {
  const { payerName } = useApp();
  const fees = Object.entries(s.fees).sort(([a], [b]) => a.localeCompare(b));
  const payers = Object.entries(s.payerIds)
    .map(([id, electronic]): PayerIdRow => ({
      id,
      name: payerName(id),
      electronic,
      telehealth: s.telehealthModifiers[id] ?? "default",
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      {s.updatedAt ? <p className="muted small">Last changed {formatInstant(s.updatedAt)}.</p> : null}
      <div className="settings-grid">
        <section className="card settings-card" aria-labelledby="billing-group">
          <h2 id="billing-group">Billing group</h2>
          <dl className="facts">
            <Fact term="Name">{s.name}</Fact>
            <Fact term="Group NPI (type 2)">
              <span className="codes">{s.npi}</span>
            </Fact>
            <Fact term="Tax id (EIN)">
              <span className="codes">{formatEin(s.taxId)}</span>
            </Fact>
            <Fact term="Taxonomy">
              <span className="codes">{s.taxonomy}</span>
            </Fact>
            <Fact term="Address">{formatAddress({ ...s.address, zip: formatZip(s.address.zip) })}</Fact>
            <Fact term="Contact">
              {s.contactName}
              <span className="block">{formatPhone(s.contactPhone)}</span>
            </Fact>
          </dl>
        </section>
        <section className="card settings-card" aria-labelledby="clearinghouse">
          <h2 id="clearinghouse">Clearinghouse</h2>
          <dl className="facts">
            <Fact term="Submitter id (ours)">
              <span className="codes">{s.submitterId}</span>
            </Fact>
            <Fact term="Receiver name">{s.receiverName}</Fact>
            <Fact term="Receiver id">
              <span className="codes">{s.receiverId}</span>
            </Fact>
          </dl>
        </section>
      </div>

      <section className="section" aria-labelledby="fee-schedule">
        <div className="section__header">
          <h2 id="fee-schedule">Fee schedule</h2>
          <p className="muted">The usual charge billed per CPT code: {plural(fees.length, "code")}.</p>
        </div>
        <DataTable
          rows={fees}
          columns={FEE_COLUMNS}
          rowKey={([cpt]) => cpt}
          rowData={([cpt]) => ({ "data-cpt": cpt })}
          caption="Fee schedule"
          className="settings-table"
          empty={
            <p className="empty">No fees yet: a claim without a fee for its CPT code cannot be written.</p>
          }
        />
      </section>

      <section className="section" aria-labelledby="payer-ids">
        <div className="section__header">
          <h2 id="payer-ids">Electronic payer ids</h2>
          <p className="muted">
            The id the clearinghouse knows each payer by: {plural(payers.length, "payer")}. A claim to a payer
            without one cannot be written.
          </p>
        </div>
        <DataTable
          rows={payers}
          columns={PAYER_COLUMNS}
          rowKey={(p) => p.id}
          rowData={(p) => ({ "data-payer": p.id })}
          caption="Electronic payer ids"
          className="settings-table"
          empty={<p className="empty">No electronic payer ids yet.</p>}
        />
      </section>
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Editing.

function SettingsForm({
  initial,
  focusOnOpen,
  onSaved,
  onCancel,
}: {
  initial: BillingSettings | null;
  focusOnOpen: boolean;
  onSaved: (saved: BillingSettings) => void;
  onCancel?: () => void;
}) {
  const { catalogue, payerName } = useApp();
  const [draft, setDraft] = useState(() => toDraft(initial, payerName));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [problems, setProblems] = useState<Problems>({});
  const [shown, setShown] = useState<readonly string[]>([]);
  /** Bumped after a failed submit: focus then moves to the first field in error. */
  const [failures, setFailures] = useState(0);
  /** A row just added (its first control takes focus) or "add-fee"/"add-payer" after a removal. */
  const [focusTarget, setFocusTarget] = useState<string>();
  const form = useRef<HTMLFormElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // Opened by the Edit button: focus moves to the form's heading (once, when it opens).
  const focusFirst = useRef(focusOnOpen);
  useEffect(() => {
    if (focusFirst.current) heading.current?.focus();
    focusFirst.current = false;
  }, []);

  // After a failed save: the first field in error, else the form's heading (the summary follows it).
  useEffect(() => {
    if (failures === 0) return;
    (form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? heading.current)?.focus();
  }, [failures]);

  useEffect(() => {
    if (!focusTarget) return;
    form.current?.querySelector<HTMLElement>(`[data-focus="${focusTarget}"]`)?.focus();
    setFocusTarget(undefined);
  }, [focusTarget]);

  const set = (field: Scalar) => (value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
  };
  const setFee = (key: string, change: Partial<FeeRow>) => {
    setDraft((d) => ({ ...d, fees: d.fees.map((r) => (r.key === key ? { ...r, ...change } : r)) }));
  };
  const setPayer = (key: string, change: Partial<PayerRow>) => {
    setDraft((d) => ({ ...d, payers: d.payers.map((r) => (r.key === key ? { ...r, ...change } : r)) }));
  };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const sent = draft;
    const { body, problems: local } = toInput(sent);
    setError(undefined);
    if (Object.keys(local).length > 0) {
      setProblems(local);
      setShown([]);
      setFailures((n) => n + 1);
      return;
    }
    setBusy(true);
    setProblems({});
    api.saveBillingSettings(body).then(
      (saved) => {
        setBusy(false);
        onSaved(saved);
      },
      (err: unknown) => {
        const failure = asApiError(err);
        const placed = placeErrors(failure.errors, sent);
        setBusy(false);
        setError(failure);
        setProblems(placed.problems);
        setShown(placed.shown);
        setFailures((n) => n + 1);
      },
    );
  };

  const field = (name: Scalar) => ({
    value: draft[name],
    onChange: set(name),
    error: problems[PATHS[name]],
  });
  const localOnly = !error && Object.keys(problems).length > 0;

  const chosen = new Set(draft.payers.map((r) => r.payerId).filter(Boolean));
  const allPayers = [...(catalogue?.payers ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const payerOptions = (current: string) => {
    const options = allPayers
      .filter((p) => p.id === current || !chosen.has(p.id))
      .map((p) => ({ value: p.id, label: p.name }));
    // Before the catalogue has loaded (or for an id it lacks) the current choice still shows.
    if (current && !options.some((o) => o.value === current))
      options.unshift({ value: current, label: payerName(current) });
    return options;
  };

  return (
    <section className="section settings-form" aria-labelledby="billing-form">
      <h2 id="billing-form" ref={heading} tabIndex={-1}>
        {initial ? "Edit billing settings" : "Set up billing settings"}
      </h2>
      <form ref={form} className="form" onSubmit={submit} noValidate aria-labelledby="billing-form">
        <p className="muted">
          Every field of the group and the clearinghouse is needed. Claim files written after saving use the
          new settings; files already written do not change.
        </p>
        <FormError error={error} shown={shown} />
        {localOnly ? (
          <p className="notice notice--bad" role="alert">
            Please correct the fields marked below.
          </p>
        ) : null}

        <fieldset className="card">
          <legend>Billing group</legend>
          <div className="form">
            <TextField label="Group name" {...field("name")} required />
            <div className="form__row">
              <TextField
                label="Group NPI"
                hint="The group's type 2 NPI: 10 digits, starting with 2."
                inputMode="numeric"
                {...field("npi")}
                required
              />
              <TextField
                label="Tax id (EIN)"
                hint="9 digits; a dash is fine."
                inputMode="numeric"
                {...field("taxId")}
                required
              />
              <TextField
                label="Taxonomy code"
                hint="NUCC code, such as 261QM0801X."
                autoCapitalize="characters"
                {...field("taxonomy")}
                required
              />
            </div>
            <div className="form__row form__row--address">
              <TextField label="Street address" maxLength={55} {...field("line1")} required />
              <TextField label="Suite, floor (optional)" maxLength={55} {...field("line2")} />
              <TextField label="City" maxLength={30} {...field("city")} required />
              <SelectField<StateCode>
                label="State"
                value={draft.state}
                onChange={set("state")}
                options={STATE_OPTIONS.map((s) => ({ value: s.code, label: s.name }))}
                placeholder="Choose a state"
                error={problems["address.state"]}
                required
              />
            </div>
            <div className="form__row">
              <TextField
                label="ZIP code"
                hint="All 9 digits (ZIP+4); a dash is fine."
                inputMode="numeric"
                {...field("zip")}
                required
              />
              <TextField label="Contact name" {...field("contactName")} required />
              <TextField
                label="Contact phone"
                hint="10 digits; spaces, dashes and brackets are fine."
                inputMode="tel"
                {...field("contactPhone")}
                required
              />
            </div>
          </div>
        </fieldset>

        <fieldset className="card">
          <legend>Clearinghouse</legend>
          <div className="form__row">
            <TextField
              label="Submitter id"
              hint="Our id at the clearinghouse."
              autoCapitalize="characters"
              {...field("submitterId")}
              required
            />
            <TextField label="Receiver name" {...field("receiverName")} required />
            <TextField
              label="Receiver id"
              hint="The clearinghouse's id: 2–15 letters or digits."
              autoCapitalize="characters"
              {...field("receiverId")}
              required
            />
          </div>
        </fieldset>

        <fieldset className="card">
          <legend>Fee schedule</legend>
          <p className="field__hint">The usual charge per CPT code, in dollars. Blank rows are left out.</p>
          <ul className="edit-rows">
            {draft.fees.map((r, i) => {
              const cpt = r.cpt.trim();
              const which = cpt ? ` for ${cpt}` : ` for row ${i + 1}`;
              return (
                <li key={r.key} className="edit-row" data-fee-row={r.key}>
                  <TextField
                    label={
                      <>
                        CPT code<span className="visually-hidden">, fee row {i + 1}</span>
                      </>
                    }
                    value={r.cpt}
                    onChange={(v) => {
                      setFee(r.key, { cpt: v });
                    }}
                    error={problems[feeSpot(r.key, "cpt")]}
                    inputMode="numeric"
                    data-focus={r.key}
                  />
                  <TextField
                    label={
                      <>
                        Charge ($)<span className="visually-hidden">{which}</span>
                      </>
                    }
                    value={r.dollars}
                    onChange={(v) => {
                      setFee(r.key, { dollars: v });
                    }}
                    error={problems[feeSpot(r.key, "charge")]}
                    inputMode="decimal"
                  />
                  <button
                    type="button"
                    className="button button--small edit-row__remove"
                    onClick={() => {
                      setDraft((d) => ({ ...d, fees: d.fees.filter((x) => x.key !== r.key) }));
                      setFocusTarget("add-fee");
                    }}
                  >
                    Remove<span className="visually-hidden"> the fee{which}</span>
                  </button>
                </li>
              );
            })}
          </ul>
          <button
            type="button"
            className="button button--small"
            data-focus="add-fee"
            onClick={() => {
              const row = blankFee();
              setDraft((d) => ({ ...d, fees: [...d.fees, row] }));
              setFocusTarget(row.key);
            }}
          >
            Add a fee
          </button>
        </fieldset>

        <fieldset className="card">
          <legend>Electronic payer ids</legend>
          <p className="field__hint">
            The id the clearinghouse knows each payer by: letters and digits. Blank rows are left out.
          </p>
          <ul className="edit-rows">
            {draft.payers.map((r, i) => {
              const which = r.payerId ? ` for ${payerName(r.payerId)}` : ` for row ${i + 1}`;
              return (
                <li key={r.key} className="edit-row edit-row--payer" data-payer-row={r.key}>
                  <SelectField
                    label={
                      <>
                        Payer<span className="visually-hidden">, payer row {i + 1}</span>
                      </>
                    }
                    value={r.payerId}
                    onChange={(v) => {
                      setPayer(r.key, { payerId: v });
                    }}
                    options={payerOptions(r.payerId)}
                    placeholder="Choose a payer"
                    error={problems[payerSpot(r.key, "payer")]}
                    data-focus={r.key}
                  />
                  <TextField
                    label={
                      <>
                        Electronic payer id<span className="visually-hidden">{which}</span>
                      </>
                    }
                    value={r.electronicId}
                    onChange={(v) => {
                      setPayer(r.key, { electronicId: v.toUpperCase() });
                    }}
                    error={problems[payerSpot(r.key, "id")]}
                    autoCapitalize="characters"
                  />
                  <SelectField<TelehealthChoice>
                    label={
                      <>
                        Video telehealth modifier<span className="visually-hidden">{which}</span>
                      </>
                    }
                    hint="Audio-only is always 93 (FQ for Medicare)."
                    value={r.telehealth}
                    onChange={(v) => {
                      setPayer(r.key, { telehealth: v });
                    }}
                    options={TELEHEALTH_OPTIONS}
                    error={problems[payerSpot(r.key, "telehealth")]}
                  />
                  <button
                    type="button"
                    className="button button--small edit-row__remove"
                    onClick={() => {
                      setDraft((d) => ({ ...d, payers: d.payers.filter((x) => x.key !== r.key) }));
                      setFocusTarget("add-payer");
                    }}
                  >
                    Remove<span className="visually-hidden"> the electronic id{which}</span>
                  </button>
                </li>
              );
            })}
          </ul>
          <button
            type="button"
            className="button button--small"
            data-focus="add-payer"
            disabled={catalogue !== undefined && chosen.size >= catalogue.payers.length}
            onClick={() => {
              const row = blankPayer();
              setDraft((d) => ({ ...d, payers: [...d.payers, row] }));
              setFocusTarget(row.key);
            }}
          >
            Add a payer
          </button>
        </fieldset>

        <FormActions label="Save billing settings" busy={busy} onCancel={onCancel} />
      </form>
    </section>
  );
}
