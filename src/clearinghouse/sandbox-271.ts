/**
 * The sandbox clearinghouse's eligibility answers: a 271 for each 270 it finds in the outbox,
 * made up from `sandbox-members.json` (the demo's clients by member ID: an active PPO with a
 * co-pay and a deductible, an HMO, an inactive plan, a plan whose behavioral health is carved out
 * to another company) and AAA*N**75 (subscriber not found) for anyone else. Every answer says it
 * is a sandbox: ISA15 "T" and the sender SANDBOX.
 *
 * The answer is built as a payer's would be (005010X279A1): the payer and provider loops echo the
 * inquiry, the subscriber loop returns our trace number as TRN*2, the plan's status is EB*1 / EB*6
 * for service type 30 with its insurance type (EB04) and name (EB05), and the outpatient mental
 * health costs are EB*B (co-pay, per visit), EB*A (co-insurance) and EB*C (deductible: 23 the
 * calendar year's, 29 what is left) for MH, A6 and A8, in (EB12 Y) and out (N) of network. A
 * carve-out is EB*U for those service types with the company that handles them in a 2120C loop.
 */
import { readFileSync } from "node:fs";
import {
  ccyymmdd,
  cleanText,
  dollars,
  el,
  writeInterchange,
  type Envelope,
  type ReadInterchange,
  type ReadSegment,
  type Segment,
} from "../formats/x12.js";
import { IMPLEMENTATION_270 } from "../formats/x12-270.js";

export interface SandboxCosts {
  readonly copayCents?: number;
  readonly coinsurancePercent?: number;
  readonly deductibleCents?: number;
  readonly deductibleLeftCents?: number;
}

export interface SandboxMember {
  readonly who?: string;
  readonly status: "active" | "inactive";
  /** EB04: PR PPO, HM HMO, PS POS, EP EPO, MC Medicaid … */
  readonly insuranceType: string;
  readonly planName: string;
  readonly groupNumber?: string;
  readonly groupName?: string;
  readonly planBegin?: string;
  readonly planEnd?: string;
  readonly inNetwork?: SandboxCosts;
  readonly outOfNetwork?: SandboxCosts;
  readonly carveOut?: { readonly name: string; readonly payerId?: string; readonly phone?: string };
}

export type SandboxMembers = Readonly<Record<string, SandboxMember>>;

/** The sender of every sandbox answer (ISA06/GS02). */
export const SANDBOX_SENDER = "SANDBOX";

let loaded: SandboxMembers | undefined;

/** The sandbox's members (read once; found from src/ and from dist/ alike). */
export function sandboxMembers(): SandboxMembers {
  if (!loaded) {
    const file = new URL("../../src/clearinghouse/sandbox-members.json", import.meta.url);
    const data = JSON.parse(readFileSync(file, "utf8")) as { members: SandboxMembers };
    loaded = data.members;
  }
  return loaded;
}

const MENTAL_HEALTH = "MH^A6^A8";

function costs(c: SandboxCosts | undefined, network: "Y" | "N"): Segment[] {
  if (!c) return [];
  // EB01 (benefit), EB02 IND, EB03 mental health, EB06 (time period), EB07 (amount), EB08
  // (percent), EB12 (in network).
  const benefit = (code: string, period: string, amount: string, percent = ""): Segment => [
    "EB",
    code,
    "IND",
    MENTAL_HEALTH,
    "",
    "",
    period,
    amount,
    percent,
    "",
    "",
    "",
    network,
  ];
  const out: Segment[] = [];
  if (c.copayCents !== undefined) out.push(benefit("B", "27", dollars(c.copayCents)));
  if (c.coinsurancePercent !== undefined)
    out.push(benefit("A", "27", "", String(c.coinsurancePercent / 100).replace(/^0(?=\.)/, "")));
  if (c.deductibleCents !== undefined) out.push(benefit("C", "23", dollars(c.deductibleCents)));
  if (c.deductibleLeftCents !== undefined) out.push(benefit("C", "29", dollars(c.deductibleLeftCents)));
  return out;
}

const find = (segments: readonly ReadSegment[], tag: string, q?: string): ReadSegment | undefined =>
  segments.find((s) => s.tag === tag && (q === undefined || el(s, 1) === q));

const copy = (s: ReadSegment | undefined): Segment | null => (s ? [s.tag, ...s.elements] : null);

/** One 271 transaction answering one 270 transaction. */
function answer(request: readonly ReadSegment[], members: SandboxMembers, at: Date): Segment[] {
  const payer = find(request, "NM1", "PR");
  const receiver = find(request, "NM1", "1P");
  const trn = find(request, "TRN", "1");
  const subscriber = find(request, "NM1", "IL");
  const dmg = find(request, "DMG");
  const asked = ccyymmdd(at.toISOString().slice(0, 10)) ?? "";
  const trace = el(trn, 2) || "UNKNOWN";
  const memberId = el(subscriber, 9);
  const member = members[memberId.toUpperCase()] ?? members[memberId];
  const head: Segment[] = [
    ["BHT", "0022", "11", trace, asked, at.toISOString().slice(11, 16).replace(":", "")],
    ["HL", "1", "", "20", "1"],
    copy(payer) ?? ["NM1", "PR", "2", "UNKNOWN PAYER", "", "", "", "", "PI", "UNKNOWN"],
    ["HL", "2", "1", "21", "1"],
    copy(receiver) ?? ["NM1", "1P", "2", "UNKNOWN PROVIDER"],
    ["HL", "3", "2", "22", "0"],
    ["TRN", "2", trace, el(trn, 3) || "9SANDBOX00"],
  ];
  const name: Segment = copy(subscriber) ?? ["NM1", "IL", "1", "UNKNOWN"];
  if (!member) {
    // The guide: AAA in 2100C after the NM1 (and REF/N3/N4); C = please correct and resubmit.
    return [...head, name, ["AAA", "N", "", "75", "C"], ...(dmg ? [copy(dmg) as Segment] : [])];
  }
  const refs: Segment[] = member.groupNumber
    ? [["REF", "6P", member.groupNumber, cleanText(member.groupName ?? "", 60)]]
    : [];
  const dates: Segment[] = [];
  if (member.planBegin) dates.push(["DTP", "346", "D8", ccyymmdd(member.planBegin) ?? ""]);
  if (member.planEnd) dates.push(["DTP", "347", "D8", ccyymmdd(member.planEnd) ?? ""]);
  if (member.status === "inactive" && member.planEnd)
    dates.push(["DTP", "357", "D8", ccyymmdd(member.planEnd) ?? ""]);
  const status: Segment = [
    "EB",
    member.status === "active" ? "1" : "6",
    "IND",
    "30",
    member.insuranceType,
    cleanText(member.planName, 50),
  ];
  const benefits: Segment[] = [];
  if (member.status === "active") {
    if (member.carveOut) {
      const c = member.carveOut;
      benefits.push(
        ["EB", "U", "IND", MENTAL_HEALTH],
        ["MSG", "BEHAVIORAL HEALTH BENEFITS ARE ADMINISTERED BY ANOTHER COMPANY"],
        ["LS", "2120"],
        ["NM1", "PR", "2", cleanText(c.name, 60), "", "", "", "", ...(c.payerId ? ["PI", c.payerId] : [])],
        ...(c.phone ? [["PER", "IC", "", "TE", c.phone] as Segment] : []),
        ["LE", "2120"],
      );
    } else {
      benefits.push(...costs(member.inNetwork, "Y"), ...costs(member.outOfNetwork, "N"));
      if (!member.outOfNetwork)
        benefits.push(["EB", "I", "IND", MENTAL_HEALTH, "", "", "", "", "", "", "", "", "N"]);
    }
  }
  return [...head, name, ...refs, ...(dmg ? [copy(dmg) as Segment] : []), ...dates, status, ...benefits];
}

/**
 * The 271 interchange answering a 270 interchange (one 271 transaction per 270 transaction),
 * from the sandbox's members. `envelope` gives the control numbers and time; the usage is
 * always T (test data).
 */
export function sandbox271(
  request: ReadInterchange,
  envelope: Envelope,
  members: SandboxMembers = sandboxMembers(),
): string {
  const transactions = request.groups.flatMap((g) => g.transactions).filter((t) => t.code === "270");
  const bodies = transactions.map((t) => answer(t.segments, members, envelope.createdAt));
  return writeInterchange({
    senderId: SANDBOX_SENDER,
    receiverId: /^[0-9A-Z]{2,15}$/.test(request.senderId) ? request.senderId : "UNKNOWN",
    functionalId: "HB",
    implementation: IMPLEMENTATION_270,
    transactionCode: "271",
    bodies: bodies.length > 0 ? bodies : [[["BHT", "0022", "11", "NONE", "", ""]]],
    envelope: { ...envelope, usage: "T" },
  });
}
