/**
 * The provider's claims, newest first; a claim on hold can still be corrected, and a released one
 * (ready or exported) replaced by a new version (837P CLM05-3 7, with the payer's claim control
 * number of the original once the payer has it).
 */
import { useState, type SubmitEvent } from "react";
import { ApiError, asApiError } from "../../api/client";
import { api, type AmendClaimInput, type ReplacementInput } from "../../api/endpoints";
import type { Claim, Session } from "../../api/types";
import { ClaimsTable } from "../../components/ClaimsTable";
import { Dialog } from "../../components/Dialog";
import { FormError, TextField } from "../../components/Field";
import { Empty, LoadError, Loading, Notice, PageHeader, FormActions } from "../../components/ui";
import { notifyChanged } from "../../lib/changes";
import { claimLabel, diagnosesError, formatDiagnosis, namesOf, parseDiagnoses } from "../../lib/claims";
import { formatInstant } from "../../lib/format";
import { useAsync } from "../../lib/useAsync";

export async function loadClaims() {
  // Every page of both: a practice's claims and confirmed sessions, however many years they span.
  const [claims, sessions] = await Promise.all([
    api.allClaims({ limit: 500 }),
    api.allSessions({ status: "confirmed", limit: 500 }),
  ]);
  const sessionById = new Map(sessions.map((s) => [s.id, s]));
  const clientOf = namesOf(claims);
  return { claims, clientOf, sessionOf: (sessionId: string) => sessionById.get(sessionId) };
}

/** Still held, so still open to corrections: pending, and its hold has not ended. */
const editable = (c: Claim, now = Date.now()) =>
  c.status === "pending" && new Date(c.readyAt).getTime() > now;

/** Released and not voided: corrected by a replacement, a new version of the claim. */
const replaceable = (c: Claim) => (c.status === "ready" || c.status === "exported") && c.frequency !== "8";

/** The payer has (had) a version of it: a replacement names the original by the payer's number. */
const sentBefore = (c: Claim) => c.status === "exported" || c.frequency !== "1";

export function ClaimsPage() {
  const data = useAsync(loadClaims, []);
  const [editing, setEditing] = useState<{ claim: Claim; label: string; replace: boolean }>();
  const [saved, setSaved] = useState<string>();
  return (
    <>
      <PageHeader
        title="Claims"
        lead="One claim per confirmed session, to the payer the engine chose. Each is held 48 hours after confirmation — you can correct its codes and diagnoses meanwhile — then it is ready to export."
      />
      {saved ? (
        <Notice tone="good" role="status">
          {saved}
        </Notice>
      ) : null}
      {data.error ? <LoadError error={data.error} retry={data.reload} /> : null}
      {!data.data && !data.error ? <Loading what="Loading claims" /> : null}
      {data.data && data.data.claims.length === 0 ? (
        <Empty>No claims yet: confirm a session to create one.</Empty>
      ) : null}
      {data.data && data.data.claims.length > 0 ? (
        <ClaimsTable
          claims={data.data.claims}
          clientOf={data.data.clientOf}
          caption="Your claims"
          actions={(claim, label) =>
            editable(claim) || replaceable(claim) ? (
              <button
                type="button"
                className="button button--small"
                onClick={() => {
                  setSaved(undefined);
                  setEditing({ claim, label, replace: !editable(claim) });
                }}
              >
                {editable(claim) ? "Edit" : "Replace"}
                <span className="visually-hidden"> claim for {label}</span>
              </button>
            ) : null
          }
        />
      ) : null}
      {editing && data.data ? (
        <Dialog
          title={`${editing.replace ? "Replace" : "Correct"} the claim for ${editing.label}`}
          onClose={() => {
            setEditing(undefined);
          }}
        >
          <AmendClaimForm
            claim={editing.claim}
            replace={editing.replace}
            session={data.data.sessionOf(editing.claim.sessionId)}
            onCancel={() => {
              setEditing(undefined);
            }}
            onSaved={(claim) => {
              setEditing(undefined);
              setSaved(
                `Saved the claim for ${claimLabel(data.data?.clientOf(claim.sessionId), claim.serviceDate)}: ${claim.cptCodes.join(" + ")}, ${claim.diagnosisCodes.map(formatDiagnosis).join(", ")}.`,
              );
              data.reload();
            }}
          />
        </Dialog>
      ) : null}
    </>
  );
}

/** A field error made here, shown like the API's (before asking it anything). */
function localError(path: string, message: string): ApiError {
  return new ApiError({
    type: "about:blank",
    title: "The request has invalid fields",
    status: 400,
    detail: message,
    code: "INVALID_INPUT",
    errors: [{ path, message }],
  });
}

/** Every message about the diagnoses (`diagnosisCodes`, `diagnosisCodes.1`, `diagnosisCodes[1]`). */
function AmendClaimForm({
  claim,
  replace,
  session,
  onSaved,
  onCancel,
}: {
  claim: Claim;
  /** A released claim: its correction is a replacement, a new version. */
  replace: boolean;
  session: Session | undefined;
  onSaved: (claim: Claim) => void;
  onCancel: () => void;
}) {
  const crisis = session?.crisis ?? claim.basis === "crisis";
  const initial = {
    cptCode: session?.cptCode ?? claim.cptCodes[0] ?? "",
    durationMinutes: session ? String(session.durationMinutes) : "",
    diagnoses: claim.diagnosisCodes.map(formatDiagnosis).join(", "),
    payerControlNumber: claim.payerControlNumber ?? "",
  };
  const [v, setV] = useState(initial);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (value: string) => {
    setV((old) => ({ ...old, [k]: value }));
  };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const body: AmendClaimInput = {};
    const cpt = v.cptCode.trim();
    if (!crisis && cpt !== initial.cptCode) body.cptCode = cpt;
    const minutes = v.durationMinutes.trim();
    if (minutes !== initial.durationMinutes) {
      if (!/^\d{1,3}$/.test(minutes)) {
        setError(localError("durationMinutes", "whole minutes from 1 to 600"));
        return;
      }
      body.durationMinutes = Number(minutes);
    }
    const diagnoses = parseDiagnoses(v.diagnoses);
    if (diagnoses.join(",") !== parseDiagnoses(initial.diagnoses).join(",")) body.diagnosisCodes = diagnoses;
    if (Object.keys(body).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    setError(undefined);
    const pcn = v.payerControlNumber.trim();
    const replacement: ReplacementInput = { ...body, ...(pcn !== "" ? { payerControlNumber: pcn } : {}) };
    const saving = replace
      ? api.replaceClaim(claim.id, replacement)
      : api.amendClaim(claim.id, body).then((r) => r.claim);
    saving.then(
      (saved) => {
        setBusy(false);
        notifyChanged();
        onSaved(saved);
      },
      (err: unknown) => {
        setBusy(false);
        setError(asApiError(err));
      },
    );
  };

  const diagnosesShown = (error?.errors ?? [])
    .map((e) => e.path)
    .filter((p) => p === "diagnosisCodes" || /^diagnosisCodes(\.|\[)/.test(p));
  return (
    <form onSubmit={submit} noValidate className="form">
      {replace ? (
        <p>
          The claim is released: the correction becomes its next version, ready to export at once.
          {sentBefore(claim)
            ? " The payer has it already, so it goes as a replacement naming the original by the payer's claim control number (from the payer's acknowledgement or remittance)."
            : " The payer has not received it yet, so it goes as the original claim."}{" "}
          Where the session took place and the payer billed stay as confirmed.
        </p>
      ) : (
        <p>
          You can correct this claim until <strong>{formatInstant(claim.readyAt)}</strong>. After that it is
          ready to export and is corrected by a replacement. Where the session took place and the payer billed
          stay as confirmed.
        </p>
      )}
      <FormError
        error={error}
        shown={["cptCode", "durationMinutes", "payerControlNumber", ...diagnosesShown]}
      />
      {replace && sentBefore(claim) ? (
        <TextField
          label="Payer claim control number"
          hint="The payer's number for the original claim, as on its acknowledgement (277CA) or remittance (835)."
          value={v.payerControlNumber}
          onChange={set("payerControlNumber")}
          error={error?.field("payerControlNumber")}
          autoComplete="off"
          spellCheck={false}
          maxLength={50}
          required
        />
      ) : null}
      <div className="form__row">
        {crisis ? (
          <p className="field__hint">
            A crisis session is billed by its length (90839 + 90840 from 30 minutes, 90832 below): change the
            duration and the codes follow.
          </p>
        ) : (
          <TextField
            label="CPT code"
            hint="5 digits, such as 90834 or 90837"
            value={v.cptCode}
            onChange={set("cptCode")}
            error={error?.field("cptCode")}
            inputMode="numeric"
            autoComplete="off"
            maxLength={5}
            required
          />
        )}
        <TextField
          label="Duration (minutes)"
          type="number"
          min={1}
          max={600}
          step={1}
          value={v.durationMinutes}
          onChange={set("durationMinutes")}
          error={error?.field("durationMinutes")}
          required
        />
      </div>
      <TextField
        label="Diagnoses"
        hint="ICD-10-CM codes separated by commas, such as F41.1, F43.10. The first is the principal diagnosis."
        value={v.diagnoses}
        onChange={set("diagnoses")}
        error={diagnosesError(error)}
        autoComplete="off"
        spellCheck={false}
        required
      />
      <FormActions label={replace ? "Send replacement" : "Save claim"} busy={busy} onCancel={onCancel} />
    </form>
  );
}
