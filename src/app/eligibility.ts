/**
 * Eligibility (issue 16): what the payer says about a client's coverage, kept and acted on.
 *
 * - A check is queued when coverage is added or changed, before a client's first session, and
 *   monthly (`queueEligibilityCheck`, `queueIfNeverVerified`); a person's "Verify coverage" sends
 *   one at once (eligibility-send.ts, which also sends the queued ones).
 * - The 271 handler (`applyEligibilityFile`, called by clearinghouse.ts `processInbox` inside the
 *   file's transaction) matches each answer to its check by trace number, keeps the answer (the
 *   271 itself is the kept file), and writes the payer's facts on the coverage row the check
 *   asked about; the engine then reads verified dates and product (placement.ts
 *   `verifiedCoverage`). A file that answers nothing we asked is refused whole (`EdiRejection`).
 * - An inactive, rejected or unreadable answer opens a `coverage_not_verified` alert naming the
 *   client's upcoming sessions; a later active answer clears it.
 *
 * This module must not import clearinghouse.ts (which imports it): sending lives in
 * eligibility-send.ts.
 */
import { randomUUID } from "node:crypto";
import { answerInWords, read271, type EligibilityAnswer } from "../formats/x12-271.js";
import type { ReadInterchange } from "../formats/x12.js";
import { isId, providerBusiness, visibleClient } from "./access.js";
import { SYSTEM, type Actor } from "./actor.js";
import type { AlertDraft, AlertSession } from "./alerts-port.js";
import { audit, userOf } from "./audit.js";
import { addDays, todayOf } from "./calendar.js";
import { EdiRejection, type KeptEdiFile } from "./edi-files-port.js";
import type { EligibilityCheck, EligibilityReason } from "./eligibility-port.js";
import { AppError, notFound } from "./errors.js";
import type { Client, CoverageVerification } from "./model.js";
import { afterCursor, pageOf, type ListOrder, type Page } from "./paging.js";
import type { Store } from "./ports.js";

/** A client's checks: newest first (asked, then id, both descending). */
export const ELIGIBILITY_ORDER: ListOrder = { list: "eligibility", parts: ["instant", "id"] };

export const ALERT_KIND = "coverage_not_verified" as const;

/** A new trace number (TRN02): 32 upper-case hex digits, unique across servers. */
export const newTraceNumber = (): string => randomUUID().replace(/-/g, "").toUpperCase();

/**
 * The client if the actor may see their eligibility: their provider or operations. Eligibility is
 * the provider's business (like claims): to a client it does not exist (NOT_FOUND).
 */
export async function eligibilityClient(store: Store, actor: Actor, clientId: string): Promise<Client> {
  if (!providerBusiness(actor)) throw notFound("client");
  return visibleClient(store, actor, clientId);
}

/**
 * Queues a check of the client's current coverage (sent by the `eligibility.send` job); none
 * when the client has no coverage, or a check of that coverage is already queued. Call inside
 * the transaction that changed the coverage or scheduled the session.
 */
export async function queueEligibilityCheck(
  tx: Store,
  clientId: string,
  reason: EligibilityReason,
  actor: Actor | null,
  now: Date,
): Promise<EligibilityCheck | null> {
  const coverage = await tx.clients.coverage(clientId);
  if (!coverage) return null;
  const latest = (await tx.eligibility.page(clientId, { limit: 1 })).items[0];
  if (latest && latest.coverageId === coverage.id && latest.status === "queued") return null;
  const check = await tx.eligibility.add({
    clientId,
    coverageId: coverage.id,
    traceNumber: newTraceNumber(),
    reason,
    planDate: todayOf(now),
    requestedBy: actor ? userOf(actor) : null,
  });
  await audit(tx, actor ?? SYSTEM, "eligibility.queue", "eligibility_check", check.id, clientId, { reason });
  return check;
}

/** Before a client's first session: queues a check unless their coverage was ever checked. */
export async function queueIfNeverVerified(
  tx: Store,
  clientId: string,
  actor: Actor | null,
  now: Date,
): Promise<EligibilityCheck | null> {
  if (await tx.eligibility.anyFor(clientId)) return null;
  return queueEligibilityCheck(tx, clientId, "first_session", actor, now);
}

// ---------------------------------------------------------------------------------------------
// Reading the history.

/** A client's checks, newest first, a page at a time (audited: it is client data). */
export async function listEligibility(
  store: Store,
  actor: Actor,
  clientId: string,
  page: { readonly limit?: number | undefined; readonly cursor?: string | undefined } = {},
): Promise<Page<EligibilityCheck>> {
  const client = await eligibilityClient(store, actor, clientId);
  const after = afterCursor(ELIGIBILITY_ORDER, page.cursor);
  const found = await store.eligibility.page(client.id, { limit: page.limit ?? 50, after });
  await audit(store, actor, "eligibility.list", "client", client.id, client.id, {
    checkIds: found.items.map((c) => c.id),
  });
  return pageOf(ELIGIBILITY_ORDER, found);
}

/** One check, if the actor may see its client. */
export async function visibleCheck(store: Store, actor: Actor, checkId: string): Promise<EligibilityCheck> {
  const check = providerBusiness(actor) && isId(checkId) ? await store.eligibility.byId(checkId) : undefined;
  if (!check) throw notFound("eligibility check");
  const client = await store.clients.byId(check.clientId);
  if (!client) throw notFound("eligibility check");
  await eligibilityClient(store, actor, client.id).catch(() => {
    throw notFound("eligibility check");
  });
  return check;
}

/** The 271 the check's answer came in, exactly as the clearinghouse wrote it (audited). */
export async function answerFileOf(
  store: Store,
  actor: Actor,
  checkId: string,
): Promise<{ readonly name: string; readonly content: string; readonly sandbox: boolean }> {
  const check = await visibleCheck(store, actor, checkId);
  const file = check.answerFileId ? await store.ediFiles.byId(check.answerFileId) : undefined;
  if (!file)
    throw new AppError("NOT_FOUND", "this check has no answer yet: no 271 came for it", {
      fields: [{ path: "checkId", message: `the check is ${check.status}` }],
    });
  await audit(store, actor, "eligibility.read_271", "eligibility_check", check.id, check.clientId, {
    ediFileId: file.id,
  });
  return { name: file.name, content: file.content, sandbox: file.sandbox };
}

// ---------------------------------------------------------------------------------------------
// The answer.

/** The payer's facts as the coverage keeps them (pure): dates and product from the answer. */
export function verificationOf(
  check: EligibilityCheck,
  a: EligibilityAnswer,
  at: Date,
): CoverageVerification {
  const status = a.status;
  const from = a.eligibilityBegin ?? a.planBegin;
  const end = a.eligibilityEnd ?? a.planEnd;
  return {
    checkId: check.id,
    status,
    at: at.toISOString(),
    from: status === "active" ? from : null,
    // Inactive with no date: not covered on the day asked, so covered at most until the day before.
    to: status === "active" ? end : status === "inactive" ? (end ?? addDays(check.planDate, -1)) : null,
    product: status === "active" ? a.product : null,
  };
}

/** What the alert for a failed answer says, and how to fix it (pure). */
export function alertWords(
  clientName: string,
  status: "inactive" | "rejected" | "unknown" | "error",
  summary: string,
  sessions: number,
): { readonly message: string; readonly fix: string } {
  const upcoming =
    sessions === 0 ? "" : ` ${sessions} upcoming session${sessions === 1 ? "" : "s"} may not be paid.`;
  const message = `${clientName}'s coverage could not be verified: ${summary}.${upcoming}`;
  const fix =
    status === "inactive"
      ? "Ask the client for their current insurance card and update the coverage, or bill the client as self-pay."
      : status === "rejected"
        ? "Check the member ID, name and date of birth against the insurance card, then verify coverage again."
        : "Verify coverage again; if it keeps failing, call the payer.";
  return { message, fix };
}

const sessionsOf = async (tx: Store, client: Client, today: string): Promise<AlertSession[]> =>
  (await tx.checks.upcoming({ clientId: client.id }, today)).map((s) => ({
    id: s.id,
    clientId: client.id,
    clientName: client.name,
    serviceDate: s.serviceDate,
    startsAt: s.startsAt,
    timeZone: s.timeZone,
    modality: s.modality,
  }));

/**
 * Keeps the client's eligibility alert in step with a check's outcome: opened (or refreshed)
 * when it failed, cleared when it is active. One open alert per client (its dedupe key).
 */
export async function syncEligibilityAlert(
  tx: Store,
  clientId: string,
  status: EligibilityCheck["status"],
  summary: string,
  now: Date,
): Promise<void> {
  const client = await tx.clients.byId(clientId);
  if (!client) return;
  const key = `${ALERT_KIND}:${client.id}`;
  if (status === "active") {
    const open = (await tx.alerts.openFor(client.providerId)).filter((a) => a.dedupeKey === key);
    if (open.length > 0)
      await tx.alerts.resolve(
        open.map((a) => a.id),
        { resolution: "cleared", by: null, at: now },
      );
    return;
  }
  if (status !== "inactive" && status !== "rejected" && status !== "unknown" && status !== "error") return;
  const sessions = await sessionsOf(tx, client, todayOf(now));
  const words = alertWords(client.name, status, summary, sessions.length);
  const draft: AlertDraft = {
    providerId: client.providerId,
    clientId: client.id,
    kind: ALERT_KIND,
    message: words.message,
    fix: words.fix,
    sessionIds: sessions.map((s) => s.id),
    dedupeKey: key,
    detail: { sessions },
  };
  await tx.alerts.save(draft, now);
}

/**
 * The 271 handler (clearinghouse.ts `processInbox`, inside the file's transaction): each answer
 * finds its check by trace number; the answer is kept, the coverage verified, the alert brought in
 * step. An answer whose check is already answered is noted and skipped (a payer's repeat); a file
 * none of whose answers matches a check we sent is refused whole.
 */
export async function applyEligibilityFile(
  tx: Store,
  file: KeptEdiFile,
  x12: ReadInterchange,
  now: Date,
): Promise<string> {
  const answers = read271(x12);
  if (answers.length === 0) throw new EdiRejection(["the 271 holds no eligibility answer"]);
  const traces = answers.flatMap((a) => (a.traceNumber ? [a.traceNumber] : []));
  const checks = new Map((await tx.eligibility.byTrace(traces)).map((c) => [c.traceNumber, c]));
  const unmatched = answers.filter((a) => !a.traceNumber || !checks.has(a.traceNumber));
  if (unmatched.length === answers.length)
    throw new EdiRejection(
      unmatched.map((a) =>
        a.traceNumber
          ? `no eligibility check has the trace number ${a.traceNumber} (TRN02): the 271 answers nothing we asked`
          : "an answer has no trace number (TRN*2): it cannot be matched to a check",
      ),
    );
  const counts = { active: 0, inactive: 0, rejected: 0, unknown: 0, repeated: 0 };
  for (const a of answers) {
    const check = a.traceNumber ? checks.get(a.traceNumber) : undefined;
    if (!check) continue;
    const summary = answerInWords(a);
    const status = a.status;
    const stored = await tx.eligibility.answer(check.id, {
      status,
      answer: a,
      summary,
      answerFileId: file.id,
      sandbox: file.sandbox,
      at: now,
    });
    if (!stored) {
      counts.repeated++;
      continue;
    }
    counts[status]++;
    await tx.eligibility.verifyCoverage(check.coverageId, verificationOf(check, a, now));
    await audit(tx, SYSTEM, "eligibility.answer", "eligibility_check", check.id, check.clientId, {
      status,
      ediFileId: file.id,
      sandbox: file.sandbox,
    });
    await syncEligibilityAlert(tx, check.clientId, status, summary, now);
  }
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k === "repeated" ? "already answered" : k}`);
  const stray = unmatched.length > 0 ? `; ${unmatched.length} answer(s) matched no check` : "";
  return `271 ${file.name}: ${parts.join(", ")}${stray}`;
}
