/**
 * Operations: the denials queue — claims the payer denied or paid in part, oldest first, each
 * with the reasons in words and the payer's claim control number from the remittance. "Correct
 * and resubmit" sends the claim's replacement (POST /claims/{id}/replacement, the existing
 * correction flow) quoting that number; the replaced claim leaves the queue and goes out with
 * the next export.
 */
import { useState, type SubmitEvent } from "react";
import { asApiError, type ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { Claim, Denial } from "../../api/types";
import { DataTable } from "../../components/DataTable";
import { Dialog } from "../../components/Dialog";
import { FormError, TextArea, TextField } from "../../components/Field";
import { Empty, FormActions, LoadError, Loading, Notice, PageHeader, Pill } from "../../components/ui";
import { notifyChanged } from "../../lib/changes";
import { diagnosesError, formatDiagnosis, parseDiagnoses } from "../../lib/claims";
import { formatDate, formatInstant, plural } from "../../lib/format";
import { OUTCOME_STYLE, resubmitDraft } from "../../lib/remittance";
import { Link } from "../../lib/router";
import { useAsync } from "../../lib/useAsync";
import { SandboxLabel } from "./RemittancePage";

export function DenialsPage() {
  const queue = useAsync(() => api.denials(), []);
  const [open, setOpen] = useState<Denial>();
  const [done, setDone] = useState<{ denial: Denial; claim: Claim }>();
  return (
    <>
      <PageHeader
        title="Denials"
        lead="Claims the payer denied or paid only in part, oldest first, with the payer's reasons. Correct a claim and resubmit it as a replacement quoting the payer's claim number; it then leaves this queue."
        actions={<Link to="/remittances">Remittances</Link>}
      />
      {done ? (
        <Notice tone="good" role="status" title={`Claim ${done.denial.claimNumber} resubmitted`}>
          <p>
            Version {done.claim.version} replaces the claim the payer has ({done.claim.payerControlNumber});
            it is ready and goes out with the next export.
          </p>
        </Notice>
      ) : null}
      {queue.error ? <LoadError error={queue.error} retry={queue.reload} /> : null}
      {!queue.data && !queue.error ? <Loading what="Loading the denials queue" /> : null}
      {queue.data ? (
        <>
          {queue.data.length > 0 ? <p className="muted">{plural(queue.data.length, "claim")}</p> : null}
          <DataTable
            rows={queue.data}
            rowKey={(d) => d.claimId}
            caption="Denials queue"
            rowData={(d) => ({ "data-denial": d.claimNumber })}
            empty={<Empty>No denied or partially paid claims.</Empty>}
            columns={[
              {
                header: "Claim",
                rowHeader: true,
                cell: (d) => (
                  <>
                    {d.claimNumber}
                    <br />
                    <span className="muted">
                      {d.clientName} · {d.providerName}
                    </span>
                  </>
                ),
              },
              { header: "Service date", cell: (d) => formatDate(d.serviceDate) },
              {
                header: "Payer's answer",
                cell: (d) => {
                  const s = OUTCOME_STYLE[d.payerStatus];
                  return (
                    <>
                      <Pill tone={s.tone} symbol={s.symbol}>
                        {s.label}
                      </Pill>{" "}
                      {d.payment.sandbox ? <SandboxLabel /> : null}
                      <br />
                      <span className="muted">
                        {d.payment.payerName}, {formatInstant(d.payerStatusAt)}
                      </span>
                    </>
                  );
                },
              },
              {
                header: "Reasons",
                cell: (d) => (
                  <ul className="plain">
                    {d.payment.reasons.map((r, i) => (
                      <li key={i}>{r}</li>
                    ))}
                    {[...d.payment.remarks, ...d.payment.lines.flatMap((l) => l.remarks)].map((m, i) => (
                      <li key={`r${i}`}>
                        {m.code} {m.text ?? ""}
                      </li>
                    ))}
                  </ul>
                ),
              },
              { header: "Payer's claim number", cell: (d) => d.payment.payerControlNumber ?? "—" },
              {
                header: "Actions",
                actions: true,
                cell: (d) => (
                  <button
                    type="button"
                    className="button"
                    onClick={() => {
                      setDone(undefined);
                      setOpen(d);
                    }}
                  >
                    Correct and resubmit<span className="visually-hidden"> claim {d.claimNumber}</span>
                  </button>
                ),
              },
            ]}
          />
        </>
      ) : null}
      {open ? (
        <Dialog
          title={`Correct and resubmit claim ${open.claimNumber}`}
          onClose={() => {
            setOpen(undefined);
          }}
        >
          <ResubmitForm
            denial={open}
            onCancel={() => {
              setOpen(undefined);
            }}
            onSaved={(claim) => {
              setDone({ denial: open, claim });
              setOpen(undefined);
              notifyChanged();
              queue.reload();
            }}
          />
        </Dialog>
      ) : null}
    </>
  );
}

function ResubmitForm({
  denial,
  onSaved,
  onCancel,
}: {
  denial: Denial;
  onSaved: (claim: Claim) => void;
  onCancel: () => void;
}) {
  const draft = resubmitDraft(denial);
  const [pcn, setPcn] = useState(draft.payerControlNumber);
  const [cpt, setCpt] = useState("");
  const [diagnoses, setDiagnoses] = useState("");
  const [reason, setReason] = useState(draft.reason);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const codes = parseDiagnoses(diagnoses);
    api
      .replaceClaim(denial.claimId, {
        payerControlNumber: pcn.trim(),
        ...(cpt.trim() ? { cptCode: cpt.trim() } : {}),
        ...(codes.length > 0 ? { diagnosisCodes: codes } : {}),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      })
      .then(
        (claim) => {
          setBusy(false);
          onSaved(claim);
        },
        (err: unknown) => {
          setBusy(false);
          setError(asApiError(err));
        },
      );
  };

  return (
    <form onSubmit={submit} noValidate className="form">
      <p>
        The replacement is the claim&apos;s next version, sent with the next export and naming the original by
        the payer&apos;s claim number. Say what it corrects: the service code, the diagnoses, or both.
      </p>
      <FormError error={error} shown={["payerControlNumber", "cptCode", "diagnosisCodes", "reason"]} />
      <TextField
        label="Payer claim control number"
        hint="From the payer's remittance (835 CLP07)."
        value={pcn}
        onChange={setPcn}
        error={error?.field("payerControlNumber")}
        autoComplete="off"
        spellCheck={false}
        maxLength={50}
        required
      />
      <div className="form__row">
        <TextField
          label="Corrected CPT code"
          hint="5 digits, such as 90834; leave empty to keep it"
          value={cpt}
          onChange={setCpt}
          error={error?.field("cptCode")}
          inputMode="numeric"
          autoComplete="off"
          maxLength={5}
        />
        <TextField
          label="Corrected diagnoses"
          hint={`ICD-10-CM, separated by commas, such as ${["F411", "F4310"].map(formatDiagnosis).join(", ")}`}
          value={diagnoses}
          onChange={setDiagnoses}
          error={diagnosesError(error)}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <TextArea label="Why" value={reason} onChange={setReason} error={error?.field("reason")} />
      <FormActions label="Resubmit" busy={busy} busyLabel="Resubmitting…" onCancel={onCancel} />
    </form>
  );
}
