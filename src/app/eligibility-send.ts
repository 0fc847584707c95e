/**
 * Sending eligibility checks (issue 16): a 270 built from the client's current coverage, the
 * provider's NPI and the payer's electronic id at our clearinghouse, handed to
 * clearinghouse.ts `sendFile` (kept as written, audited). "Verify coverage" sends at once and
 * waits a few seconds for the 271 (polling the inbox, as a clearinghouse's real-time mode would
 * answer); the `eligibility.send` job sends what the triggers queued, and `eligibility.monthly`
 * queues a check of every coverage not checked for a month.
 *
 * Kept apart from eligibility.ts, which clearinghouse.ts imports for its 271 handler.
 */
import type { Geography } from "../rules/geography.js";
import { check270, write270, type EligibilityRequest, type Problem270 } from "../formats/x12-270.js";
import { splitName } from "../formats/claim-record.js";
import { validNpi } from "../formats/npi.js";
import type { Actor } from "./actor.js";
import { audit, userOf } from "./audit.js";
import { addDays, todayOf } from "./calendar.js";
import type { X12Usage } from "./claim-files.js";
import type { Clearinghouse } from "./clearinghouse-port.js";
import { processInbox, requireClearinghouse, sendFile } from "./clearinghouse.js";
import type { EligibilityCheck } from "./eligibility-port.js";
import {
  eligibilityClient,
  newTraceNumber,
  queueEligibilityCheck,
  syncEligibilityAlert,
} from "./eligibility.js";
import { AppError } from "./errors.js";
import type { Store } from "./ports.js";

export interface SendOptions {
  /** Payer names for the 270's NM1*PR (the catalogue); the payer id upper-cased without one. */
  readonly geo?: Geography | undefined;
  /** ISA15 for production clearinghouses; a sandbox always gets T. */
  readonly usage?: X12Usage | undefined;
}

export interface VerifyOptions extends SendOptions {
  /** How long to wait for the 271 (8 s by default); 0 sends and returns. */
  readonly waitMs?: number | undefined;
  /** How often the inbox is read meanwhile (250 ms). */
  readonly pollMs?: number | undefined;
}

/** Where each 270 field comes from in Stateline, for the CONFLICT a person fixes. */
const FIELD_OF: Readonly<Record<string, string>> = {
  "payer.electronicId": "coverage.payer",
  "payer.name": "coverage.payer",
  "subscriber.memberId": "coverage.memberId",
  "subscriber.lastName": "client.name",
  "subscriber.birthDate": "client.birthDate",
  "receiver.npi": "provider.npi",
  "receiver.lastName": "provider.lastName",
  "receiver.name": "billingSettings.name",
  traceAssigner: "billingSettings.taxId",
};

function conflict(problems: readonly Problem270[]): AppError {
  const fields = problems.map((p) => ({ path: FIELD_OF[p.field] ?? p.field, message: p.message }));
  return new AppError(
    "CONFLICT",
    `the coverage cannot be verified yet: ${fields.map((f) => `${f.path}: ${f.message}`).join("; ")}`,
    { fields },
  );
}

/** The 270 of a check, or the CONFLICT naming what to fix (coverage.payer, coverage.memberId …). */
async function requestOf(
  store: Store,
  check: Pick<EligibilityCheck, "clientId" | "coverageId" | "traceNumber" | "planDate">,
  options: SendOptions,
): Promise<{
  readonly request: EligibilityRequest;
  readonly traceAssigner: string;
  readonly ids: readonly [string, string];
}> {
  const [client, coverage, billing] = await Promise.all([
    store.clients.byId(check.clientId),
    store.clients.coverageById(check.coverageId),
    store.billing.get(),
  ]);
  if (!client || !coverage)
    throw new AppError("CONFLICT", "the client has no insurance coverage on file; add it first", {
      fields: [{ path: "coverage", message: "no coverage on file" }],
    });
  if (!billing)
    throw new AppError("CONFLICT", "operations have not set up the billing organization (billing settings)", {
      fields: [{ path: "billingSettings", message: "not set: submitter id, group NPI and EIN are needed" }],
    });
  const provider = await store.providers.byId(client.providerId);
  const electronicId = billing.payerIds[coverage.payer];
  const problems: Problem270[] = [];
  if (!electronicId)
    problems.push({
      field: "payer.electronicId",
      message: `"${coverage.payer}" has no electronic payer id in the billing settings (payerIds): operations add the clearinghouse's id for this payer`,
    });
  if (!coverage.memberId?.trim())
    problems.push({
      field: "subscriber.memberId",
      message: "the coverage has no member ID: add it from the insurance card",
    });
  const name = splitName(client.name);
  const personal = provider && validNpi(provider.npi);
  const request: EligibilityRequest = {
    traceNumber: check.traceNumber,
    payer: {
      name: options.geo?.payer(coverage.payer)?.name ?? coverage.payer.toUpperCase(),
      electronicId: electronicId ?? "",
    },
    receiver: personal
      ? { kind: "person", npi: provider.npi, lastName: provider.lastName, firstName: provider.firstName }
      : { kind: "organization", npi: billing.npi, name: billing.name },
    subscriber: {
      memberId: coverage.memberId ?? "",
      firstName: name.first,
      lastName: name.last,
      birthDate: client.birthDate,
    },
    planDate: check.planDate,
  };
  const traceAssigner = `1${billing.taxId}`;
  const seen = new Set(problems.map((p) => p.field));
  for (const p of check270(request, {
    senderId: billing.submitterId,
    receiverId: billing.receiverId,
    traceAssigner,
    envelope: { interchangeControlNumber: 1, groupControlNumber: 1, createdAt: new Date(0), usage: "T" },
  }))
    if (!seen.has(p.field)) problems.push(p);
  if (problems.length > 0) throw conflict(problems);
  return { request, traceAssigner, ids: [billing.submitterId, billing.receiverId] };
}

/** Builds and sends one check's 270 (inside the caller's transaction); answers the kept file's id. */
async function send(
  tx: Store,
  clearinghouse: Clearinghouse,
  actor: Actor | null,
  check: EligibilityCheck,
  options: SendOptions,
  now: Date,
): Promise<string> {
  const { request, traceAssigner, ids } = await requestOf(tx, check, options);
  const icn = await tx.claimFiles.nextInterchangeNumber();
  const content = write270(request, {
    senderId: ids[0],
    receiverId: ids[1],
    traceAssigner,
    envelope: {
      interchangeControlNumber: icn,
      groupControlNumber: icn,
      createdAt: now,
      usage: clearinghouse.sandbox ? "T" : (options.usage ?? "P"),
    },
  });
  const name = `270-${String(icn).padStart(9, "0")}-${check.traceNumber.slice(0, 8)}.x12`;
  const kept = await sendFile(
    tx,
    clearinghouse,
    actor,
    { kind: "270", name, content, interchangeControlNumber: icn },
    now,
  );
  await tx.eligibility.markSent(check.id, kept.id, clearinghouse.sandbox, now);
  return kept.id;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * "Verify coverage": the client's provider or operations check the current coverage now. The
 * 270 is built (a CONFLICT names `coverage.payer` when the payer has no electronic id,
 * `coverage.memberId` when the member ID is missing …), kept with a pending check and sent; then
 * the inbox is read every `pollMs` for up to `waitMs` for the 271. Answers the check, answered
 * or still pending (its answer then comes with a later poll).
 */
export async function verifyCoverage(
  store: Store,
  clearinghouse: Clearinghouse | undefined,
  actor: Actor,
  clientId: string,
  now: Date,
  options: VerifyOptions = {},
): Promise<EligibilityCheck> {
  const client = await eligibilityClient(store, actor, clientId);
  const ch = requireClearinghouse(clearinghouse);
  const coverage = await store.clients.coverage(client.id);
  if (!coverage)
    throw new AppError("CONFLICT", "the client has no insurance coverage on file; add it first", {
      fields: [{ path: "coverage", message: "no coverage on file" }],
    });
  const planDate = todayOf(now);
  // Checked before anything is kept: a coverage that cannot be asked about leaves no trace.
  await requestOf(
    store,
    { clientId: client.id, coverageId: coverage.id, traceNumber: "CHECK", planDate },
    options,
  );
  // The check is committed before its 270 leaves: an answer read at once (another server's poll)
  // finds it by its trace number. Pending, so the send job does not send it a second time.
  const check = await store.transaction(async (tx) => {
    const added = await tx.eligibility.add({
      clientId: client.id,
      coverageId: coverage.id,
      traceNumber: newTraceNumber(),
      reason: "manual",
      planDate,
      requestedBy: userOf(actor),
      status: "pending",
    });
    await audit(tx, actor, "eligibility.verify", "eligibility_check", added.id, client.id, {
      coverageId: coverage.id,
      payer: coverage.payer,
    });
    return added;
  });
  try {
    await store.transaction((tx) => send(tx, ch, actor, check, options, now));
  } catch (e) {
    await store.eligibility.markError(check.id, e instanceof Error ? e.message : String(e));
    throw e;
  }
  const waitMs = options.waitMs ?? 8000;
  const pollMs = options.pollMs ?? 250;
  const until = Date.now() + waitMs;
  while (Date.now() < until) {
    await sleep(pollMs);
    try {
      await processInbox(store, ch, null, new Date());
    } catch {
      // A poll that fails (another server reading the same file) is retried on the next turn.
    }
    const current = await store.eligibility.byId(check.id);
    if (current && current.status !== "pending" && current.status !== "queued") return current;
  }
  return (await store.eligibility.byId(check.id)) ?? check;
}

/**
 * The `eligibility.send` job: sends up to `limit` queued checks, one transaction each. A check
 * that cannot be built (no electronic payer id, no member ID …) is marked error with the reason,
 * and its client's eligibility alert opened.
 */
export async function sendQueuedChecks(
  store: Store,
  clearinghouse: Clearinghouse,
  now: Date,
  options: SendOptions = {},
  limit = 50,
): Promise<{ readonly sent: number; readonly failed: number }> {
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < limit; i++) {
    const outcome = await store.transaction(async (tx) => {
      const [check] = await tx.eligibility.lockQueued(1);
      if (!check) return "none" as const;
      try {
        await send(tx, clearinghouse, null, check, options, now);
        return "sent" as const;
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        await tx.eligibility.markError(check.id, e.message);
        await syncEligibilityAlert(tx, check.clientId, "error", e.message, now);
        return "failed" as const;
      }
    });
    if (outcome === "none") break;
    if (outcome === "sent") sent++;
    else failed++;
  }
  return { sent, failed };
}

/**
 * The `eligibility.monthly` job: queues a check of every current coverage not checked in the
 * last 30 days (the send job sends them), a page of clients at a time.
 */
export async function queueMonthlyChecks(store: Store, now: Date, page = 500): Promise<number> {
  const since = new Date(`${addDays(todayOf(now), -30)}T00:00:00Z`);
  let after: string | null = null;
  let queued = 0;
  for (;;) {
    const due = await store.eligibility.dueForMonthly(since, page, after);
    if (due.length === 0) return queued;
    for (const d of due) if (await queueEligibilityCheck(store, d.clientId, "monthly", null, now)) queued++;
    after = due.at(-1)?.clientId ?? null;
    if (due.length < page) return queued;
  }
}
