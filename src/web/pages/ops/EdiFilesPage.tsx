/**
 * Operations: the clearinghouse connector and every X12 file that went to it or came from it,
 * kept exactly as written: what it is (837P claims, 270/271 eligibility, 835 remittance, 999 and
 * 277CA acknowledgements), what became of it (sent, processed, rejected with the reasons in
 * words, a duplicate of a file already kept), and the file itself. Sandbox files say so.
 */
import { useState } from "react";
import { asApiError, type ApiError } from "../../api/client";
import { api, apiHref, ediFileContentUrl } from "../../api/endpoints";
import type {
  ClearinghouseStatus,
  EdiFile,
  EdiFileKind,
  EdiFileStatusName,
  PollResult,
} from "../../api/types";
import { DataTable } from "../../components/DataTable";
import { SelectField } from "../../components/Field";
import {
  Empty,
  LoadError,
  Loading,
  Notice,
  PageHeader,
  Pill,
  MorePages,
  type Tone,
} from "../../components/ui";
import { formatInstant, plural } from "../../lib/format";
import { useAsync, type Async } from "../../lib/useAsync";
import { usePages } from "../../lib/usePages";

const KIND_NAMES: Record<EdiFileKind, string> = {
  "837P": "837P claims",
  "270": "270 eligibility request",
  "271": "271 eligibility answer",
  "835": "835 remittance",
  "999": "999 acknowledgement",
  "277CA": "277CA claim acknowledgement",
  unknown: "Unknown",
};

const STATUS_STYLE: Record<EdiFileStatusName, { label: string; tone: Tone; symbol: string }> = {
  sent: { label: "Sent", tone: "blue", symbol: "→" },
  processed: { label: "Processed", tone: "good", symbol: "✓" },
  rejected: { label: "Rejected", tone: "bad", symbol: "!" },
  duplicate: { label: "Duplicate", tone: "neutral", symbol: "=" },
};

function SandboxLabel() {
  return (
    <Pill tone="violet" symbol="⚗">
      Sandbox clearinghouse
    </Pill>
  );
}

type Direction = "" | "in" | "out";

/** Files a page, newest first; more on request. */
const PAGE = 200;

export function EdiFilesPage() {
  const [direction, setDirection] = useState<Direction>("");
  const [kind, setKind] = useState<EdiFileKind | "">("");
  const [status, setStatus] = useState<EdiFileStatusName | "">("");
  const [open, setOpen] = useState<EdiFile>();
  const files = usePages(
    (cursor) =>
      api.ediFiles({
        limit: PAGE,
        ...(direction ? { direction } : {}),
        ...(kind ? { kind } : {}),
        ...(status ? { status } : {}),
        cursor,
      }),
    [direction, kind, status],
  );
  const connector = useAsync(() => api.clearinghouse(), []);
  return (
    <>
      <PageHeader
        title="EDI files"
        lead="Every X12 file sent to the clearinghouse or received from it, kept exactly as written. A file that cannot be read or does not add up is kept as rejected, with the reasons, and nothing in it is posted."
      />
      <Connector
        status={connector}
        onPolled={() => {
          files.reload();
          connector.reload();
        }}
      />
      <section className="section" aria-labelledby="edi-files">
        <h2 id="edi-files">Files</h2>
        <div className="filters">
          <SelectField<Direction>
            label="Direction"
            value={direction}
            onChange={setDirection}
            options={[
              { value: "", label: "In and out" },
              { value: "out", label: "Sent" },
              { value: "in", label: "Received" },
            ]}
          />
          <SelectField<EdiFileKind | "">
            label="Kind"
            value={kind}
            onChange={setKind}
            options={[
              { value: "", label: "All kinds" },
              ...(Object.keys(KIND_NAMES) as EdiFileKind[]).map((k) => ({ value: k, label: KIND_NAMES[k] })),
            ]}
          />
          <SelectField<EdiFileStatusName | "">
            label="Status"
            value={status}
            onChange={setStatus}
            options={[
              { value: "", label: "Any status" },
              ...(Object.keys(STATUS_STYLE) as EdiFileStatusName[]).map((s) => ({
                value: s,
                label: STATUS_STYLE[s].label,
              })),
            ]}
          />
        </div>
        {files.error ? <LoadError error={files.error} retry={files.reload} /> : null}
        {!files.items && !files.error ? <Loading what="Loading files" /> : null}
        {files.items ? (
          <>
            <p className="muted" aria-live="polite">
              {files.next === null
                ? plural(files.items.length, "file")
                : `The newest ${files.items.length.toLocaleString("en-US")} files; more follow.`}
            </p>
            <DataTable
              rows={files.items}
              rowKey={(f) => f.id}
              caption="EDI files, newest first"
              rowData={(f) => ({ "data-edi-file": f.id, "data-kind": f.kind })}
              empty={<Empty>No files{direction || kind || status ? " match" : " yet"}.</Empty>}
              columns={[
                {
                  header: "File",
                  rowHeader: true,
                  cell: (f) => (
                    <>
                      <button
                        type="button"
                        className="button button--ghost button--small"
                        onClick={() => {
                          setOpen(f);
                        }}
                      >
                        {f.name}
                      </button>
                      {f.sandbox ? (
                        <>
                          {" "}
                          <SandboxLabel />
                        </>
                      ) : null}
                    </>
                  ),
                },
                { header: "Direction", cell: (f) => (f.direction === "out" ? "Sent" : "Received") },
                { header: "Kind", cell: (f) => KIND_NAMES[f.kind] },
                {
                  header: "Status",
                  cell: (f) => {
                    const s = STATUS_STYLE[f.status];
                    return (
                      <>
                        <Pill tone={s.tone} symbol={s.symbol}>
                          {s.label}
                        </Pill>
                        {f.problems.length > 0 ? (
                          <ul className="small claim-problems">
                            {f.problems.map((p) => (
                              <li key={p}>{p}</li>
                            ))}
                          </ul>
                        ) : null}
                      </>
                    );
                  },
                },
                {
                  header: "Interchange",
                  cell: (f) =>
                    f.interchangeControlNumber ? (
                      <span className="codes">{f.interchangeControlNumber}</span>
                    ) : (
                      <span className="muted">—</span>
                    ),
                },
                {
                  header: "Kept",
                  cell: (f) => <time dateTime={f.createdAt}>{formatInstant(f.createdAt)}</time>,
                },
              ]}
            />
            <MorePages pages={files} label={`Show ${PAGE} more files`} />
          </>
        ) : null}
      </section>
      {open ? (
        <FileView
          file={open}
          onClose={() => {
            setOpen(undefined);
          }}
        />
      ) : null}
    </>
  );
}

function Connector({ status, onPolled }: { status: Async<ClearinghouseStatus>; onPolled: () => void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PollResult>();
  const [error, setError] = useState<ApiError>();
  const s = status.data;
  const poll = () => {
    setBusy(true);
    setError(undefined);
    api.pollClearinghouse().then(
      (r) => {
        setBusy(false);
        setResult(r);
        onPolled();
      },
      (e: unknown) => {
        setBusy(false);
        setError(asApiError(e));
      },
    );
  };
  return (
    <section className="section" aria-labelledby="connector">
      <h2 id="connector">Clearinghouse</h2>
      {status.error ? <LoadError error={status.error} retry={status.reload} /> : null}
      {s ? (
        <div className="card">
          {s.configured ? (
            <>
              <p>
                <strong>{s.label}</strong> {s.sandbox ? <SandboxLabel /> : null}
              </p>
              {s.sandbox ? (
                <p className="muted">
                  The sandbox answers like a clearinghouse with made-up test data (sender SANDBOX, usage T):
                  never real payers&rsquo; answers.
                </p>
              ) : null}
              <p className="small muted">
                {s.waitingOut !== null ? `${plural(s.waitingOut, "file")} waiting in the outbox, ` : ""}
                {s.waitingIn !== null ? `${plural(s.waitingIn, "file")} in the inbox. ` : ""}
                The job last read the inbox {s.lastPollAt ? formatInstant(s.lastPollAt) : "never"}
                {s.lastPollError ? ` (failed: ${s.lastPollError})` : ""}; last file received{" "}
                {s.lastInboundAt ? formatInstant(s.lastInboundAt) : "never"}.
              </p>
              <button type="button" className="button" onClick={poll} disabled={busy}>
                {busy ? "Reading…" : "Read the inbox now"}
              </button>
            </>
          ) : (
            <p>No clearinghouse is configured (STATELINE_CLEARINGHOUSE): files can be exported, not sent.</p>
          )}
        </div>
      ) : null}
      <div role="status">
        {result ? (
          <Notice
            tone={result.files.some((f) => f.status === "rejected" || f.status === "error") ? "bad" : "good"}
          >
            {result.files.length === 0 ? (
              <p>Nothing in the inbox.</p>
            ) : (
              <ul>
                {result.files.map((f) => (
                  <li key={`${f.name}:${f.fileId ?? ""}`}>
                    {f.name}: {KIND_NAMES[f.kind]}, {f.status}
                    {f.said ? ` — ${f.said}` : ""}
                  </li>
                ))}
              </ul>
            )}
          </Notice>
        ) : null}
        {error ? (
          <Notice tone="bad">
            <p>{error.message}</p>
          </Notice>
        ) : null}
      </div>
    </section>
  );
}

function FileView({ file, onClose }: { file: EdiFile; onClose: () => void }) {
  const content = useAsync(() => api.ediFileContent(file.id), [file.id]);
  return (
    <section className="section" aria-labelledby="edi-file-view">
      <h2 id="edi-file-view">
        {file.name} {file.sandbox ? <SandboxLabel /> : null}
      </h2>
      <p className="muted">
        {KIND_NAMES[file.kind]}, {file.direction === "out" ? "sent" : "received"}{" "}
        {formatInstant(file.createdAt)}, {plural(file.size, "byte")}. SHA-256{" "}
        <span className="codes">{file.sha256.slice(0, 16)}…</span>
      </p>
      {content.error ? <LoadError error={content.error} retry={content.reload} /> : null}
      {!content.data && !content.error ? <Loading what="Loading the file" /> : null}
      {content.data !== undefined ? (
        <pre className="audit-detail__json" tabIndex={0} aria-label={`${file.name} as written`}>
          {content.data}
        </pre>
      ) : null}
      <p>
        <a href={apiHref(ediFileContentUrl(file.id))} download>
          Download {file.name}
        </a>{" "}
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </p>
    </section>
  );
}
