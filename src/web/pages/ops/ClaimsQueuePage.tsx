/**
 * Operations: every claim, by status (on hold, ready to export, exported); the ready ones written
 * into one batch file (X12 837P or FHIR R4), and the batch files written so far.
 */
import { useState, type SubmitEvent } from "react";
import { asApiError, type ApiError } from "../../api/client";
import { api, apiHref, exportFileUrl } from "../../api/endpoints";
import type { Claim, ClaimExport, ClaimFileFormat, ClaimStatus, ExportResult } from "../../api/types";
import { ClaimsTable } from "../../components/ClaimsTable";
import { Checkbox, FormError, SelectField, TextField } from "../../components/Field";
import { Empty, LoadError, Loading, Notice, PageHeader, MorePages } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { notifyChanged } from "../../lib/changes";
import {
  claimFieldName,
  claimLabel,
  claimProblems,
  FORMAT_NAMES,
  formatInterchange,
  namesOf,
} from "../../lib/claims";
import { addDays, formatDate, formatInstant, plural, todayIso } from "../../lib/format";
import { Link } from "../../lib/router";
import { usePages } from "../../lib/usePages";

/** Claims a page: the queue of every practice runs to hundreds of thousands; more on request. */
const PAGE = 100;

const claimsPage = (status: ClaimStatus | "", cursor?: string) =>
  api.claims({ limit: PAGE, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });

/** Batch files a page: newest first, more on request. */
const EXPORTS_PAGE = 50;

/** Names for the ready claims an export named (left out or at fault), read until each is found. */
async function readyClaims(ids: readonly string[]) {
  const found = await api.findClaims({ status: "ready", limit: 500 }, new Set(ids));
  const claims = [...found.values()];
  const named: ReadonlyMap<string, Claim> = found;
  return { claims: named, clientOf: namesOf(claims) };
}

const FORMAT_OPTIONS = (["x12", "fhir"] as const).map((f) => ({ value: f, label: FORMAT_NAMES[f] }));

export function ClaimsQueuePage() {
  const [status, setStatus] = useState<ClaimStatus | "">("");
  const data = usePages((cursor) => claimsPage(status, cursor), [status]);
  const clientOf = namesOf(data.items ?? []);
  const exports = usePages((cursor) => api.claimExports({ limit: EXPORTS_PAGE, cursor }), []);
  return (
    <>
      <PageHeader
        title="Claims queue"
        lead="Claims of every practice. A claim is held 48 hours after its session is confirmed, then it is ready to export."
      />
      <ExportForm
        onExported={() => {
          data.reload();
          exports.reload();
        }}
      />
      <section className="section" aria-labelledby="claims-list">
        <h2 id="claims-list">Claims</h2>
        <div className="filters">
          <SelectField<ClaimStatus | "">
            label="Status"
            value={status}
            onChange={setStatus}
            options={[
              { value: "", label: "All" },
              { value: "pending", label: "On hold" },
              { value: "ready", label: "Ready to export" },
              { value: "exported", label: "Exported" },
            ]}
          />
        </div>
        {data.error ? <LoadError error={data.error} retry={data.reload} /> : null}
        {!data.items && !data.error ? <Loading what="Loading claims" /> : null}
        {data.items ? (
          data.items.length === 0 ? (
            <Empty>No claims{status ? " with this status" : ""}.</Empty>
          ) : (
            <>
              <p className="muted" aria-live="polite">
                {data.next === null
                  ? plural(data.items.length, "claim")
                  : `The newest ${data.items.length.toLocaleString("en-US")} claims; more follow.`}
              </p>
              <ClaimsTable claims={data.items} clientOf={clientOf} caption="Claims queue" />
              <MorePages pages={data} label={`Show ${PAGE} more claims`} />
            </>
          )
        ) : null}
      </section>
      <section className="section" aria-labelledby="batch-files">
        <h2 id="batch-files">Batch files</h2>
        {exports.error ? <LoadError error={exports.error} retry={exports.reload} /> : null}
        {!exports.items && !exports.error ? <Loading what="Loading batch files" /> : null}
        {exports.items && exports.items.length === 0 ? <Empty>No batch files written yet.</Empty> : null}
        {exports.items && exports.items.length > 0 ? (
          <>
            <BatchFiles exports={exports.items} />
            <MorePages pages={exports} label={`Show ${EXPORTS_PAGE} more batch files`} />
          </>
        ) : null}
      </section>
    </>
  );
}

type Outcome =
  | { kind: "exported"; export: ClaimExport }
  | { kind: "none"; since: string }
  /** The claims an export left out (flagged on each claim), named by client and service date. */
  | {
      kind: "excluded";
      excluded: ExportResult["excluded"];
      claims: ReadonlyMap<string, Claim>;
      clientOf?: (s: string) => string | undefined;
    }
  /** 409: the claims at fault, each named by its client and service date where known. */
  | {
      kind: "incomplete";
      error: ApiError;
      claims: ReadonlyMap<string, Claim>;
      clientOf?: (s: string) => string | undefined;
    };

function ExportForm({ onExported }: { onExported: () => void }) {
  const [since, setSince] = useState(() => addDays(todayIso(), -30));
  const [format, setFormat] = useState<ClaimFileFormat>("x12");
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [left, setLeft] = useState<Extract<Outcome, { kind: "excluded" }>>();
  const [error, setError] = useState<ApiError>();
  const [outcome, setOutcome] = useState<Outcome>();

  /** Names for the claims a 409 lists (the ready claims); without them the ids stand. */
  const describe = async (e: ApiError): Promise<Outcome> => {
    try {
      const named = await readyClaims(claimProblems(e).byClaim.map((c) => c.claimId));
      return { kind: "incomplete", error: e, ...named };
    } catch {
      return { kind: "incomplete", error: e, claims: new Map() };
    }
  };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setOutcome(undefined);
    setLeft(undefined);
    api.exportClaims({ since, format, allOrNothing }).then(
      (result) => {
        setBusy(false);
        setOutcome(
          result.export
            ? { kind: "exported", export: result.export }
            : result.excluded.length > 0
              ? undefined
              : { kind: "none", since },
        );
        if (result.excluded.length > 0) {
          void readyClaims(result.excluded.map((x) => x.claimId)).then(
            (named) => {
              setLeft({ kind: "excluded", excluded: result.excluded, ...named });
            },
            () => {
              setLeft({ kind: "excluded", excluded: result.excluded, claims: new Map() });
            },
          );
        }
        if (result.export || result.excluded.length > 0) {
          notifyChanged();
          onExported();
        }
      },
      (err: unknown) => {
        const failure = asApiError(err);
        if (failure.status === 409) {
          void describe(failure).then((o) => {
            setBusy(false);
            setOutcome(o);
          });
          return;
        }
        setBusy(false);
        setError(failure);
      },
    );
  };

  return (
    <section className="section" aria-labelledby="export-ready">
      <h2 id="export-ready">Export ready claims</h2>
      <form className="card filters form" onSubmit={submit} noValidate aria-labelledby="export-ready">
        <p className="muted">
          Writes every claim that is ready to export, with a service date on or after the date below, into one
          file for the clearinghouse, and marks them exported. A claim that lacks what a payer needs is left
          out and listed with what to fix (it stays ready, flagged in the queue); the others go.
        </p>
        <FormError error={error} shown={["since", "format"]} />
        <div className="form__row">
          <TextField
            label="Service date since"
            type="date"
            value={since}
            onChange={setSince}
            error={error?.field("since")}
            required
          />
          <SelectField<ClaimFileFormat>
            label="Format"
            value={format}
            onChange={setFormat}
            options={FORMAT_OPTIONS}
            error={error?.field("format")}
          />
        </div>
        <Checkbox
          label="All or nothing"
          hint="If any claim lacks something, export nothing and list every claim at fault."
          checked={allOrNothing}
          onChange={setAllOrNothing}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? "Exporting…" : "Export ready claims"}
          </button>
        </div>
      </form>
      <div role="status">{outcome ? <OutcomeNotice outcome={outcome} /> : null}</div>
      {outcome?.kind === "incomplete" ? <IncompleteNotice outcome={outcome} /> : null}
      {left ? <ExcludedNotice outcome={left} /> : null}
    </section>
  );
}

function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === "none") {
    return (
      <Notice tone="info">
        <p>
          No claims ready to export with a service date since {formatDate(outcome.since)}. Claims on hold
          become ready 48 hours after their session is confirmed.
        </p>
      </Notice>
    );
  }
  if (outcome.kind !== "exported") return null;
  const x = outcome.export;
  return (
    <Notice tone="good">
      <p>
        Exported {plural(x.claimCount, "claim")}{" "}
        {x.interchangeControlNumber !== null
          ? `(interchange ${formatInterchange(x.interchangeControlNumber)})`
          : `(${FORMAT_NAMES[x.format]} bundle)`}
        .
      </p>
      <p>
        <a href={apiHref(exportFileUrl(x.id))} download>
          Download the {FORMAT_NAMES[x.format]} batch file
        </a>
      </p>
    </Notice>
  );
}

/** The claims an export left out, each with its fields to fix; they go with the next export once fixed. */
function ExcludedNotice({ outcome }: { outcome: Extract<Outcome, { kind: "excluded" }> }) {
  const { payerName } = useApp();
  const n = outcome.excluded.length;
  const inSettings = outcome.excluded.some((x) =>
    x.problems.some((p) => p.field.startsWith("payer.electronicId") || p.field.startsWith("billing")),
  );
  return (
    <div className="notice notice--bad" role="alert">
      <p>
        <strong>{plural(n, "claim")} left out of the batch.</strong> {n === 1 ? "It stays" : "They stay"}{" "}
        ready, flagged in the queue below; correct what is listed and export again.
      </p>
      <ul className="claim-problems">
        {outcome.excluded.map(({ claimId, number, problems }) => {
          const claim = outcome.claims.get(claimId);
          return (
            <li key={claimId}>
              <strong>
                {claim
                  ? claimLabel(outcome.clientOf?.(claim.sessionId), claim.serviceDate)
                  : `Claim ${number}`}
              </strong>
              {claim ? ` (${number}, billed to ${payerName(claim.billTo)})` : null}
              <ul>
                {problems.map((p) => (
                  <li key={`${p.field}:${p.message}`}>
                    {claimFieldName(p.field)}: {p.message}
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
      {inSettings ? (
        <p>
          <Link to="/billing-settings">Open the billing settings</Link>
        </p>
      ) : null}
    </div>
  );
}

function IncompleteNotice({ outcome }: { outcome: Extract<Outcome, { kind: "incomplete" }> }) {
  const { payerName } = useApp();
  const { byClaim, general } = claimProblems(outcome.error);
  // Missing billing settings or electronic payer ids are fixed on the billing settings page.
  const inSettings =
    general.some((g) => g.path === "billing") ||
    byClaim.some((c) => c.problems.some((p) => p.field.startsWith("payer.electronicId")));
  return (
    <div className="notice notice--bad" role="alert">
      <p>
        <strong>Nothing was exported.</strong>{" "}
        {byClaim.length > 0
          ? `${plural(byClaim.length, "claim")} ${byClaim.length === 1 ? "lacks" : "lack"} what the payer needs. Correct ${byClaim.length === 1 ? "it" : "them"} and export again:`
          : outcome.error.message}
      </p>
      {byClaim.length > 0 ? (
        <ul className="claim-problems">
          {byClaim.map(({ claimId, problems }) => {
            const claim = outcome.claims.get(claimId);
            return (
              <li key={claimId}>
                <strong>
                  {claim
                    ? claimLabel(outcome.clientOf?.(claim.sessionId), claim.serviceDate)
                    : `Claim ${claimId}`}
                </strong>
                {claim ? ` (billed to ${payerName(claim.billTo)})` : null}
                <ul>
                  {problems.map((p) => (
                    <li key={`${p.field}:${p.message}`}>
                      {p.name}: {p.message}
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ul>
      ) : null}
      {general.length > 0 && byClaim.length > 0 ? (
        <ul className="claim-problems">
          {general.map((g) => (
            <li key={`${g.path}:${g.message}`}>
              {g.path === "billing" ? "Billing settings" : g.path}: {g.message}
            </li>
          ))}
        </ul>
      ) : null}
      {inSettings ? (
        <p>
          <Link to="/billing-settings">Open the billing settings</Link>
        </p>
      ) : null}
    </div>
  );
}

function BatchFiles({ exports }: { exports: readonly ClaimExport[] }) {
  return (
    <div className="table-wrap">
      <table className="table table--cards">
        <caption className="visually-hidden">Batch files, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Written</th>
            <th scope="col">Format</th>
            <th scope="col">Service dates since</th>
            <th scope="col">Claims</th>
            <th scope="col">Interchange</th>
            <th scope="col">File</th>
            <th scope="col">Clearinghouse</th>
          </tr>
        </thead>
        <tbody>
          {exports.map((x) => {
            const written = formatInstant(x.createdAt);
            return (
              <tr key={x.id} data-export={x.id}>
                <th scope="row" data-label="Written">
                  {written}
                </th>
                <td data-label="Format">{FORMAT_NAMES[x.format]}</td>
                <td data-label="Service dates since">{formatDate(x.since)}</td>
                <td data-label="Claims">{x.claimCount}</td>
                <td data-label="Interchange">
                  {x.interchangeControlNumber !== null ? (
                    <span className="codes">{formatInterchange(x.interchangeControlNumber)}</span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td data-label="File">
                  <a href={apiHref(exportFileUrl(x.id))} download>
                    Download
                    <span className="visually-hidden">
                      {" "}
                      the {FORMAT_NAMES[x.format]} batch file written {written}
                    </span>
                  </a>
                </td>
                <td data-label="Clearinghouse">
                  {x.format === "x12" ? (
                    <SendToClearinghouse exportId={x.id} label={`the batch file written ${written}`} />
                  ) : (
                    <span className="muted">X12 only</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Sends an X12 batch file to the clearinghouse as an 837P, once: the answer names the file sent,
 * or why not (sent already, no clearinghouse configured). The answers come back on the EDI files
 * page and as each claim's payer status.
 */
function SendToClearinghouse({ exportId, label }: { exportId: string; label: string }) {
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<{ name: string; sandbox: boolean }>();
  const [error, setError] = useState<ApiError>();
  const send = () => {
    setBusy(true);
    setError(undefined);
    api.submitExport(exportId).then(
      (file) => {
        setBusy(false);
        setSent({ name: file.name, sandbox: file.sandbox });
        notifyChanged();
      },
      (e: unknown) => {
        setBusy(false);
        setError(asApiError(e));
      },
    );
  };
  return (
    <div role="status">
      {sent ? (
        <span className="small">
          Sent as <span className="codes">{sent.name}</span>
          {sent.sandbox ? " (sandbox clearinghouse)" : ""}. <Link to="/edi-files">EDI files</Link>
        </span>
      ) : (
        <button type="button" className="button button--small" onClick={send} disabled={busy}>
          {busy ? "Sending…" : "Send to clearinghouse"}
          <span className="visually-hidden"> {label}</span>
        </button>
      )}
      {error ? (
        <span className="block small" role="alert">
          {error.field("exportId") ?? error.message}
        </span>
      ) : null}
    </div>
  );
}
