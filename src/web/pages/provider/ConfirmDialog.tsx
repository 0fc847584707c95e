/**
 * Confirming a session: where the client was (one of their locations, or another address, kept
 * for this session only unless the provider saves it), what confirming would do as the answer
 * changes (the server's dry run, `POST /sessions/{id}/confirm?dryRun=true`: the outlook and the
 * claim it would make), then the confirmation itself, which the server decides again and refuses
 * with the reason and the fix when the session cannot be billed. A crisis session also asks for
 * its documentation and the exact address.
 */
import { useEffect, useId, useMemo, useState, type SubmitEvent } from "react";
import { asApiError, type ApiError } from "../../api/client";
import { api, type ConfirmInput } from "../../api/endpoints";
import type {
  ClientDetail,
  Confirmed,
  ConfirmPreview,
  Decision,
  Provider,
  Session,
  StateCode,
} from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { DecisionView, OutlookView, PreviewProblems } from "../../components/DecisionView";
import { Checkbox, FormError, SelectField, TextArea, TextField } from "../../components/Field";
import { LOCATION_KIND_NAMES } from "../../components/LocationForm";
import { LoadError, Loading, Notice, FormActions } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { formatAddress, formatInstant, isPast, newKey, STATE_OPTIONS } from "../../lib/format";
import { useAsync } from "../../lib/useAsync";
import { usePreview, type Preview } from "../../lib/usePreview";
import { notifyChanged } from "../../lib/changes";
import { diagnosesError, formatDiagnosis, parseDiagnoses } from "../../lib/claims";

const NEW = "new";
const SHOWN = [
  "clientLocationId",
  "address",
  "address.line1",
  "address.line2",
  "address.city",
  "address.state",
  "address.zip",
  "saveLocation",
  "crisisDocumentation",
];
/** Diagnosis messages are shown under the Diagnoses field, whichever code they name. */
const shownHere = (error: ApiError | undefined): string[] => [
  ...SHOWN,
  ...(error?.errors ?? []).map((e) => e.path).filter((p) => p.startsWith("diagnosisCodes")),
];

interface Address {
  line1: string;
  line2: string;
  city: string;
  state: StateCode | "";
  zip: string;
}

export function ConfirmDialog({
  session,
  provider,
  onClose,
  onConfirmed,
}: {
  session: Session;
  provider: Provider;
  onClose: () => void;
  onConfirmed: (result: Confirmed) => void;
}) {
  const client = useAsync(
    () => api.client(session.clientId, session.serviceDate),
    [session.clientId, session.serviceDate],
  );
  return (
    <Dialog title={`Confirm the session with ${client.data?.name ?? "…"}`} onClose={onClose} wide>
      <p className="muted">
        {isPast(session.startsAt) ? "Took place " : "Starts "}
        {formatInstant(session.startsAt)} · {session.durationMinutes} min ·{" "}
        {session.modality === "telehealth" ? "video" : "in person"} · CPT {session.cptCode}
        {session.crisis ? " · crisis" : ""}
      </p>
      {client.error ? <LoadError error={client.error} retry={client.reload} /> : null}
      {client.data ? (
        <ConfirmForm
          session={session}
          client={client.data}
          provider={provider}
          onCancel={onClose}
          onConfirmed={onConfirmed}
        />
      ) : client.error ? null : (
        <Loading />
      )}
    </Dialog>
  );
}

function ConfirmForm({
  session,
  client,
  provider,
  onCancel,
  onConfirmed,
}: {
  session: Session;
  client: ClientDetail;
  provider: Provider;
  onCancel: () => void;
  onConfirmed: (result: Confirmed) => void;
}) {
  const telehealth = session.modality === "telehealth";
  const expected = client.currentLocation;
  // A crisis needs the exact street address: a saved place without one starts as a new address.
  const start = expected && (!session.crisis || expected.line1) ? expected.id : NEW;
  const [picked, setPicked] = useState<string>(telehealth ? start : "");
  const [address, setAddress] = useState<Address>(() => ({
    line1: expected?.line1 ?? "",
    line2: expected?.line2 ?? "",
    city: expected?.city ?? "",
    state: expected?.state ?? "",
    zip: expected?.zip ?? "",
  }));
  // An address given here belongs to this session only unless the provider keeps it.
  const [saveLocation, setSaveLocation] = useState(false);
  const [documentation, setDocumentation] = useState("");
  // The client's working diagnoses to start with; the claim carries what is here.
  const [diagnoses, setDiagnoses] = useState(() => client.diagnosisCodes.map(formatDiagnosis).join(", "));
  const [error, setError] = useState<ApiError>();
  const [refusal, setRefusal] = useState<Decision>();
  const [busy, setBusy] = useState(false);
  const groupId = useId();

  const practice = provider.practiceLocations.find((p) => p.id === session.practiceLocationId);

  /** The request as it stands: what the preview asks about and what submitting sends. */
  const body: ConfirmInput = useMemo(() => {
    const b: ConfirmInput = {};
    if (telehealth) {
      if (picked === NEW) {
        if (address.state) {
          b.address = {
            line1: address.line1.trim() || null,
            line2: address.line2.trim() || null,
            city: address.city.trim() || null,
            state: address.state,
            zip: address.zip.trim() || null,
          };
          b.saveLocation = saveLocation;
        }
      } else if (picked) b.clientLocationId = picked;
    }
    if (session.crisis) b.crisisDocumentation = documentation;
    b.diagnosisCodes = parseDiagnoses(diagnoses);
    return b;
  }, [telehealth, picked, address, saveLocation, session.crisis, documentation, diagnoses]);

  // Nothing to ask while "somewhere else" has no state yet.
  const placeGiven = !telehealth || (picked === NEW ? Boolean(address.state) : Boolean(picked));
  const preview = usePreview(placeGiven ? body : undefined, (b) => api.previewConfirm(session.id, b));

  // A refusal answered an earlier answer; a new one gets a new preview.
  const bodyKey = JSON.stringify(body);
  useEffect(() => {
    setRefusal(undefined);
  }, [bodyKey]);

  const set = (k: keyof Address) => (v: string) => {
    setAddress((a) => ({ ...a, [k]: v }));
  };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setRefusal(undefined);
    api.confirm(session.id, body, newKey()).then(
      (result) => {
        setBusy(false);
        notifyChanged();
        onConfirmed(result);
      },
      (err: unknown) => {
        setBusy(false);
        const a = asApiError(err);
        if (a.code === "NOT_BILLABLE" && a.decision) setRefusal(a.decision);
        else setError(a);
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate className="form confirm">
      <div className="confirm__inputs">
        <FormError error={error} shown={shownHere(error)} />
        {telehealth ? (
          <fieldset
            className="choices"
            aria-describedby={error?.field("clientLocationId") ? `${groupId}-error` : undefined}
          >
            <legend>Where was the client during the session?</legend>
            {client.locations.map((l) => (
              <label key={l.id} className="choice">
                <input
                  type="radio"
                  name={groupId}
                  value={l.id}
                  checked={picked === l.id}
                  onChange={() => {
                    setPicked(l.id);
                  }}
                />
                <span>
                  <span className="choice__title">
                    {l.label ?? LOCATION_KIND_NAMES[l.kind]}
                    {l.id === expected?.id ? <span className="tag">Expected that day</span> : null}
                  </span>
                  <span className="muted small block">{formatAddress(l)}</span>
                </span>
              </label>
            ))}
            <label className="choice">
              <input
                type="radio"
                name={groupId}
                value={NEW}
                checked={picked === NEW}
                onChange={() => {
                  setPicked(NEW);
                }}
              />
              <span>
                <span className="choice__title">Somewhere else</span>
                <span className="muted small block">
                  Enter the address; it is used for this session only unless you save it.
                </span>
              </span>
            </label>
            {error?.field("clientLocationId") ? (
              <p className="field__error" id={`${groupId}-error`} role="alert">
                {error.field("clientLocationId")}
              </p>
            ) : null}
          </fieldset>
        ) : (
          <p>
            In person at <strong>{practice?.label ?? "your practice"}</strong>
            {practice ? `, ${formatAddress(practice)}` : ""}.
          </p>
        )}
        {telehealth && picked === NEW ? (
          <fieldset className="subform">
            <legend>{session.crisis ? "Exact address where the client was" : "Where the client was"}</legend>
            <TextField
              label={session.crisis ? "Street address (required for a crisis)" : "Street address"}
              value={address.line1}
              onChange={set("line1")}
              error={error?.field("address.line1")}
              autoComplete="address-line1"
              maxLength={55}
            />
            <TextField
              label="Apartment, suite, floor (optional)"
              value={address.line2}
              onChange={set("line2")}
              error={error?.field("address.line2")}
              autoComplete="address-line2"
              maxLength={55}
            />
            <div className="form__row form__row--address">
              <TextField
                label="City"
                value={address.city}
                onChange={set("city")}
                error={error?.field("address.city")}
                maxLength={30}
              />
              <SelectField<StateCode>
                label="State"
                value={address.state}
                onChange={set("state")}
                placeholder="Choose…"
                options={STATE_OPTIONS.map((s) => ({ value: s.code, label: s.name }))}
                error={error?.field("address.state") ?? error?.field("address")}
              />
              <TextField
                label="ZIP code"
                hint="5 digits or ZIP+4 (10027-1234)"
                value={address.zip}
                onChange={set("zip")}
                maxLength={10}
                error={error?.field("address.zip")}
              />
            </div>
            <Checkbox
              label="Save this address as one of the client's places"
              hint="Leave unticked for a one-off, such as a crisis call from elsewhere."
              checked={saveLocation}
              onChange={setSaveLocation}
              error={error?.field("saveLocation")}
            />
          </fieldset>
        ) : null}
        <TextField
          label="Diagnoses (ICD-10-CM)"
          hint="Codes separated by commas, such as F41.1, F43.10; the first is the principal diagnosis. Filled in from the client's record."
          value={diagnoses}
          onChange={setDiagnoses}
          error={diagnosesError(error)}
          autoComplete="off"
          spellCheck={false}
          required
        />
        {session.crisis ? (
          <TextArea
            label="Crisis documentation"
            hint="The presenting crisis, the risk assessment, the interventions, exact times, and the safety plan."
            value={documentation}
            onChange={setDocumentation}
            error={error?.field("crisisDocumentation")}
            rows={5}
            required
          />
        ) : null}
      </div>
      <div className="confirm__decision">
        <h3 className="small-heading">Before you confirm</h3>
        {refusal ? (
          <div role="alert" className="refusal">
            <p className="refusal__title">
              <strong>Not confirmed: this session cannot be billed.</strong> Nothing was changed.
            </p>
            <DecisionView decision={refusal} title="Why the session was refused" />
          </div>
        ) : (
          <ConfirmPreviewPane preview={preview} placeGiven={placeGiven} past={isPast(session.startsAt)} />
        )}
      </div>
      <FormActions label="Confirm and bill" busy={busy} busyLabel="Confirming…" onCancel={onCancel} />
    </form>
  );
}

/** What confirming would do for the answer so far (the server's dry run), announced politely. */
function ConfirmPreviewPane({
  preview,
  placeGiven,
  past,
}: {
  preview: Preview<ConfirmPreview>;
  placeGiven: boolean;
  past: boolean;
}) {
  const { data, error, pending } = preview;
  return (
    <div className="preview" aria-busy={pending}>
      <div aria-live="polite">
        {!placeGiven ? (
          <p className="muted">Say where the client was to see whether it can be billed.</p>
        ) : error ? (
          <PreviewProblems
            error={error}
            // Field errors: what the form still needs (400); anything else refuses the session itself.
            lead={
              error.errors.length > 0 ? "Before this can be checked:" : "Confirming now would be refused:"
            }
          />
        ) : data ? (
          <>
            <OutlookView
              outlook={data.outlook}
              claim={data.claim}
              past={past}
              title="What confirming would do"
            />
            {data.wouldConfirm ? null : (
              <p className="small muted preview__note">
                Confirming would be refused: nothing would be billed.
              </p>
            )}
          </>
        ) : null}
      </div>
      {pending ? <p className="small muted preview__pending">Checking…</p> : null}
    </div>
  );
}

export function ConfirmedNotice({ result }: { result: Confirmed }) {
  const { payerName } = useApp();
  const c = result.claim;
  return (
    <Notice tone="good" role="status" title="Session confirmed">
      <p>
        Claim to {payerName(c.billTo)} ({c.basis.replace("_", " ")}), CPT {c.cptCodes.join(" + ")}
        {c.modifiers.length > 0 ? ` with modifier ${c.modifiers.join(", ")}` : ""}, place of service{" "}
        {c.placeOfService}. It will be ready to export after a 48-hour hold.
      </p>
    </Notice>
  );
}
