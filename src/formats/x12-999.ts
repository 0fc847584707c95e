/**
 * The X12 999 implementation acknowledgement (005010X231A1): what a clearinghouse answers for
 * every functional group it receives, before any payer sees a claim. Accepted (A), accepted with
 * errors noted (E), partially accepted (P) or rejected (R), per group (AK9) and per transaction
 * set (IK5), with the segment (IK3) and element (IK4) in error. Pure: no I/O, no clock.
 *
 * The reader turns the codes into words (the code lists 620, 621, 716, 717 and 718 of the
 * 005010X231A1 guide), because a billing clerk reads "NM1 segment at position 12 (loop 2010BA):
 * Invalid Code Value in element 9", not "IK3*NM1*12*2010BA*8". The writer is the sandbox
 * clearinghouse's: it answers an interchange it read (`write999`) or one it could not read
 * (`write999Unreadable`, from what a lenient scan of the envelope finds).
 */
import {
  el,
  writeInterchange,
  type Envelope,
  type ReadInterchange,
  type ReadSegment,
  type Segment,
} from "./x12.js";

export const IMPLEMENTATION_999 = "005010X231A1";

/** AK901 / IK501: the acknowledgement code (717, 715). */
export const ACK_CODES: Readonly<Record<string, string>> = {
  A: "Accepted",
  E: "Accepted But Errors Were Noted",
  M: "Rejected, Message Authentication Code (MAC) Failed",
  P: "Partially Accepted, At Least One Transaction Set Was Rejected",
  R: "Rejected",
  W: "Rejected, Assurance Failed Validity Tests",
  X: "Rejected, Content After Decryption Could Not Be Analyzed",
};

/** IK304: implementation segment syntax error codes (620). */
export const SEGMENT_ERRORS: Readonly<Record<string, string>> = {
  "1": "Unrecognized segment ID",
  "2": "Unexpected segment",
  "3": "Required Segment Missing",
  "4": "Loop Occurs Over Maximum Times",
  "5": "Segment Exceeds Maximum Use",
  "6": "Segment Not in Defined Transaction Set",
  "7": "Segment Not in Proper Sequence",
  "8": "Segment Has Data Element Errors",
  I4: 'Implementation "Not Used" Segment Present',
  I6: "Implementation Dependent Segment Missing",
  I7: "Implementation Loop Occurs Under Minimum Times",
  I8: "Implementation Segment Below Minimum Use",
  I9: 'Implementation Dependent "Not Used" Segment Present',
};

/** IK403: implementation data element syntax error codes (621). */
export const ELEMENT_ERRORS: Readonly<Record<string, string>> = {
  "1": "Required Data Element Missing",
  "2": "Conditional Required Data Element Missing",
  "3": "Too Many Data Elements",
  "4": "Data Element Too Short",
  "5": "Data Element Too Long",
  "6": "Invalid Character In Data Element",
  "7": "Invalid Code Value",
  "8": "Invalid Date",
  "9": "Invalid Time",
  "10": "Exclusion Condition Violated",
  "12": "Too Many Repetitions",
  "13": "Too Many Components",
  I6: "Code Value Not Used in Implementation",
  I9: "Implementation Dependent Data Element Missing",
  I10: 'Implementation "Not Used" Data Element Present',
  I11: "Implementation Too Few Repetitions",
  I12: "Implementation Pattern Match Failure",
  I13: 'Implementation Dependent "Not Used" Data Element Present',
};

/** IK502–IK506: implementation transaction set syntax error codes (718). */
export const TRANSACTION_ERRORS: Readonly<Record<string, string>> = {
  "1": "Transaction Set Not Supported",
  "2": "Transaction Set Trailer Missing",
  "3": "Transaction Set Control Number in Header and Trailer Do Not Match",
  "4": "Number of Included Segments Does Not Match Actual Count",
  "5": "One or More Segments in Error",
  "6": "Missing or Invalid Transaction Set Identifier",
  "7": "Missing or Invalid Transaction Set Control Number",
  "18": "Transaction Set not in Functional Group",
  "19": "Invalid Transaction Set Implementation Convention Reference",
  "23": "Transaction Set Control Number Not Unique within the Functional Group",
  I5: "Implementation One or More Segments in Error",
  I6: "Implementation Convention Not Supported",
};

/** AK905–AK909: functional group syntax error codes (716). */
export const GROUP_ERRORS: Readonly<Record<string, string>> = {
  "1": "Functional Group Not Supported",
  "2": "Functional Group Version Not Supported",
  "3": "Functional Group Trailer Missing",
  "4": "Group Control Number in the Functional Group Header and Trailer Do Not Agree",
  "5": "Number of Included Transaction Sets Does Not Match Actual Count",
  "6": "Group Control Number Violates Syntax",
  "19": "Functional Group Control Number not Unique within Interchange",
};

const words = (list: Readonly<Record<string, string>>, code: string): string => list[code] ?? `code ${code}`;

// ---------------------------------------------------------------------------------------------
// Reading.

export interface TransactionAck {
  /** AK201, such as "837". */
  readonly code: string;
  /** AK202: the ST02 of the transaction set acknowledged. */
  readonly control: string;
  readonly implementation: string;
  /** IK501. */
  readonly status: string;
  readonly accepted: boolean;
  /** Every error, in words: the IK5 codes, and each IK3 segment with its IK4 elements. */
  readonly errors: readonly string[];
}

export interface GroupAck {
  /** AK101, such as "HC" (837), "HS" (270). */
  readonly functionalId: string;
  /** AK102: the GS06 of the group acknowledged. */
  readonly groupControlNumber: string;
  /** AK103. */
  readonly implementation: string;
  /** AK901. */
  readonly status: string;
  readonly statusText: string;
  /** AK902–AK904. */
  readonly included: number;
  readonly received: number;
  readonly acceptedCount: number;
  /** AK905–AK909 in words. */
  readonly groupErrors: readonly string[];
  readonly transactions: readonly TransactionAck[];
}

const accepting = (code: string) => code === "A" || code === "E";

/** "NM1 at position 12 (loop 2010BA): Segment Has Data Element Errors". */
function segmentError(s: ReadSegment): string {
  const loop = el(s, 3) ? ` (loop ${el(s, 3)})` : "";
  return `${el(s, 1) || "segment"} at position ${el(s, 2) || "?"}${loop}: ${words(SEGMENT_ERRORS, el(s, 4))}`;
}

/** "element NM109 (67): Invalid Code Value, "ABC"". */
function elementError(segmentId: string, s: ReadSegment, separator: string): string {
  const [position = "", component = ""] = el(s, 1).split(separator);
  const name = `${segmentId}${position.padStart(2, "0")}${component ? `-${component}` : ""}`;
  const ref = el(s, 2) ? ` (data element ${el(s, 2)})` : "";
  const bad = el(s, 4) ? `, "${el(s, 4)}"` : "";
  return `element ${name}${ref}: ${words(ELEMENT_ERRORS, el(s, 3))}${bad}`;
}

/**
 * Every acknowledgement in a 999 interchange: one per group acknowledged (one 999 transaction
 * set each), with its transaction sets. Never throws on content: what it does not know it
 * quotes as a code.
 */
export function read999(x12: ReadInterchange): GroupAck[] {
  const out: GroupAck[] = [];
  for (const g of x12.groups)
    for (const t of g.transactions) {
      if (t.code !== "999") continue;
      let ak1: ReadSegment | undefined;
      let ak9: ReadSegment | undefined;
      const transactions: TransactionAck[] = [];
      let current: { ak2: ReadSegment; errors: string[]; segment: string } | null = null;
      const close = (ik5: ReadSegment | undefined) => {
        if (!current) return;
        const status = el(ik5, 1) || "A";
        const codes = [2, 3, 4, 5, 6].map((n) => el(ik5, n)).filter((c) => c !== "");
        transactions.push({
          code: el(current.ak2, 1),
          control: el(current.ak2, 2),
          implementation: el(current.ak2, 3),
          status,
          accepted: accepting(status),
          errors: [...codes.map((c) => words(TRANSACTION_ERRORS, c)), ...current.errors],
        });
        current = null;
      };
      for (const s of t.segments) {
        if (s.tag === "AK1") ak1 = s;
        else if (s.tag === "AK2") {
          close(undefined);
          current = { ak2: s, errors: [], segment: "" };
        } else if (s.tag === "IK3" && current) {
          current.errors.push(segmentError(s));
          current.segment = el(s, 1);
        } else if (s.tag === "IK4" && current) {
          current.errors.push(elementError(current.segment, s, x12.componentSeparator));
        } else if (s.tag === "IK5") close(s);
        else if (s.tag === "AK9") {
          close(undefined);
          ak9 = s;
        }
      }
      close(undefined);
      const status = el(ak9, 1);
      out.push({
        functionalId: el(ak1, 1),
        groupControlNumber: el(ak1, 2),
        implementation: el(ak1, 3),
        status,
        statusText: words(ACK_CODES, status),
        included: Number(el(ak9, 2)) || 0,
        received: Number(el(ak9, 3)) || 0,
        acceptedCount: Number(el(ak9, 4)) || 0,
        groupErrors: [5, 6, 7, 8, 9]
          .map((n) => el(ak9, n))
          .filter((c) => c !== "")
          .map((c) => words(GROUP_ERRORS, c)),
        transactions,
      });
    }
  return out;
}

/** Whether a group acknowledgement accepts the transaction set with this ST02 (no AK2 for it: the group's word). */
export function transactionAccepted(ack: GroupAck, control: string): boolean {
  const t = ack.transactions.find((x) => x.control === control);
  return t ? t.accepted : accepting(ack.status) || ack.status === "P";
}

// ---------------------------------------------------------------------------------------------
// Writing (the sandbox clearinghouse).

/** An envelope for an answer: who sends it (the clearinghouse; by default the request's receiver). */
export interface AnswerEnvelope extends Envelope {
  readonly senderId?: string | undefined;
}

/** One error to report in a transaction set: the segment (IK3) and, optionally, the element (IK4). */
export interface Problem999 {
  /** ST02 of the transaction set in error. */
  readonly transactionControl: string;
  /** IK301: the segment id, such as "NM1". */
  readonly segmentId: string;
  /** IK302: the segment's position in the transaction set (ST is 1). */
  readonly segmentPosition: number;
  /** IK303: the loop, such as "2010BA". */
  readonly loopId?: string | undefined;
  /** IK304 (620); "8" when an element is in error. */
  readonly segmentError: string;
  readonly element?:
    | {
        /** IK401-1: the element's position in the segment. */
        readonly position: number;
        /** IK402: the data element reference number. */
        readonly reference?: string | undefined;
        /** IK403 (621). */
        readonly error: string;
        /** IK404: the bad value as received. */
        readonly value?: string | undefined;
      }
    | undefined;
}

/** The body of one 999 (one group acknowledged). */
function ackBody(
  group: { functionalId: string; controlNumber: string; implementation: string },
  transactions: readonly { code: string; control: string; implementation: string }[],
  problems: readonly Problem999[],
  groupErrors: readonly string[] = [],
): Segment[] {
  const body: Segment[] = [["AK1", group.functionalId, group.controlNumber, group.implementation]];
  let accepted = 0;
  for (const t of transactions) {
    const mine = problems.filter((p) => p.transactionControl === t.control);
    body.push(["AK2", t.code, t.control, t.implementation]);
    for (const p of mine) {
      body.push(["IK3", p.segmentId, String(p.segmentPosition), p.loopId ?? "", p.segmentError]);
      if (p.element)
        body.push([
          "IK4",
          String(p.element.position),
          p.element.reference ?? "",
          p.element.error,
          (p.element.value ?? "").replace(/[*~:^]/g, " ").slice(0, 99),
        ]);
    }
    if (mine.length === 0) {
      body.push(["IK5", "A"]);
      accepted++;
    } else body.push(["IK5", "R", "5"]);
  }
  const n = String(transactions.length);
  const status =
    groupErrors.length > 0 || (accepted === 0 && transactions.length > 0)
      ? "R"
      : accepted === transactions.length
        ? "A"
        : "P";
  body.push([
    "AK9",
    groupErrors.length > 0 ? "R" : status,
    n,
    n,
    String(groupErrors.length > 0 ? 0 : accepted),
    ...groupErrors.slice(0, 5),
  ]);
  return body;
}

/**
 * The 999 for an interchange that read: one 999 transaction set per functional group, each
 * transaction set accepted unless `problems` names it (then rejected with its IK3/IK4).
 */
export function write999(
  request: ReadInterchange,
  envelope: AnswerEnvelope,
  problems: readonly Problem999[] = [],
): string {
  const bodies = request.groups.map((g) =>
    ackBody(
      { functionalId: g.functionalId, controlNumber: g.controlNumber, implementation: g.implementation },
      g.transactions.map((t) => ({ code: t.code, control: t.control, implementation: t.implementation })),
      problems,
    ),
  );
  return writeInterchange({
    senderId: envelope.senderId ?? request.receiverId,
    receiverId: request.senderId,
    functionalId: "FA",
    implementation: IMPLEMENTATION_999,
    transactionCode: "999",
    bodies,
    envelope,
  });
}

/** What a lenient look at a file that will not read strictly finds of its envelope. */
export interface ScannedEnvelope {
  readonly senderId: string;
  readonly receiverId: string;
  readonly functionalId: string;
  readonly groupControlNumber: string;
  readonly implementation: string;
  readonly transactions: readonly { readonly code: string; readonly control: string }[];
}

/**
 * The envelope of a file as far as it reads: the ISA ids (fixed positions) and the first GS and
 * its STs. Null when not even the ISA is there: then there is nothing to acknowledge.
 */
export function scanEnvelope(text: string): ScannedEnvelope | null {
  const start = text.indexOf("ISA");
  if (start < 0 || text.length < start + 106) return null;
  const element = text[start + 3] ?? "*";
  const isa = text.slice(start, start + 106).split(element);
  if (isa.length !== 17) return null;
  const terminator = text[start + 105] ?? "~";
  const segments = text
    .slice(start)
    .split(terminator)
    .map((s) => s.trim().split(element));
  const gs = segments.find((s) => s[0] === "GS");
  const id = (v: string | undefined) =>
    (v ?? "")
      .trim()
      .replace(/[^0-9A-Z]/g, "")
      .slice(0, 15);
  const senderId = id(isa[6]);
  const receiverId = id(isa[8]);
  if (senderId.length < 2 || receiverId.length < 2) return null;
  const clean = (v: string | undefined, pattern: RegExp) => (pattern.test(v ?? "") ? (v as string) : "");
  return {
    senderId,
    receiverId,
    functionalId: clean(gs?.[1], /^[A-Z]{2}$/),
    groupControlNumber: clean(gs?.[6], /^\d{1,9}$/),
    implementation: clean(gs?.[8], /^[0-9A-Z]{1,12}$/),
    transactions: segments
      .filter((s) => s[0] === "ST")
      .map((s) => ({ code: clean(s[1], /^\d{3}$/), control: clean(s[2], /^[0-9A-Z]{4,9}$/) }))
      .filter((t) => t.code !== "" && t.control !== ""),
  };
}

/** AK905 / IK502 codes for the problems the strict reader (src/formats/x12.ts readX12) reports. */
function codesFor(problems: readonly string[]): { group: string[]; transaction: string[] } {
  const group = new Set<string>();
  const transaction = new Set<string>();
  for (const p of problems) {
    if (/wrong version/.test(p)) group.add("2");
    else if (/has no GE/.test(p)) group.add("3");
    else if (/^GE02/.test(p)) group.add("4");
    else if (/^GE01/.test(p)) group.add("5");
    else if (/has no SE/.test(p)) transaction.add("2");
    else if (/^SE02/.test(p)) transaction.add("3");
    else if (/^SE01/.test(p)) transaction.add("4");
  }
  if (group.size === 0 && transaction.size === 0) group.add("1");
  return { group: [...group], transaction: [...transaction] };
}

/**
 * The 999 rejecting a file that did not read (truncated, wrong version, counts that do not
 * match): its group rejected with the AK905 codes the problems map to, each transaction set
 * found rejected with its IK502 code.
 */
export function write999Unreadable(
  scanned: ScannedEnvelope,
  envelope: AnswerEnvelope,
  problems: readonly string[],
): string {
  const codes = codesFor(problems);
  const body: Segment[] = [
    ["AK1", scanned.functionalId || "HC", scanned.groupControlNumber || "0", scanned.implementation],
  ];
  for (const t of scanned.transactions) {
    body.push(["AK2", t.code, t.control]);
    body.push(["IK5", "R", ...(codes.transaction.length > 0 ? codes.transaction.slice(0, 5) : ["5"])]);
  }
  const n = String(scanned.transactions.length);
  body.push(["AK9", "R", n, n, "0", ...(codes.group.length > 0 ? codes.group : ["5"]).slice(0, 5)]);
  return writeInterchange({
    senderId: envelope.senderId ?? scanned.receiverId,
    receiverId: scanned.senderId,
    functionalId: "FA",
    implementation: IMPLEMENTATION_999,
    transactionCode: "999",
    bodies: [body],
    envelope,
  });
}
