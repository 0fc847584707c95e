/**
 * What the clearinghouse's acknowledgements do to claims. A 999 says whether each transaction
 * set (each claim: our 837P has one per claim) of an interchange we sent was well formed; a
 * 277CA says, claim by claim, whether the claim was accepted into the payer's system or rejected,
 * and why, with the payer's claim control number. Both move `claims.payer_status` from nothing
 * (exported) to accepted or rejected, append the claim's history (`claim_events`) with the
 * reasons in words, and are audited.
 *
 * Order matters less than it seems: an acknowledgement never undoes a remittance (a claim paid,
 * partially paid or denied keeps that), and a 999 acceptance never overrides what a 277CA said
 * (the 277CA is the later, more specific answer). Each handler runs inside the inbound file's
 * transaction (src/app/clearinghouse.ts) and throws `EdiRejection` when the file answers nothing
 * Stateline sent: then nothing is posted.
 */
import { read277ca } from "../formats/x12-277ca.js";
import { read999, transactionAccepted, type GroupAck } from "../formats/x12-999.js";
import { el, readX12, type ReadInterchange } from "../formats/x12.js";
import { SYSTEM } from "./actor.js";
import { audit } from "./audit.js";
import { EdiRejection, type AnsweredClaim, type KeptEdiFile, type PayerStatus } from "./edi-files-port.js";
import type { Store } from "./ports.js";

/** Statuses an acknowledgement may change: a remittance's word is final. */
const ACKNOWLEDGED: ReadonlySet<PayerStatus | null> = new Set<PayerStatus | null>([
  null,
  "accepted",
  "rejected",
]);

interface Answer {
  readonly claim: AnsweredClaim;
  readonly status: "accepted" | "rejected";
  readonly reasons: readonly string[];
  readonly payerClaimNumber?: string | null | undefined;
}

/**
 * What the payer has said about the claim as it now stands: an answer from before its current
 * version went out (a corrected claim, sent again) is about the version it replaced.
 */
function currentAnswer(c: AnsweredClaim): PayerStatus | null {
  if (c.payerStatus === null || c.payerStatusAt === null || c.exportedAt === null) return c.payerStatus;
  return Date.parse(c.payerStatusAt) < Date.parse(c.exportedAt) ? null : c.payerStatus;
}

/** Posts the answers: payer status, the claim's history, one audit event for the file. */
async function post(
  tx: Store,
  file: KeptEdiFile,
  source: "999" | "277CA",
  answers: readonly Answer[],
  now: Date,
): Promise<{ changed: number; kept: number }> {
  let changed = 0;
  let kept = 0;
  for (const a of answers) {
    const current = currentAnswer(a.claim);
    // A 999 acceptance says the file was well formed; it does not overrule a 277CA's answer.
    const allowed =
      ACKNOWLEDGED.has(current) && !(source === "999" && a.status === "accepted" && current !== null);
    if (!allowed) {
      kept++;
      continue;
    }
    await tx.payerAnswers.setPayerStatus(a.claim.id, a.status, now, a.payerClaimNumber ?? null);
    await tx.claimFiles.addEvent({
      claimId: a.claim.id,
      version: a.claim.version,
      kind: a.status,
      actorUserId: null,
      exportId: a.claim.exportId,
      detail: {
        source,
        ediFileId: file.id,
        file: file.name,
        sandbox: file.sandbox,
        reasons: a.reasons,
        ...(a.payerClaimNumber ? { payerClaimNumber: a.payerClaimNumber } : {}),
      },
    });
    changed++;
  }
  if (answers.length > 0)
    await audit(tx, SYSTEM, `claim.acknowledged_${source.toLowerCase()}`, "edi_file", file.id, null, {
      claimIds: answers.map((a) => a.claim.id),
      clientIds: [...new Set(answers.map((a) => a.claim.clientId))],
      accepted: answers.filter((a) => a.status === "accepted").length,
      rejected: answers.filter((a) => a.status === "rejected").length,
    });
  return { changed, kept };
}

/** The claims of an 837P we sent, by transaction set control number (ST02 → CLM01). */
function claimNumbersOf(sent: string): Map<string, string> {
  const out = new Map<string, string>();
  const x12 = readX12(sent);
  for (const g of x12.groups)
    for (const t of g.transactions) {
      const clm = t.segments.find((s) => s.tag === "CLM");
      if (clm) out.set(t.control, el(clm, 1));
    }
  return out;
}

/** One group acknowledgement of an 837P we sent: each claim accepted or rejected. */
async function answersFor999(tx: Store, ack: GroupAck, problems: string[]): Promise<Answer[]> {
  const sent = await tx.ediFiles.outboundByControl("837P", ack.groupControlNumber);
  if (!sent) {
    problems.push(
      `acknowledges 837P group ${ack.groupControlNumber}, which Stateline did not send (no outbound 837P with that control number)`,
    );
    return [];
  }
  const byControl = claimNumbersOf(sent.content);
  const exportId = await tx.payerAnswers.exportOfFile(sent.id);
  const claims = await tx.payerAnswers.claimsByNumber([...byControl.values()]);
  const answers: Answer[] = [];
  for (const [control, number] of byControl) {
    const claim = claims.find((c) => c.number === number);
    // A claim corrected and sent again since: this answer is about the version superseded.
    if (!claim || (exportId !== null && claim.exportId !== exportId)) continue;
    const accepted = transactionAccepted(ack, control);
    const t = ack.transactions.find((x) => x.control === control);
    const reasons = accepted
      ? [`999 ${ack.statusText.toLowerCase()}: file ${sent.name}, transaction set ${control}`]
      : [`999 rejected transaction set ${control} of ${sent.name}`, ...(t?.errors ?? []), ...ack.groupErrors];
    answers.push({ claim, status: accepted ? "accepted" : "rejected", reasons });
  }
  return answers;
}

/**
 * The 999 handler: each group it acknowledges must be one we sent. An 837P group's claims are
 * accepted or rejected (with the IK3/IK4/IK5 errors in words); a 270 group's acknowledgement is
 * noted (the 271 that follows carries the answer).
 */
export async function apply999(
  tx: Store,
  file: KeptEdiFile,
  x12: ReadInterchange,
  now: Date,
): Promise<string> {
  const acks = read999(x12);
  if (acks.length === 0)
    throw new EdiRejection(["the 999 holds no acknowledgement (no 999 transaction set)"]);
  const problems: string[] = [];
  const answers: Answer[] = [];
  const notes: string[] = [];
  for (const ack of acks) {
    if (ack.functionalId === "HC") answers.push(...(await answersFor999(tx, ack, problems)));
    else if (ack.functionalId === "HS") {
      const sent = await tx.ediFiles.outboundByControl("270", ack.groupControlNumber);
      if (!sent)
        problems.push(`acknowledges 270 group ${ack.groupControlNumber}, which Stateline did not send`);
      else notes.push(`270 ${sent.name}: ${ack.statusText.toLowerCase()}`);
    } else
      problems.push(
        `acknowledges a ${ack.functionalId || "(blank)"} group: Stateline sends only 837P and 270`,
      );
  }
  if (problems.length > 0) throw new EdiRejection(problems);
  const { changed, kept } = await post(tx, file, "999", answers, now);
  const accepted = answers.filter((a) => a.status === "accepted").length;
  const rejected = answers.length - accepted;
  const parts = [
    ...(answers.length > 0
      ? [`${accepted} claim(s) accepted, ${rejected} rejected (${changed} changed, ${kept} already answered)`]
      : []),
    ...notes,
  ];
  return `999: ${parts.join("; ") || "nothing to post"}`;
}

/**
 * The 277CA handler: each claim it names by patient control number is accepted (with the
 * payer's claim control number from REF*1K) or rejected (with the STC codes in words). A 277CA
 * that names no claim of ours is refused whole.
 */
export async function apply277ca(
  tx: Store,
  file: KeptEdiFile,
  x12: ReadInterchange,
  now: Date,
): Promise<string> {
  const read = read277ca(x12);
  if (read.claims.length === 0)
    throw new EdiRejection([
      "the 277CA names no claim (no patient level with a TRN patient control number)",
      ...read.notes,
    ]);
  const claims = await tx.payerAnswers.claimsByNumber(read.claims.map((c) => c.patientControlNumber));
  const unknown = read.claims.filter((c) => !claims.some((k) => k.number === c.patientControlNumber));
  if (unknown.length === read.claims.length)
    throw new EdiRejection([
      `answers no claim Stateline sent: ${unknown.map((c) => c.patientControlNumber || "(blank)").join(", ")}`,
    ]);
  const answers: Answer[] = [];
  let undecided = 0;
  for (const ack of read.claims) {
    const claim = claims.find((k) => k.number === ack.patientControlNumber);
    if (!claim) continue;
    if (ack.accepted === null) {
      undecided++;
      continue;
    }
    answers.push({
      claim,
      status: ack.accepted ? "accepted" : "rejected",
      reasons: ack.statuses.map(
        (s) => `277CA ${s.category}:${s.status}${s.entity ? `:${s.entity}` : ""} ${s.words}`,
      ),
      payerClaimNumber: ack.accepted ? ack.payerClaimNumber : null,
    });
  }
  const { changed, kept } = await post(tx, file, "277CA", answers, now);
  const accepted = answers.filter((a) => a.status === "accepted").length;
  const extra = [
    ...(unknown.length > 0 ? [`not ours: ${unknown.map((c) => c.patientControlNumber).join(", ")}`] : []),
    ...(undecided > 0 ? [`${undecided} with no acceptance or rejection`] : []),
    ...(kept > 0 ? [`${kept} already paid or denied, left as they are`] : []),
  ];
  return `277CA: ${accepted} claim(s) accepted, ${answers.length - accepted} rejected, ${changed} changed${extra.length > 0 ? `; ${extra.join("; ")}` : ""}`;
}
