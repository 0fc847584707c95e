/**
 * Files to and from the clearinghouse. Outbound: each slice builds its own file (837P claims,
 * 270 eligibility) and hands it to `sendFile`, which keeps it as written and audited before it
 * goes. Inbound: `processInbox` reads what the clearinghouse answered, keeps every file, and
 * hands each to its handler (271 eligibility, 835 remittance, 999 and 277CA acknowledgements)
 * inside one transaction: a file is posted whole or not at all.
 *
 * Why the order of steps: the file is kept (committed) before it is taken out of the inbox, so
 * a crash in between reads it again next time, and its SHA-256 recognises it as a duplicate:
 * nothing is ever posted twice. A file that cannot be read, or that its handler refuses
 * (`EdiRejection`), is still kept, as rejected with the reasons in words.
 */
import { createHash } from "node:crypto";
import { readX12, X12FileError, type ReadInterchange } from "../formats/x12.js";
import type { Geography } from "../rules/geography.js";
import { SYSTEM, type Actor } from "./actor.js";
import { exportClaims, type X12Usage } from "./claim-files.js";
import { apply277ca, apply999 } from "./acknowledgements.js";
import { audit, userOf } from "./audit.js";
import type { Clearinghouse, EdiDirection, EdiKind, IncomingFile } from "./clearinghouse-port.js";
import {
  EdiRejection,
  type EdiFile,
  type EdiFileFilter,
  type EdiFileStatus,
  type EdiFileSummary,
  type KeptEdiFile,
} from "./edi-files-port.js";
import { applyEligibilityFile } from "./eligibility.js";
import { AppError, invalid, notFound } from "./errors.js";
import { afterCursor, pageOf, type ListOrder, type Page } from "./paging.js";
import type { Store } from "./ports.js";
import { postRemittanceFile } from "./remittance.js";

/** The kept files' list: newest first (kept, then id, both descending). */
export const EDI_FILES_ORDER: ListOrder = { list: "edi-files", parts: ["instant", "id"] };

/** Most inbox files read in one poll; the rest wait for the next. */
export const POLL_BATCH = 100;

/** What one inbound handler does with its file, inside the file's transaction. */
export type EdiHandler = (tx: Store, file: KeptEdiFile, x12: ReadInterchange, now: Date) => Promise<string>;

/** The handler of each kind we take in, and the implementation guide (GS08) it reads. */
const INBOUND: Readonly<Partial<Record<EdiKind, { readonly guide: string; readonly handle: EdiHandler }>>> = {
  "271": { guide: "005010X279A1", handle: applyEligibilityFile },
  "835": { guide: "005010X221A1", handle: postRemittanceFile },
  "999": { guide: "005010X231A1", handle: apply999 },
  "277CA": { guide: "005010X214", handle: apply277ca },
};

const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

/** File names as the mailbox takes them: no folder, nothing hidden, .x12. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.x12$/;

/** A clearinghouse, or the CONFLICT that says none is configured. */
export function requireClearinghouse(c: Clearinghouse | undefined): Clearinghouse {
  if (!c)
    throw new AppError(
      "CONFLICT",
      "no clearinghouse is configured: start the server with STATELINE_CLEARINGHOUSE=mailbox (and STATELINE_MAILBOX_DIR) or =sandbox",
      { fields: [{ path: "clearinghouse", message: "not configured" }] },
    );
  return c;
}

/** What a file is from its GS01/ST01 (and the 277's guide: only the 277CA is ours to read). */
export function kindOf(x12: ReadInterchange): EdiKind {
  const kinds = new Set<EdiKind>();
  for (const g of x12.groups)
    for (const t of g.transactions) kinds.add(kindOfTransaction(g.functionalId, t.code, t.implementation));
  if (kinds.size === 0) return "unknown";
  return kinds.size === 1 ? ([...kinds][0] as EdiKind) : "unknown";
}

function kindOfTransaction(functionalId: string, code: string, implementation: string): EdiKind {
  if (functionalId === "HC" && code === "837") return "837P";
  if (functionalId === "HS" && code === "270") return "270";
  if (functionalId === "HB" && code === "271") return "271";
  if (functionalId === "HP" && code === "835") return "835";
  if (functionalId === "FA" && code === "999") return "999";
  if (functionalId === "HN" && code === "277" && implementation.startsWith("005010X214")) return "277CA";
  return "unknown";
}

/** ISA13 from the first 106 characters, when at least that much reads. */
function controlOf(text: string): string | null {
  const start = text.indexOf("ISA");
  if (start < 0 || text.length < start + 106) return null;
  const isa = text.slice(start, start + 106).split(text[start + 3] ?? "*");
  const control = isa[13] ?? "";
  return /^\d{9}$/.test(control) ? control : null;
}

/** What the problems of a file that will not read say, with the kind guessed from its text. */
function guessKind(text: string): EdiKind {
  const st = /(?:^|[~\n])\s*ST\*(\d{3})\*[^*~]*\*?([0-9A-Z]*)/.exec(text);
  if (!st) return "unknown";
  const gs = /(?:^|[~\n])\s*GS\*([A-Z]{2})\*/.exec(text);
  return kindOfTransaction(gs?.[1] ?? "", st[1] ?? "", st[2] ?? "");
}

export interface OutboundFile {
  readonly kind: EdiKind;
  /** Unique and safe (A–Z a–z 0–9 . _ -), ending in .x12. */
  readonly name: string;
  readonly content: string;
  /** ISA13 as written (a number, padded to nine digits when kept). */
  readonly interchangeControlNumber: number | string | null;
}

/**
 * Keeps an outbound file as written (status sent, audited) and hands it to the clearinghouse, in
 * one transaction: if the clearinghouse refuses it, nothing says it was sent.
 */
export async function sendFile(
  store: Store,
  clearinghouse: Clearinghouse,
  actor: Actor | null,
  file: OutboundFile,
  now: Date,
): Promise<EdiFileSummary> {
  if (!SAFE_NAME.test(file.name))
    throw new RangeError(`"${file.name}" is not a safe outbox file name (A–Z a–z 0–9 . _ -, ending in .x12)`);
  const who = actor ?? SYSTEM;
  const control =
    file.interchangeControlNumber === null ? null : String(file.interchangeControlNumber).padStart(9, "0");
  return store.transaction(async (tx) => {
    const kept = await tx.ediFiles.keep({
      direction: "out",
      kind: file.kind,
      name: file.name,
      content: file.content,
      sha256: sha256(file.content),
      interchangeControlNumber: control,
      status: "sent",
      sandbox: clearinghouse.sandbox,
      createdBy: userOf(who),
    });
    await audit(tx, who, "edi_file.send", "edi_file", kept.id, null, {
      kind: file.kind,
      name: file.name,
      interchangeControlNumber: control,
      clearinghouse: clearinghouse.label,
      sandbox: clearinghouse.sandbox,
      at: now.toISOString(),
    });
    await clearinghouse.submit({ name: file.name, content: file.content });
    return kept;
  });
}

/** What became of one inbox file. */
export interface InboxOutcome {
  readonly name: string;
  readonly fileId: string | null;
  readonly kind: EdiKind;
  readonly status: EdiFileStatus | "error";
  /** The handler's account ("3 claims accepted"), the problems, or the error. */
  readonly said: string;
}

export interface InboxReport {
  readonly files: readonly InboxOutcome[];
}

/** One line per file, for logs and the command line. */
export function inboxLine(o: InboxOutcome): string {
  return `${o.name}: ${o.kind} ${o.status}${o.said ? ` — ${o.said}` : ""}`;
}

/**
 * Reads the inbox once: every file is kept (processed, rejected with its reasons, or a duplicate
 * of one kept before) and then taken out of the inbox. A file whose posting failed for another
 * reason (the database went away) is left in the inbox for the next poll.
 */
export function processInbox(
  store: Store,
  clearinghouse: Clearinghouse,
  actor: Actor | null,
  now: Date,
  limit = POLL_BATCH,
): Promise<InboxReport> {
  // One reading of a mailbox at a time in this process (the job, "Poll now" and a coverage check
  // waiting for its 271 may all ask at once); across servers the file's hash and the
  // remittance's (payer, check number) key keep a file from being posted twice.
  const previous = reading.get(clearinghouse) ?? Promise.resolve();
  const next = previous.then(
    () => readInbox(store, clearinghouse, actor, now, limit),
    () => readInbox(store, clearinghouse, actor, now, limit),
  );
  reading.set(
    clearinghouse,
    next.then(
      () => undefined,
      () => undefined,
    ),
  );
  return next;
}

const reading = new WeakMap<Clearinghouse, Promise<void>>();

async function readInbox(
  store: Store,
  clearinghouse: Clearinghouse,
  actor: Actor | null,
  now: Date,
  limit: number,
): Promise<InboxReport> {
  const who = actor ?? SYSTEM;
  const files = await clearinghouse.poll(limit);
  const out: InboxOutcome[] = [];
  for (const file of files) {
    let outcome: InboxOutcome;
    try {
      outcome = await receive(store, clearinghouse, who, file, now);
    } catch (e) {
      out.push({
        name: file.name,
        fileId: null,
        kind: guessKind(file.content),
        status: "error",
        said: `left in the inbox for the next poll: ${e instanceof Error ? e.message : String(e)}`,
      });
      continue;
    }
    await clearinghouse.taken(file);
    out.push(outcome);
  }
  return { files: out };
}

async function receive(
  store: Store,
  clearinghouse: Clearinghouse,
  actor: Actor,
  file: IncomingFile,
  now: Date,
): Promise<InboxOutcome> {
  const hash = sha256(file.content);
  const base = {
    direction: "in" as EdiDirection,
    name: file.name,
    content: file.content,
    sha256: hash,
    interchangeControlNumber: controlOf(file.content),
    createdBy: userOf(actor),
  };
  const keepAlone = async (kind: EdiKind, status: EdiFileStatus, problems: string[], extra = {}) =>
    store.transaction(async (tx) => {
      const kept = await tx.ediFiles.keep({
        ...base,
        kind,
        status,
        problems,
        sandbox: clearinghouse.sandbox,
        ...extra,
      });
      await audit(tx, actor, "edi_file.receive", "edi_file", kept.id, null, {
        name: file.name,
        kind,
        status,
        problems,
      });
      return { name: file.name, fileId: kept.id, kind, status, said: problems.join("; ") };
    });

  const earlier = await store.ediFiles.inboundBySha256(hash);
  if (earlier) {
    return keepAlone(
      earlier.kind,
      "duplicate",
      [
        `the same file as ${earlier.name}, received ${earlier.createdAt} (${earlier.status}): not posted again`,
      ],
      { duplicateOf: earlier.id, sandbox: earlier.sandbox },
    );
  }

  let x12: ReadInterchange;
  try {
    x12 = readX12(file.content);
  } catch (e) {
    if (!(e instanceof X12FileError)) throw e;
    return keepAlone(guessKind(file.content), "rejected", [...e.problems]);
  }
  const kind = kindOf(x12);
  const sandbox = clearinghouse.sandbox || x12.senderId === "SANDBOX";
  const handler = INBOUND[kind];
  if (!handler) {
    const what =
      kind === "unknown" ? describeUnknown(x12) : `a ${kind} is a file we send, not one we take in`;
    return keepAlone(kind, "rejected", [what]);
  }
  const wrongGuide = x12.groups
    .filter((g) => !(g.implementation || "").startsWith(handler.guide))
    .map(
      (g) =>
        `wrong version: functional group ${g.controlNumber} is ${g.implementation || "(none)"}, expected ${handler.guide} for a ${kind}`,
    );
  if (wrongGuide.length > 0) return keepAlone(kind, "rejected", wrongGuide);

  try {
    return await store.transaction(async (tx) => {
      const kept = await tx.ediFiles.keep({ ...base, kind, status: "processed", sandbox });
      const said = await handler.handle(tx, kept, x12, now);
      await audit(tx, actor, "edi_file.receive", "edi_file", kept.id, null, {
        name: file.name,
        kind,
        status: "processed",
        said,
      });
      return { name: file.name, fileId: kept.id, kind, status: "processed" as const, said };
    });
  } catch (e) {
    if (!(e instanceof EdiRejection)) throw e;
    return keepAlone(kind, "rejected", e.problems, { sandbox });
  }
}

function describeUnknown(x12: ReadInterchange): string {
  const seen = x12.groups.flatMap((g) =>
    g.transactions.map((t) => `${g.functionalId}/${t.code} ${t.implementation || g.implementation}`),
  );
  return seen.length === 0
    ? "the interchange holds no transaction"
    : `not a transaction Stateline takes in (${[...new Set(seen)].join(", ")}): expected 271, 835, 999 or 277CA`;
}

// ---------------------------------------------------------------------------------------------
// Claim exports to the clearinghouse.

function mustBeOps(actor: Actor): void {
  if (actor.role !== "ops") throw notFound("route");
}

/**
 * Sends an X12 claim export (a batch file already written and kept) to the clearinghouse as
 * an 837P, exactly as it was written, once: a second submit is a CONFLICT naming the file sent.
 */
export async function submitClaimExport(
  store: Store,
  clearinghouse: Clearinghouse | undefined,
  actor: Actor,
  exportId: string,
  now: Date,
): Promise<EdiFileSummary> {
  mustBeOps(actor);
  const found = /^[0-9a-f-]{36}$/i.test(exportId) ? await store.claimFiles.exportById(exportId) : undefined;
  if (!found) throw notFound("export");
  const ch = requireClearinghouse(clearinghouse);
  if (found.format !== "x12" || found.interchangeControlNumber === null)
    throw new AppError("CONFLICT", "only an X12 (837P) export can be sent to the clearinghouse", {
      fields: [{ path: "format", message: `this export is ${found.format}; export the claims as x12` }],
    });
  const already = await store.payerAnswers.sentFileOf(found.id);
  if (already !== null) throw alreadySent(already);
  const icn = String(found.interchangeControlNumber).padStart(9, "0");
  return store.transaction(async (tx) => {
    const name = `837P-${icn}-${found.id.slice(0, 8)}.x12`;
    // The link comes first, guarded: of two submits at once, one links and sends, the other
    // finds the export taken and leaves nothing behind (its transaction is rolled back).
    const kept = await tx.ediFiles.keep({
      direction: "out",
      kind: "837P",
      name,
      content: found.content,
      sha256: sha256(found.content),
      interchangeControlNumber: icn,
      status: "sent",
      sandbox: ch.sandbox,
      createdBy: userOf(actor),
    });
    if (!(await tx.payerAnswers.linkExport(found.id, kept.id))) throw alreadySent(null);
    await audit(tx, actor, "claim_export.submit", "claim_export", found.id, null, {
      ediFileId: kept.id,
      name,
      interchangeControlNumber: icn,
      claims: found.claimCount,
      clearinghouse: ch.label,
      sandbox: ch.sandbox,
      at: now.toISOString(),
    });
    await audit(tx, actor, "edi_file.send", "edi_file", kept.id, null, {
      kind: "837P",
      name,
      interchangeControlNumber: icn,
    });
    await ch.submit({ name, content: found.content });
    return kept;
  });
}

function alreadySent(fileId: string | null): AppError {
  return new AppError("CONFLICT", "this export was already sent to the clearinghouse", {
    fields: [{ path: "exportId", message: fileId ? `already sent as file ${fileId}` : "already sent" }],
  });
}

// ---------------------------------------------------------------------------------------------
// Operations' view: the connector and the kept files.

/** What a mailbox adds for the status line: its folders and how many files wait in each. */
export interface ClearinghouseFolders {
  folders(): Promise<{
    readonly outbox: string;
    readonly inbox: string;
    readonly waitingOut: number;
    readonly waitingIn: number;
  }>;
}

const hasFolders = (c: Clearinghouse): c is Clearinghouse & ClearinghouseFolders =>
  typeof (c as Partial<ClearinghouseFolders>).folders === "function";

export interface ClearinghouseStatus {
  readonly configured: boolean;
  readonly label: string | null;
  readonly sandbox: boolean;
  readonly outbox: string | null;
  readonly inbox: string | null;
  readonly waitingOut: number | null;
  readonly waitingIn: number | null;
  /** When the poll job last finished (null: never), and its error if it failed. */
  readonly lastPollAt: string | null;
  readonly lastPollError: string | null;
  readonly lastInboundAt: string | null;
  readonly files: {
    readonly sent: number;
    readonly processed: number;
    readonly rejected: number;
    readonly duplicate: number;
  };
}

export async function clearinghouseStatus(
  store: Store,
  clearinghouse: Clearinghouse | undefined,
  actor: Actor,
): Promise<ClearinghouseStatus> {
  mustBeOps(actor);
  const folders = clearinghouse && hasFolders(clearinghouse) ? await clearinghouse.folders() : null;
  const job = (await store.jobs.list()).find((j) => j.name === POLL_JOB);
  const last = await store.ediFiles.lastInbound();
  const counts = await store.ediFiles.counts();
  const count = (s: EdiFileStatus) => counts.filter((c) => c.status === s).reduce((n, c) => n + c.n, 0);
  return {
    configured: clearinghouse !== undefined,
    label: clearinghouse?.label ?? null,
    sandbox: clearinghouse?.sandbox ?? false,
    outbox: folders?.outbox ?? null,
    inbox: folders?.inbox ?? null,
    waitingOut: folders?.waitingOut ?? null,
    waitingIn: folders?.waitingIn ?? null,
    lastPollAt: job?.lastFinishedAt ?? null,
    lastPollError: job?.lastError ?? null,
    lastInboundAt: last?.createdAt ?? null,
    files: {
      sent: count("sent"),
      processed: count("processed"),
      rejected: count("rejected"),
      duplicate: count("duplicate"),
    },
  };
}

/** The name of the job that polls the inbox (src/app/jobs.ts). */
export const POLL_JOB = "clearinghouse.poll";

/** Operations poll the inbox now (the job does it every minute). */
export async function pollNow(
  store: Store,
  clearinghouse: Clearinghouse | undefined,
  actor: Actor,
  now: Date,
): Promise<InboxReport> {
  mustBeOps(actor);
  return processInbox(store, requireClearinghouse(clearinghouse), actor, now);
}

export interface EdiFileQuery extends EdiFileFilter {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/** Kept files, newest first, a page at a time (default 50, at most 500); audited (they carry client data). */
export async function listEdiFiles(
  store: Store,
  actor: Actor,
  q: EdiFileQuery,
): Promise<Page<EdiFileSummary>> {
  mustBeOps(actor);
  const limit = q.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid("query.limit", "from 1 to 500");
  const after = afterCursor(EDI_FILES_ORDER, q.cursor);
  const page = pageOf(
    EDI_FILES_ORDER,
    await store.ediFiles.page({ direction: q.direction, kind: q.kind, status: q.status }, { limit, after }),
  );
  await audit(store, actor, "edi_file.list", "edi_file", null, null, {
    direction: q.direction,
    kind: q.kind,
    status: q.status,
    count: page.items.length,
  });
  return page;
}

/** One kept file with its content, exactly as written; reading it is audited. */
export async function getEdiFile(store: Store, actor: Actor, id: string): Promise<EdiFile> {
  mustBeOps(actor);
  const found = /^[0-9a-f-]{36}$/i.test(id) ? await store.ediFiles.byId(id) : undefined;
  if (!found) throw notFound("file");
  await audit(store, actor, "edi_file.read", "edi_file", found.id, null, {
    name: found.name,
    kind: found.kind,
  });
  return found;
}

/**
 * Exports the ready claims as X12 and sends the file to the clearinghouse (the demo does this
 * once when it is loaded, so the files and remittance pages have something to show). Answers
 * the file sent, or null when no claim was ready.
 */
export async function exportAndSend(
  store: Store,
  geo: Geography,
  clearinghouse: Clearinghouse,
  actor: Actor,
  now: Date,
  usage: X12Usage = "P",
): Promise<EdiFileSummary | null> {
  const result = await exportClaims(store, geo, actor, { since: "1900-01-01", format: "x12", usage }, now);
  if (!result.export) return null;
  return submitClaimExport(store, clearinghouse, actor, result.export.id, now);
}
