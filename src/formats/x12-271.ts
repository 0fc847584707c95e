/**
 * The eligibility answer, X12 271 (005010X279A1), read into what a practice acts on: is the plan
 * active and from when to when, which product (it feeds contract v2's `product`), is behavioral
 * health handled by another company (a carve-out: bill them, not the medical plan), what the
 * client pays for an outpatient mental health visit in and out of network, and, when the payer
 * could not answer, why (AAA) in words. Pure: no I/O, no clock.
 *
 * Reading is forgiving where the strict envelope reader (x12.ts `readX12`) is not: a segment or
 * code this reader does not know is kept as a note, never thrown; an answer with no usable
 * status says `unknown`. Payers differ a lot inside the loops; the guide's structure is what is
 * relied on:
 *
 *   2000A/2100A HL*…*20 NM1*PR   the payer (AAA here: the payer could not answer at all)
 *   2000B/2100B HL*…*21 NM1*1P   who asked (AAA here: the provider is not known to the payer)
 *   2000C/2100C HL*…*22 TRN*2    one subscriber: our trace number back, NM1*IL, REF, DTP dates,
 *                                AAA (member not found …)
 *   2110C EB                     one benefit each (EB01 what, EB03 service types, EB04 insurance
 *                                type, EB05 plan name, EB06 period, EB07 amount, EB08 percent,
 *                                EB12 in network), with its own DTP, MSG
 *   2120C LS*2120 NM1 … LE*2120  the entity the benefit belongs to (a carve-out's company)
 * A dependent loop (HL*…*23) reads as its own answer, like a subscriber.
 */
import type { Product } from "../contract/schema.js";
import { cents, el, isoDate, type ReadInterchange, type ReadSegment } from "./x12.js";
import { SERVICE_TYPE_WORDS } from "./x12-270.js";

export type EligibilityStatus = "active" | "inactive" | "rejected" | "unknown";

/**
 * EB04 insurance type → contract v2 product (the mapping Stateline uses):
 * HM → hmo, HN (HMO Medicare risk) → medicare_advantage, PR → ppo, EP → epo, PS → pos,
 * MC → medicaid. Original Medicare (MA, MB, MP) and the rest (C1 commercial, IN indemnity …)
 * have no contract product: the answer names the type, the coverage's product is left as typed.
 */
export const PRODUCT_OF_INSURANCE_TYPE: Readonly<Record<string, Product>> = {
  HM: "hmo",
  HN: "medicare_advantage",
  PR: "ppo",
  EP: "epo",
  PS: "pos",
  MC: "medicaid",
};

/** EB04 in words (the codes payers send for health plans). */
export const INSURANCE_TYPE_WORDS: Readonly<Record<string, string>> = {
  C1: "Commercial",
  CO: "COBRA",
  EP: "EPO",
  GP: "Group policy",
  HM: "HMO",
  HN: "HMO - Medicare risk (Medicare Advantage)",
  IN: "Indemnity",
  IP: "Individual policy",
  MA: "Medicare Part A",
  MB: "Medicare Part B",
  MC: "Medicaid",
  MP: "Medicare primary",
  OT: "Other",
  PR: "PPO",
  PS: "POS",
  QM: "Qualified Medicare Beneficiary",
  SP: "Supplemental policy",
  WC: "Workers' compensation",
};

/**
 * AAA03 reject reasons of the 271 (005010X279A1 code list), in words. The ones a mental-health
 * practice meets are here; an unknown code is shown as itself.
 */
export const REJECT_REASON_WORDS: Readonly<Record<string, string>> = {
  "04": "Authorized quantity exceeded",
  "15": "Required application data missing",
  "33": "Input errors",
  "35": "Out of network",
  "41": "Authorization/access restrictions",
  "42": "Unable to respond at current time",
  "43": "Invalid/missing provider identification",
  "44": "Invalid/missing provider name",
  "45": "Invalid/missing provider specialty",
  "46": "Invalid/missing provider phone number",
  "47": "Invalid/missing provider state",
  "48": "Invalid/missing referring provider identification number",
  "49": "Provider is not primary care physician",
  "50": "Provider ineligible for inquiries",
  "51": "Provider not on file",
  "52": "Service dates not within provider plan enrollment",
  "53": "Inquired benefit inconsistent with provider type",
  "54": "Inappropriate product/service ID qualifier",
  "55": "Inappropriate product/service ID",
  "56": "Inappropriate date",
  "57": "Invalid/missing date(s) of service",
  "58": "Invalid/missing date-of-birth",
  "60": "Date of birth follows date(s) of service",
  "61": "Date of death precedes date(s) of service",
  "62": "Date of service not within allowable inquiry period",
  "63": "Date of service in future",
  "64": "Invalid/missing patient ID",
  "65": "Invalid/missing patient name",
  "66": "Invalid/missing patient gender code",
  "67": "Patient not found",
  "68": "Duplicate patient ID number",
  "69": "Inconsistent with patient's age",
  "70": "Inconsistent with patient's gender",
  "71": "Patient birth date does not match that for the patient on the database",
  "72": "Invalid/missing subscriber/insured ID",
  "73": "Invalid/missing subscriber/insured name",
  "74": "Invalid/missing subscriber/insured gender code",
  "75": "Subscriber/insured not found",
  "76": "Duplicate subscriber/insured ID number",
  "77": "Subscriber found, patient not found",
  "78": "Subscriber/insured not in group/plan identified",
  "79": "Invalid participant identification",
  "80": "No response received - transaction terminated",
  "97": "Invalid or missing provider address",
  T4: "Payer name or identifier missing",
};

/** AAA04 follow-up actions, in words. */
export const FOLLOW_UP_WORDS: Readonly<Record<string, string>> = {
  C: "Please correct and resubmit",
  N: "Resubmission not allowed",
  P: "Please resubmit original transaction",
  R: "Resubmission allowed",
  S: "Do not resubmit; inquiry initiated to a third party",
  W: "Please wait 30 days and resubmit",
  X: "Please wait 10 days and resubmit",
  Y: "Do not resubmit; we will hand off to the payer",
};

/** What each fix looks like for the reasons a practice can act on. */
const REJECT_FIX: Readonly<Record<string, string>> = {
  "15": "check the member ID, name and date of birth, then verify again",
  "42": "the payer's system did not answer: verify again later",
  "43": "check the NPI in the provider's profile and the billing settings",
  "51": "the payer does not know this provider's NPI: check enrollment with the payer",
  "52": "the provider is not enrolled with the plan for this date",
  "56": "check the date asked about",
  "57": "check the date asked about",
  "58": "check the client's date of birth",
  "62": "the payer answers only for dates near today",
  "63": "the payer does not answer for future dates: verify closer to the session",
  "71": "check the client's date of birth",
  "72": "check the member ID",
  "73": "check the client's name as on the insurance card",
  "75": "check the member ID",
  "76": "the payer has two members with this ID: call the payer",
  "78": "the member is not in this plan: check the payer on the card",
};

export type Network = "in" | "out" | "both" | "unknown";

/** A cost a visit carries: co-pay, co-insurance, deductible or out-of-pocket maximum. */
export interface Benefit {
  readonly kind: "copay" | "coinsurance" | "deductible" | "out_of_pocket";
  /** EB12: Y in network, N out of network, W both (does not matter); absent or U unknown. */
  readonly network: Network;
  readonly serviceTypes: readonly string[];
  /** EB02: IND individual, FAM family … (null when absent). */
  readonly coverageLevel: string | null;
  /** EB07 in cents. */
  readonly amountCents: number | null;
  /** EB08 as a percent (EB08 ".2" → 20). */
  readonly percent: number | null;
  /** EB06: 23 calendar year (total), 29 remaining, 27 per visit …; null when absent. */
  readonly period: string | null;
}

/** The company that handles behavioral health instead of the medical plan. */
export interface CarveOut {
  /** 2120C NM101: PR payer, VN vendor, Y2 managed care organization, X3 utilization management … */
  readonly entityCode: string;
  readonly name: string;
  /** NM109 (its payer id, when given). */
  readonly id: string | null;
  readonly phone: string | null;
  readonly serviceTypes: readonly string[];
}

export interface Rejection {
  /** Where the payer put it: the payer, the provider, or the member's loop. */
  readonly level: "payer" | "receiver" | "subscriber";
  readonly code: string;
  readonly words: string;
  readonly followUp: string | null;
  readonly followUpWords: string | null;
  /** What to do, for the reasons a practice can act on. */
  readonly fix: string | null;
}

export interface EligibilityAnswer {
  /** TRN02 of the TRN*2 (our 270's trace number); null when the payer returned none. */
  readonly traceNumber: string | null;
  readonly status: EligibilityStatus;
  readonly payerName: string | null;
  readonly payerId: string | null;
  readonly memberId: string | null;
  readonly subscriberName: string | null;
  readonly planName: string | null;
  readonly groupName: string | null;
  readonly groupNumber: string | null;
  /** EB04 of the plan's status segment (or the first benefit that gives one). */
  readonly insuranceType: string | null;
  readonly insuranceTypeWords: string | null;
  readonly product: Product | null;
  /** DTP 346/347 (plan), 356/357 (eligibility), 291 (plan range) as YYYY-MM-DD. */
  readonly planBegin: string | null;
  readonly planEnd: string | null;
  readonly eligibilityBegin: string | null;
  readonly eligibilityEnd: string | null;
  /** Outpatient mental health costs (service types MH, A4, A6, A8, CF, CH, or 30 when no other). */
  readonly benefits: readonly Benefit[];
  readonly carveOut: CarveOut | null;
  readonly rejections: readonly Rejection[];
  /** What was read but not understood, or worth a person's eye (MSG texts). */
  readonly notes: readonly string[];
}

const MENTAL_HEALTH = new Set(["MH", "A4", "A6", "A8", "CF", "CH"]);
const CARVE_OUT_ENTITIES = new Set(["PR", "VN", "Y2", "X3", "2B", "13", "PRP"]);
const ACTIVE = new Set(["1", "2", "3", "4", "5"]);
const INACTIVE = new Set(["6", "7", "8"]);
const COSTS: Readonly<Record<string, Benefit["kind"]>> = {
  A: "coinsurance",
  B: "copay",
  C: "deductible",
  G: "out_of_pocket",
};

/** Splits a repeated element (EB03 "MH^A6"): the 5010 repetition separator is ISA11, `^` by far the most used. */
const repeated = (value: string): string[] => value.split(/[\^]/).filter((v) => v !== "");

function network(code: string): Network {
  if (code === "Y") return "in";
  if (code === "N") return "out";
  if (code === "W") return "both";
  return "unknown";
}

function percentOf(value: string): number | null {
  if (!/^\d*\.?\d+$/.test(value)) return null;
  return Math.round(Number(value) * 10000) / 100;
}

/** DTP03 as one date, or a range (RD8 "20260101-20261231"). */
function dates(s: ReadSegment): { from: string | null; to: string | null } {
  const value = el(s, 3);
  if (el(s, 2) === "RD8") {
    const [a, b] = value.split("-");
    return { from: isoDate(a), to: isoDate(b) };
  }
  const d = isoDate(value);
  return { from: d, to: d };
}

interface Draft {
  traceNumber: string | null;
  memberId: string | null;
  subscriberName: string | null;
  planName: string | null;
  groupName: string | null;
  groupNumber: string | null;
  insuranceType: string | null;
  planBegin: string | null;
  planEnd: string | null;
  eligibilityBegin: string | null;
  eligibilityEnd: string | null;
  statuses: string[];
  benefits: Benefit[];
  generalBenefits: Benefit[];
  carveOut: CarveOut | null;
  rejections: Rejection[];
  notes: string[];
}

const newDraft = (): Draft => ({
  traceNumber: null,
  memberId: null,
  subscriberName: null,
  planName: null,
  groupName: null,
  groupNumber: null,
  insuranceType: null,
  planBegin: null,
  planEnd: null,
  eligibilityBegin: null,
  eligibilityEnd: null,
  statuses: [],
  benefits: [],
  generalBenefits: [],
  carveOut: null,
  rejections: [],
  notes: [],
});

function rejection(s: ReadSegment, level: Rejection["level"]): Rejection {
  const code = el(s, 3);
  const followUp = el(s, 4) || null;
  return {
    level,
    code,
    words: REJECT_REASON_WORDS[code] ?? `Reject reason ${code || "not given"}`,
    followUp,
    followUpWords: followUp ? (FOLLOW_UP_WORDS[followUp] ?? null) : null,
    fix: REJECT_FIX[code] ?? null,
  };
}

const nameOf = (s: ReadSegment): string =>
  [el(s, 4), el(s, 3)]
    .filter((x) => x !== "")
    .join(" ")
    .trim();

function finish(d: Draft, payerName: string | null, payerId: string | null): EligibilityAnswer {
  const status: EligibilityStatus =
    d.rejections.length > 0
      ? "rejected"
      : d.statuses.some((x) => ACTIVE.has(x))
        ? "active"
        : d.statuses.some((x) => INACTIVE.has(x))
          ? "inactive"
          : "unknown";
  const type = d.insuranceType;
  return {
    traceNumber: d.traceNumber,
    status,
    payerName,
    payerId,
    memberId: d.memberId,
    subscriberName: d.subscriberName,
    planName: d.planName,
    groupName: d.groupName,
    groupNumber: d.groupNumber,
    insuranceType: type,
    insuranceTypeWords: type ? (INSURANCE_TYPE_WORDS[type] ?? type) : null,
    product: type ? (PRODUCT_OF_INSURANCE_TYPE[type] ?? null) : null,
    planBegin: d.planBegin,
    planEnd: d.planEnd,
    eligibilityBegin: d.eligibilityBegin,
    eligibilityEnd: d.eligibilityEnd,
    benefits: d.benefits.length > 0 ? d.benefits : d.generalBenefits,
    carveOut: d.carveOut,
    rejections: d.rejections,
    notes: d.notes,
  };
}

/**
 * Every answer of a 271 interchange, one per subscriber (or dependent) loop, in file order. A
 * transaction whose payer or provider loop carries an AAA and no subscriber loop still answers
 * once (rejected, no trace number unless the payer gave one). Never throws on content.
 */
export function read271(x12: ReadInterchange): EligibilityAnswer[] {
  const out: EligibilityAnswer[] = [];
  for (const group of x12.groups) {
    for (const t of group.transactions) {
      if (t.code !== "271") continue;
      out.push(...readTransaction(t.segments));
    }
  }
  return out;
}

function readTransaction(segments: readonly ReadSegment[]): EligibilityAnswer[] {
  const answers: EligibilityAnswer[] = [];
  let payerName: string | null = null;
  let payerId: string | null = null;
  /** AAAs of the payer and provider loops: they apply to every member below. */
  const upper: Rejection[] = [];
  let level = "";
  let draft: Draft | null = null;
  /** The benefit being read (2110C) and whether we are inside its 2120C entity loop. */
  let eb: ReadSegment | null = null;
  let inEntity = false;
  let entity: { code: string; name: string; id: string | null; phone: string | null } | null = null;

  const closeEntity = () => {
    if (draft && eb && entity) {
      const types = repeated(el(eb, 3));
      const mh = types.some((c) => MENTAL_HEALTH.has(c));
      const other = entity.name !== "" && entity.name.toUpperCase() !== (payerName ?? "").toUpperCase();
      if (mh && CARVE_OUT_ENTITIES.has(entity.code) && other && !draft.carveOut)
        draft.carveOut = {
          entityCode: entity.code,
          name: entity.name,
          id: entity.id,
          phone: entity.phone,
          serviceTypes: types,
        };
    }
    entity = null;
  };
  const close = () => {
    closeEntity();
    if (draft)
      answers.push(finish({ ...draft, rejections: [...upper, ...draft.rejections] }, payerName, payerId));
    draft = null;
    eb = null;
    inEntity = false;
  };

  for (const s of segments) {
    switch (s.tag) {
      case "BHT":
        continue;
      case "HL": {
        close();
        level = el(s, 3);
        if (level === "22" || level === "23") draft = newDraft();
        continue;
      }
      case "LS":
        inEntity = true;
        continue;
      case "LE":
        closeEntity();
        inEntity = false;
        continue;
      default:
        break;
    }
    const current: Draft | null = draft;
    if (s.tag === "NM1") {
      if (inEntity) {
        entity = { code: el(s, 1), name: nameOf(s), id: el(s, 9) || null, phone: null };
      } else if (level === "20" && el(s, 1) === "PR") {
        payerName = el(s, 3) || null;
        payerId = el(s, 9) || null;
      } else if (current && (el(s, 1) === "IL" || el(s, 1) === "03")) {
        current.memberId = el(s, 9) || current.memberId;
        current.subscriberName = nameOf(s) || null;
      }
      continue;
    }
    if (s.tag === "PER") {
      if (inEntity && entity) {
        // PER03/04, PER05/06, PER07/08: qualifier and number; TE is the telephone.
        const phone = [3, 5, 7].map((n) => (el(s, n) === "TE" ? el(s, n + 1) : "")).find((p) => p !== "");
        entity.phone = phone ?? entity.phone;
      }
      continue;
    }
    if (s.tag === "AAA") {
      if (el(s, 1) === "Y" && el(s, 3) === "") continue;
      const where: Rejection["level"] = level === "20" ? "payer" : level === "21" ? "receiver" : "subscriber";
      if (current && (level === "22" || level === "23")) current.rejections.push(rejection(s, where));
      else upper.push(rejection(s, where));
      continue;
    }
    // The payer's and provider's loops carry nothing else an answer needs (REF, N3, N4, PRV).
    if (!current) continue;
    switch (s.tag) {
      case "TRN":
        // TRN*2 returns our 270's trace; a TRN*1 is the payer's own (kept as a note).
        if (el(s, 1) === "2") current.traceNumber = el(s, 2) || null;
        else current.notes.push(`The payer's trace number ${el(s, 2)}`);
        break;
      case "REF":
        if (eb) break;
        if (el(s, 1) === "6P") {
          current.groupNumber = el(s, 2) || null;
          current.groupName = el(s, 3) || current.groupName;
        } else if (el(s, 1) === "18") {
          current.planName = current.planName ?? (el(s, 3) || null);
        }
        break;
      case "DTP": {
        const { from, to } = dates(s);
        const q = el(s, 1);
        if (eb && !["1", "2", "3", "4", "5", "6", "7", "8"].includes(el(eb, 1))) break;
        if (q === "346") current.planBegin = from;
        else if (q === "347") current.planEnd = to;
        else if (q === "356") current.eligibilityBegin = from;
        else if (q === "357") current.eligibilityEnd = to;
        else if (q === "291" || q === "292" || q === "307") {
          if (el(s, 2) === "RD8") {
            current.planBegin = current.planBegin ?? from;
            current.planEnd = current.planEnd ?? to;
          }
        }
        break;
      }
      case "EB": {
        closeEntity();
        inEntity = false;
        eb = s;
        readBenefit(current, s, payerName);
        break;
      }
      case "MSG":
        if (el(s, 1)) current.notes.push(el(s, 1));
        break;
      case "INS":
      case "DMG":
      case "N3":
      case "N4":
      case "PRV":
      case "HSD":
      case "III":
        break;
      default:
        current.notes.push(`${s.tag} segment not read`);
    }
  }
  close();
  if (answers.length === 0 && upper.length > 0) {
    const d = newDraft();
    d.rejections = [...upper];
    answers.push(finish(d, payerName, payerId));
  }
  return answers;
}

function readBenefit(d: Draft, s: ReadSegment, payerName: string | null): void {
  const info = el(s, 1);
  const types = repeated(el(s, 3));
  const type = el(s, 4);
  if (ACTIVE.has(info) || INACTIVE.has(info)) {
    d.statuses.push(info);
    if (type && (d.insuranceType === null || types.includes("30"))) d.insuranceType = type;
    if (el(s, 5) && (d.planName === null || types.includes("30"))) d.planName = el(s, 5);
    return;
  }
  if (type && d.insuranceType === null) d.insuranceType = type;
  const kind = COSTS[info];
  if (kind) {
    const benefit: Benefit = {
      kind,
      network: network(el(s, 12)),
      serviceTypes: types,
      coverageLevel: el(s, 2) || null,
      amountCents: el(s, 7) === "" ? null : cents(el(s, 7)),
      percent: el(s, 8) === "" ? null : percentOf(el(s, 8)),
      period: el(s, 6) || null,
    };
    if (types.some((c) => MENTAL_HEALTH.has(c))) d.benefits.push(benefit);
    else if (types.length === 0 || types.includes("30")) d.generalBenefits.push(benefit);
    return;
  }
  if (info === "U" || info === "V") {
    // "Contact the following entity" / "cannot process": the 2120C loop that follows names who.
    if (info === "V") d.notes.push(`The payer cannot process ${typesInWords(types)}`);
    return;
  }
  if (info === "R" || info === "L" || info === "P") {
    // Other or additional payer, primary care provider: a carve-out is read from their 2120C.
    return;
  }
  if (["D", "F", "I", "J", "K", "N", "X", "Y", "CB", "E", "H", "M", "O", "Q", "S", "T", "W"].includes(info))
    return;
  d.notes.push(`EB01 "${info}" of ${payerName ?? "the payer"} not read`);
}

const typesInWords = (types: readonly string[]): string =>
  types.map((c) => SERVICE_TYPE_WORDS[c] ?? c).join(", ") || "this inquiry";

// ---------------------------------------------------------------------------------------------
// In words.

/** "OPTUM BEHAVIORAL HEALTH" → "Optum Behavioral Health" (names in 271s are upper case). */
export function titleCase(name: string): string {
  return name
    .toLowerCase()
    .replace(/\b([a-z])/g, (c) => c.toUpperCase())
    .replace(/\b(Hmo|Ppo|Epo|Pos|Llc|Bcbs|Usa|Ny|Ma|Nc|Ii|Iii)\b/g, (w) => w.toUpperCase());
}

const money = (c: number): string =>
  `$${(c / 100).toLocaleString("en-US", { minimumFractionDigits: c % 100 === 0 ? 0 : 2, maximumFractionDigits: 2 })}`;

/** The costs of a visit in one network, in words ("$30 co-pay; deductible $400 of $1,500 left"). */
function costsIn(benefits: readonly Benefit[], net: "in" | "out"): string | null {
  const mine = benefits.filter((b) => b.network === net || b.network === "both");
  if (mine.length === 0) return null;
  const individual = (b: Benefit) => b.coverageLevel === null || b.coverageLevel === "IND";
  const parts: string[] = [];
  const copay = mine.find((b) => b.kind === "copay" && b.amountCents !== null);
  if (copay?.amountCents !== null && copay?.amountCents !== undefined)
    parts.push(copay.amountCents === 0 ? "no co-pay" : `${money(copay.amountCents)} co-pay`);
  const coins = mine.find((b) => b.kind === "coinsurance" && b.percent !== null);
  if (coins?.percent !== null && coins?.percent !== undefined) parts.push(`${coins.percent}% co-insurance`);
  const deductibles = mine.filter((b) => b.kind === "deductible" && individual(b) && b.amountCents !== null);
  const left = deductibles.find((b) => b.period === "29");
  const total = deductibles.find((b) => b.period !== "29");
  if (left && total)
    parts.push(`deductible ${money(left.amountCents ?? 0)} of ${money(total.amountCents ?? 0)} left`);
  else if (left) parts.push(`deductible ${money(left.amountCents ?? 0)} left`);
  else if (total) parts.push(`deductible ${money(total.amountCents ?? 0)} a year`);
  return parts.length > 0 ? parts.join("; ") : null;
}

/**
 * The answer in a sentence a provider reads at a glance: "Active PPO, mental health in network:
 * $30 co-pay; deductible $400 of $1,500 left", "Inactive since 2026-10-31", "Behavioral health is
 * handled by Optum Behavioral Health: bill them", "The payer could not find this member: check
 * the member ID (AAA 75)".
 */
export function answerInWords(a: EligibilityAnswer): string {
  if (a.status === "rejected") {
    const r = a.rejections[0];
    if (!r) return "The payer could not answer";
    const what =
      r.code === "75" || r.code === "67"
        ? "The payer could not find this member"
        : r.code === "42" || r.code === "80"
          ? "The payer did not answer"
          : `The payer refused the inquiry: ${r.words.toLowerCase()}`;
    return `${what}${r.fix ? `: ${r.fix}` : ""} (AAA ${r.code})`;
  }
  if (a.status === "inactive") {
    const end = a.eligibilityEnd ?? a.planEnd;
    return end ? `Inactive since ${end}` : "Inactive: the plan does not cover this member on the date asked";
  }
  if (a.status === "unknown") return "The payer's answer did not say whether the plan is active";
  const product = a.insuranceType ? (INSURANCE_TYPE_WORDS[a.insuranceType] ?? null) : null;
  const head = `Active${product ? ` ${product}` : ""}`;
  if (a.carveOut)
    return `${head}; behavioral health is handled by ${titleCase(a.carveOut.name)}: bill them${
      a.carveOut.phone ? ` (${a.carveOut.phone})` : ""
    }`;
  const inNetwork = costsIn(a.benefits, "in");
  const outNetwork = costsIn(a.benefits, "out");
  if (inNetwork)
    return `${head}, mental health in network: ${inNetwork}${outNetwork ? `; out of network: ${outNetwork}` : ""}`;
  if (outNetwork) return `${head}, mental health out of network: ${outNetwork}`;
  return head;
}
