/**
 * Claims with the payer billed, the route, the codes, the diagnoses, the status and the claim as
 * a file (X12 837P, FHIR R4); shared by providers and operations.
 */
import { useState, type MouseEvent, type ReactNode } from "react";
import { asApiError, type ApiError } from "../api/client";
import { api, apiHref, claimFileUrl } from "../api/endpoints";
import type { Basis, Claim, ClaimFileFormat, ClaimStatus } from "../api/types";
import { useApp } from "../lib/app-context";
import {
  claimFieldName,
  claimLabel,
  claimProblems,
  FORMAT_NAMES,
  formatDiagnosis,
  saveFile,
} from "../lib/claims";
import { formatAddress, formatDate, formatDayAt } from "../lib/format";
import { ROUTE_STYLE } from "../lib/routes";
import { Pill, type Tone } from "./ui";

const ROUTES: Record<Basis, { label: string; tone: Tone; symbol: string }> = {
  in_network: {
    label: "In network",
    tone: ROUTE_STYLE.in_network.tone,
    symbol: ROUTE_STYLE.in_network.symbol,
  },
  bluecard: { label: "BlueCard", tone: ROUTE_STYLE.bluecard.tone, symbol: ROUTE_STYLE.bluecard.symbol },
  virtual_network: {
    label: "Virtual network",
    tone: ROUTE_STYLE.virtual_network.tone,
    symbol: ROUTE_STYLE.virtual_network.symbol,
  },
  crisis: { label: "Crisis exception", tone: "amber", symbol: "!" },
};

const STATUS: Record<ClaimStatus, { label: string; tone: Tone }> = {
  pending: { label: "On hold", tone: "amber" },
  ready: { label: "Ready to export", tone: "good" },
  exported: { label: "Exported", tone: "neutral" },
};

/** What the payer said (acknowledgements, then the remittance), beside the claim's own status. */
const PAYER_STATUS: Record<NonNullable<Claim["payerStatus"]>, { label: string; tone: Tone }> = {
  accepted: { label: "Accepted by payer", tone: "good" },
  rejected: { label: "Rejected by payer", tone: "bad" },
  paid: { label: "Paid", tone: "good" },
  partially_paid: { label: "Partially paid", tone: "amber" },
  denied: { label: "Denied", tone: "bad" },
};

const FORMATS: readonly ClaimFileFormat[] = ["x12", "fhir"];

/**
 * The claim's files as links (they work as plain downloads too); a click fetches the file first,
 * so that a claim whose data is incomplete says what is missing instead of saving the error.
 */
function ClaimFiles({ claim, label }: { claim: Claim; label: string }) {
  const [busy, setBusy] = useState<ClaimFileFormat>();
  const [error, setError] = useState<{ format: ClaimFileFormat; error: ApiError }>();

  const download = (format: ClaimFileFormat) => (e: MouseEvent<HTMLAnchorElement>) => {
    // Let the browser handle new tabs and "save link as".
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    if (busy) return;
    setBusy(format);
    setError(undefined);
    api.claimFile(claim.id, format).then(
      (file) => {
        setBusy(undefined);
        saveFile(file.blob, file.filename ?? `claim-${claim.id}.${format === "x12" ? "x12" : "json"}`);
      },
      (err: unknown) => {
        setBusy(undefined);
        setError({ format, error: asApiError(err) });
      },
    );
  };

  const problems = error ? claimProblems(error.error) : undefined;
  const messages = problems
    ? [
        ...problems.byClaim.flatMap((c) => c.problems.map((p) => p.message)),
        ...problems.general.map((g) => g.message),
      ]
    : [];
  return (
    <>
      <ul className="file-links">
        {FORMATS.map((format) => (
          <li key={format}>
            <a
              href={apiHref(claimFileUrl(claim.id, format))}
              download={`claim-${claim.id}.${format === "x12" ? "x12" : "json"}`}
              onClick={download(format)}
              aria-busy={busy === format ? true : undefined}
            >
              {FORMAT_NAMES[format]}
              <span className="visually-hidden"> for {label}</span>
            </a>
            {busy === format ? <span className="small muted"> preparing…</span> : null}
          </li>
        ))}
      </ul>
      {error ? (
        <div className="row-errors" role="alert">
          <p className="small">
            {FORMAT_NAMES[error.format]} file not written
            {messages.length > 0 ? ":" : `: ${error.error.message}`}
          </p>
          {messages.length > 0 ? (
            <ul className="small">
              {messages.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

export function ClaimsTable({
  claims,
  clientOf,
  caption,
  actions,
}: {
  claims: readonly Claim[];
  /** The client's name for a claim's session, when known. */
  clientOf: (sessionId: string) => string | undefined;
  caption: string;
  /** What may be done with a claim, under its status; `label` names the claim for accessible names. */
  actions?: (claim: Claim, label: string) => ReactNode;
}) {
  const { payerName } = useApp();
  return (
    <div className="table-wrap">
      <table className="table table--cards">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Service date</th>
            <th scope="col">Client</th>
            <th scope="col">Payer billed</th>
            <th scope="col">Route</th>
            <th scope="col">Codes</th>
            <th scope="col">Diagnoses</th>
            <th scope="col">Status</th>
            <th scope="col">Files</th>
          </tr>
        </thead>
        <tbody>
          {claims.map((c) => {
            const route = ROUTES[c.basis];
            const status = STATUS[c.status];
            const client = clientOf(c.sessionId);
            const label = claimLabel(client, c.serviceDate);
            return (
              <tr key={c.id} data-claim={c.id}>
                <td data-label="Service date">
                  {formatDate(c.serviceDate)}
                  <span className="block small muted">Claim {c.number}</span>
                </td>
                <th scope="row" data-label="Client">
                  {client ?? <span className="muted">—</span>}
                  {c.memberId ? <span className="block small muted">Member {c.memberId}</span> : null}
                </th>
                <td data-label="Payer billed">
                  {payerName(c.billTo)}
                  {c.homePlan !== c.billTo ? (
                    <span className="block small muted">Home plan: {payerName(c.homePlan)}</span>
                  ) : null}
                </td>
                <td data-label="Route">
                  <Pill tone={route.tone} symbol={route.symbol}>
                    {route.label}
                  </Pill>
                  <span className="block small muted">{formatAddress(c.serviceLocation)}</span>
                </td>
                <td data-label="Codes">
                  <span className="codes">
                    {c.cptCodes.join(" + ")}
                    {c.modifiers.length > 0 ? `-${c.modifiers.join("-")}` : ""}
                  </span>
                  <span className="block small muted">POS {c.placeOfService}</span>
                </td>
                <td data-label="Diagnoses">
                  {c.diagnosisCodes.length === 0 ? (
                    <span className="muted">None</span>
                  ) : (
                    <ul className="diagnoses">
                      {c.diagnosisCodes.map((d, i) => (
                        <li key={d}>
                          <span className="codes">{formatDiagnosis(d)}</span>
                          {i === 0 && c.diagnosisCodes.length > 1 ? (
                            <span className="small muted"> principal</span>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td data-label="Status">
                  <Pill tone={status.tone}>{status.label}</Pill>
                  {c.status === "pending" ? (
                    <span className="block small muted">
                      Held until <time dateTime={c.readyAt}>{formatDayAt(c.readyAt)}</time>
                    </span>
                  ) : null}
                  {c.status === "exported" && c.exportedAt ? (
                    <span className="block small muted">
                      Sent <time dateTime={c.exportedAt}>{formatDayAt(c.exportedAt)}</time>
                    </span>
                  ) : null}
                  {c.payerStatus ? (
                    <span className="block" data-payer-status={c.payerStatus}>
                      <Pill tone={PAYER_STATUS[c.payerStatus].tone}>{PAYER_STATUS[c.payerStatus].label}</Pill>
                    </span>
                  ) : null}
                  {c.frequency !== "1" ? (
                    <span className="block small">
                      {c.frequency === "7" ? "Replacement" : "Void"} (version {c.version}) of payer claim{" "}
                      <span className="codes">{c.payerControlNumber}</span>
                    </span>
                  ) : c.version > 1 ? (
                    <span className="block small muted">Corrected, version {c.version}</span>
                  ) : null}
                  {c.exportProblems && c.exportProblems.length > 0 ? (
                    <div className="block small" role="note">
                      <Pill tone="bad">Left out of the last export</Pill>
                      <ul className="claim-problems">
                        {c.exportProblems.map((p) => (
                          <li key={`${p.field}:${p.message}`}>
                            {claimFieldName(p.field)}: {p.message}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  {actions ? <div className="claim-actions">{actions(c, label)}</div> : null}
                </td>
                <td data-label="Files">
                  <ClaimFiles claim={c} label={label} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
