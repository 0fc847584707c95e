/**
 * Importing a credentialing roster (CSV): choose or paste the file, check it (a preview with
 * every row's errors next to the cell at fault), then import it — all rows in one transaction,
 * or none. Large files show their progress while they are read, sent and checked.
 */
import { useId, useState, type ChangeEvent } from "react";
import { asApiError, type ApiError, type Progress } from "../../api/client";
import { api } from "../../api/endpoints";
import type { RosterColumn, RosterPreview, RosterResult, RosterRow } from "../../api/types";
import { TextArea } from "../../components/Field";
import { LoadError, Notice, PageHeader, Pill, ProgressBar } from "../../components/ui";
import { plural } from "../../lib/format";

/** Files up to this size can be edited on the page; larger ones are sent as they are. */
const EDITABLE_BYTES = 256 * 1024;
/** Rows drawn in the preview table (errors first); the counts cover every row. */
const SHOWN_ROWS = 300;

const COLUMNS: readonly { key: RosterColumn; label: string }[] = [
  { key: "npi", label: "NPI" },
  { key: "payer", label: "Payer" },
  { key: "state", label: "State" },
  { key: "network", label: "Network" },
  { key: "status", label: "Status" },
  { key: "effectiveFrom", label: "From" },
  { key: "effectiveTo", label: "To" },
];

const SAMPLE = `npi,payer,state,network,status,effective_from,effective_to
1234567893,aetna,NJ,standard,active,2024-01-01,
1234567893,bcbs-ma,TX,virtual,active,2024-01-01,2027-12-31
`;

type Busy = { label: string; fraction: number | null } | undefined;

function progressLabel(what: string, p: Progress): Busy {
  return p.phase === "uploading"
    ? { label: `${what}: sending the file`, fraction: p.fraction }
    : { label: `${what}: checking every row`, fraction: null };
}

const ACTIONS = {
  add: { label: "Add", tone: "good" },
  update: { label: "Update", tone: "blue" },
  unchanged: { label: "No change", tone: "neutral" },
} as const;

function PreviewTable({
  preview,
  errors,
}: {
  preview: RosterPreview;
  errors: ReadonlyMap<number, RosterRow["errors"]>;
}) {
  const [onlyErrors, setOnlyErrors] = useState(false);
  const bad = (r: RosterRow) => (errors.get(r.index)?.length ?? 0) > 0;
  const ordered = [...preview.rows.filter(bad), ...(onlyErrors ? [] : preview.rows.filter((r) => !bad(r)))];
  const rows = ordered.slice(0, SHOWN_ROWS);
  return (
    <>
      <label className="inline-check">
        <input
          type="checkbox"
          checked={onlyErrors}
          onChange={(e) => {
            setOnlyErrors(e.target.checked);
          }}
        />{" "}
        Show only rows with errors
      </label>
      <div className="table-wrap">
        <table className="table table--dense roster-table">
          <caption className="visually-hidden">Roster rows, rows with errors first</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Provider</th>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col">
                  {c.label}
                </th>
              ))}
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const rowErrors = errors.get(r.index) ?? [];
              const badCell = (k: RosterColumn) => rowErrors.some((e) => e.path === `rows[${r.index}].${k}`);
              return (
                <tr
                  key={r.index}
                  className={rowErrors.length > 0 ? "row--bad" : undefined}
                  data-line={r.line}
                >
                  <th scope="row">{r.line}</th>
                  <td>{r.provider?.name ?? <span className="muted">—</span>}</td>
                  {COLUMNS.map((c) => (
                    <td key={c.key} className={badCell(c.key) ? "cell--bad" : undefined}>
                      {r.values[c.key] || <span className="muted">—</span>}
                      {badCell(c.key) ? <span className="visually-hidden"> (error)</span> : null}
                    </td>
                  ))}
                  <td className="roster-table__result">
                    {rowErrors.length > 0 ? (
                      <ul className="row-errors">
                        {rowErrors.map((e) => (
                          <li key={e.path + e.message}>
                            <span aria-hidden="true">⚠ </span>
                            {e.message}
                          </li>
                        ))}
                      </ul>
                    ) : r.action ? (
                      <Pill tone={ACTIONS[r.action].tone}>{ACTIONS[r.action].label}</Pill>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {ordered.length > rows.length ? (
        <p className="muted small">
          Showing {rows.length} of {ordered.length} rows (
          {onlyErrors ? "rows with errors" : "rows with errors first"}).
        </p>
      ) : null}
    </>
  );
}

export function RosterPage() {
  const fileId = useId();
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState<string>();
  const [busy, setBusy] = useState<Busy>();
  const [preview, setPreview] = useState<RosterPreview>();
  const [checked, setChecked] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [result, setResult] = useState<RosterResult>();
  const [commitErrors, setCommitErrors] = useState<ApiError>();

  const editable = csv.length <= EDITABLE_BYTES;
  const stale = preview !== undefined && checked !== csv;

  const reset = () => {
    setPreview(undefined);
    setError(undefined);
    setResult(undefined);
    setCommitErrors(undefined);
  };

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    reset();
    setFileName(`${file.name} (${(file.size / 1024).toFixed(file.size < 10_240 ? 1 : 0)} KB)`);
    const reader = new FileReader();
    reader.onprogress = (p) => {
      setBusy({ label: "Reading the file", fraction: p.lengthComputable ? p.loaded / p.total : null });
    };
    reader.onload = () => {
      setBusy(undefined);
      setCsv(typeof reader.result === "string" ? reader.result : "");
    };
    reader.onerror = () => {
      setBusy(undefined);
      setError(asApiError(new Error(`could not read ${file.name}`)));
    };
    reader.readAsText(file);
  };

  const check = () => {
    reset();
    setBusy({ label: "Checking: sending the file", fraction: 0 });
    const text = csv;
    api
      .rosterPreview(text, (p) => {
        setBusy(progressLabel("Checking", p));
      })
      .then(
        (p) => {
          setBusy(undefined);
          setPreview(p);
          setChecked(text);
        },
        (e: unknown) => {
          setBusy(undefined);
          setError(asApiError(e));
        },
      );
  };

  const commit = () => {
    setCommitErrors(undefined);
    setBusy({ label: "Importing: sending the file", fraction: 0 });
    api
      .rosterCommit(csv, (p) => {
        setBusy(progressLabel("Importing", p));
      })
      .then(
        (r) => {
          setBusy(undefined);
          setResult(r);
          setPreview(undefined);
        },
        (e: unknown) => {
          setBusy(undefined);
          setCommitErrors(asApiError(e));
        },
      );
  };

  // Row errors from the preview, or from a refused import (same paths: rows[i].column).
  const errors = new Map<number, RosterRow["errors"]>();
  for (const r of preview?.rows ?? []) if (r.errors.length > 0) errors.set(r.index, r.errors);
  for (const e of commitErrors?.errors ?? []) {
    const m = /^rows\[(\d+)\]/.exec(e.path);
    if (!m) continue;
    const i = Number(m[1]);
    const list = errors.get(i) ?? [];
    if (!list.some((x) => x.path === e.path && x.message === e.message)) errors.set(i, [...list, e]);
  }
  const fileError = error?.field("csv") ?? commitErrors?.field("csv");

  return (
    <>
      <PageHeader
        title="Roster import"
        lead="Load a credentialing roster: one row per provider, payer, state and network. Check it first; the import then applies every row at once, or none."
      />
      <section className="card" aria-labelledby="roster-file">
        <h2 id="roster-file">1. The file</h2>
        <p className="muted small">
          Columns: <code>npi, payer, state, network, status, effective_from, effective_to</code>. Network is{" "}
          <code>standard</code> or <code>virtual</code> (Blue plans only); status is <code>active</code>,{" "}
          <code>pending</code> or <code>terminated</code>; dates are YYYY-MM-DD or blank. A row updates the
          matching credential (same provider, payer, state and network) or adds one.
        </p>
        <div className={`field${fileError ? " field--invalid" : ""}`}>
          <label htmlFor={fileId}>CSV file</label>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv"
            onChange={onFile}
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? `${fileId}-error` : undefined}
          />
          {fileName ? <p className="field__hint">Loaded {fileName}</p> : null}
          {fileError ? (
            <p className="field__error" id={`${fileId}-error`} role="alert">
              <span aria-hidden="true">⚠ </span>
              {fileError}
            </p>
          ) : null}
        </div>
        {editable ? (
          <TextArea
            label="Or paste or edit the rows here"
            value={csv}
            onChange={(v) => {
              setCsv(v);
              setResult(undefined);
            }}
            rows={8}
            className="field--mono"
          />
        ) : (
          <p className="muted">
            The file is too large to edit here ({plural(csv.split("\n").length - 1, "line")}); it is sent as
            it is.
          </p>
        )}
        <div className="form__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={check}
            disabled={!csv.trim() || busy !== undefined}
          >
            Check the file
          </button>
          {!csv ? (
            <button
              type="button"
              className="button"
              onClick={() => {
                setCsv(SAMPLE);
              }}
            >
              Start from an example
            </button>
          ) : null}
        </div>
        {busy ? <ProgressBar label={busy.label} fraction={busy.fraction} /> : null}
        {error && !fileError ? <LoadError error={error} /> : null}
      </section>

      {result ? (
        <Notice tone="good" role="status" title="Roster imported">
          <p>
            {plural(result.total, "row")}: {result.added} added, {result.updated} updated, {result.unchanged}{" "}
            unchanged. The import is in the audit log.
          </p>
        </Notice>
      ) : null}

      {preview ? (
        <section className="card" aria-labelledby="roster-preview">
          <h2 id="roster-preview">2. Check the rows</h2>
          <p role="status" className="roster-summary">
            {plural(preview.total, "row")}: <strong>{preview.valid} ready</strong> ({preview.add} to add,{" "}
            {preview.update} to update, {preview.unchanged} unchanged)
            {preview.invalid > 0 ? (
              <>
                , <strong className="text-bad">{plural(preview.invalid, "row")} with errors</strong>
              </>
            ) : null}
            .
          </p>
          {stale ? (
            <Notice tone="warn">
              The rows changed since this check: check the file again before importing.
            </Notice>
          ) : null}
          <PreviewTable preview={preview} errors={errors} />
          {commitErrors && !fileError ? (
            <Notice tone="bad" role="alert" title="Nothing was imported">
              <p>{commitErrors.message}</p>
            </Notice>
          ) : null}
          <div className="form__actions">
            <button
              type="button"
              className="button button--primary"
              onClick={commit}
              disabled={preview.invalid > 0 || stale || busy !== undefined}
              aria-describedby="commit-help"
            >
              Import {plural(preview.total, "row")}
            </button>
            <p id="commit-help" className="muted small">
              {preview.invalid > 0
                ? "Fix the rows with errors and check the file again: nothing is imported while any row has an error."
                : "Every row is applied in one step; if anything fails, nothing is stored."}
            </p>
          </div>
        </section>
      ) : null}
    </>
  );
}
