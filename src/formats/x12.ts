/**
 * X12 5010 plumbing shared by every transaction Stateline writes or reads (837P, 270/271, 835,
 * 999, 277CA): the interchange envelope (ISA/GS … GE/IEA), segment serialization, and a strict
 * reader that checks the envelope's counts and control numbers before any transaction is
 * looked at. Pure: no I/O, no clock.
 *
 * Writing: element `*`, component `:` (ISA16), repetition `^` (ISA11), segment `~` followed by a
 * newline for people reading the file (parsers skip it). Reading: the delimiters are taken from
 * the ISA segment itself (element = 4th character, component = ISA16, segment = the character
 * after ISA16), as the standard says, so files from other writers read too.
 */

/** ISA/GS control numbers, the time of the file, production or test. */
export interface Envelope {
  /** 1..999999999, ISA13/IEA02, zero-padded to 9. */
  readonly interchangeControlNumber: number;
  /** 1..999999999, GS06/GE02. */
  readonly groupControlNumber: number;
  /** ISA09/ISA10 (YYMMDD, HHMM, UTC), GS04/GS05 (CCYYMMDD, HHMM). */
  readonly createdAt: Date;
  /** ISA15: production or test. */
  readonly usage: "P" | "T";
}

export const ELEMENT = "*";
export const COMPONENT = ":";
export const REPETITION = "^";
export const TERMINATOR = "~";
const LINE_BREAK = "\n";
/** ISA06/ISA08 are fixed width. */
export const ISA_ID_WIDTH = 15;

/** An element is a plain value or a composite (its components joined by `:`). */
export type Element = string | readonly string[];
export type Segment = readonly [tag: string, ...elements: Element[]];

const trimEnd = (values: readonly string[]): string[] => {
  const out = [...values];
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out;
};

/** One segment as written: trailing empty elements and components dropped, as the guides require. */
export function serialize([tag, ...elements]: Segment): string {
  const values = elements.map((e) => (typeof e === "string" ? e : trimEnd(e).join(COMPONENT)));
  return [tag, ...trimEnd(values)].join(ELEMENT) + TERMINATOR + LINE_BREAK;
}

export const two = (n: number): string => String(n).padStart(2, "0");

/** "YYYY-MM-DD" → "CCYYMMDD", or null when it is not a real calendar date. */
export function ccyymmdd(iso: string | null): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  if (!m) return null;
  const [, y, mo, d] = m.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d));
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  return real ? `${m[1]}${m[2]}${m[3]}` : null;
}

/** "CCYYMMDD" → "YYYY-MM-DD", or null when it is not a real calendar date. */
export function isoDate(x12: string | undefined): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(x12 ?? "");
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return ccyymmdd(iso) === null ? null : iso;
}

/** Cents → dollars as X12 writes amounts: 17500 → "175", 17550 → "175.5", 17505 → "175.05". */
export function dollars(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const rest = abs % 100;
  return sign + (rest === 0 ? `${whole}` : `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}`);
}

/** An X12 amount ("175", "-12.5", "175.05") → cents, or null when it is not one. */
export function cents(amount: string | undefined): number | null {
  const m = /^(-)?(\d{1,15})(?:\.(\d{1,2}))?$/.exec(amount ?? "");
  if (!m) return null;
  const value = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0") || "0");
  return m[1] ? -value : value;
}

/**
 * Free text as clearinghouses expect it: accents dropped, upper case, printable ASCII only,
 * no delimiter, single spaces, at most `max` characters. Empty when nothing writable is left.
 */
export function cleanText(value: string, max: number): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .replace(/[^\x20-\x7e]/g, " ")
    .replace(/[*~:^]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max)
    .trim();
}

/** Throws RangeError when the envelope cannot be written (`what` names the file kind). */
export function checkEnvelope(e: Envelope, what: string): void {
  for (const [name, n] of [
    ["interchangeControlNumber", e.interchangeControlNumber],
    ["groupControlNumber", e.groupControlNumber],
  ] as const) {
    if (!Number.isInteger(n) || n < 1 || n > 999_999_999)
      throw new RangeError(`${what} envelope: ${name} must be a whole number from 1 to 999999999, not ${n}`);
  }
  const year = e.createdAt.getUTCFullYear();
  if (Number.isNaN(e.createdAt.getTime()) || year < 1000 || year > 9999)
    throw new RangeError(`${what} envelope: createdAt is not a valid date`);
  if ((e.usage as string) !== "P" && (e.usage as string) !== "T")
    throw new RangeError(`${what} envelope: usage must be "P" or "T", not "${e.usage}"`);
}

export interface InterchangeSpec {
  /** ISA06/GS02 and ISA08/GS03 (qualifier ZZ, mutually defined). */
  readonly senderId: string;
  readonly receiverId: string;
  /** GS01: HC 837, HS 270, HB 271, HP 835, FA 999, HN 277. */
  readonly functionalId: string;
  /** GS08 and ST03, such as "005010X279A1". */
  readonly implementation: string;
  /** ST01, such as "270". */
  readonly transactionCode: string;
  /** One transaction set's segments (between ST and SE) per entry. */
  readonly bodies: readonly (readonly Segment[])[];
  readonly envelope: Envelope;
}

/** The whole interchange: ISA, one GS, one ST/SE per body, GE, IEA. */
export function writeInterchange(spec: InterchangeSpec): string {
  const { envelope, senderId, receiverId } = spec;
  checkEnvelope(envelope, spec.transactionCode);
  if (spec.bodies.length === 0) throw new RangeError(`${spec.transactionCode}: nothing to write`);
  for (const [name, id] of [
    ["senderId", senderId],
    ["receiverId", receiverId],
  ] as const) {
    if (!/^[0-9A-Z]{2,15}$/.test(id))
      throw new RangeError(`${name} "${id}" is not an interchange id (2–15 A–Z/0–9)`);
  }
  const t = envelope.createdAt;
  const date = `${t.getUTCFullYear()}${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())}`;
  const time = `${two(t.getUTCHours())}${two(t.getUTCMinutes())}`;
  const control = String(envelope.interchangeControlNumber).padStart(9, "0");
  const isa = [
    "ISA",
    "00",
    " ".repeat(10),
    "00",
    " ".repeat(10),
    "ZZ",
    senderId.padEnd(ISA_ID_WIDTH),
    "ZZ",
    receiverId.padEnd(ISA_ID_WIDTH),
    date.slice(2),
    time,
    REPETITION,
    "00501",
    control,
    "0",
    envelope.usage,
    COMPONENT,
  ].join(ELEMENT);
  const group = String(envelope.groupControlNumber);
  const out = [
    `${isa}${TERMINATOR}${LINE_BREAK}`,
    serialize(["GS", spec.functionalId, senderId, receiverId, date, time, group, "X", spec.implementation]),
  ];
  spec.bodies.forEach((body, i) => {
    const st = String(i + 1).padStart(4, "0");
    out.push(serialize(["ST", spec.transactionCode, st, spec.implementation]));
    for (const segment of body) out.push(serialize(segment));
    out.push(serialize(["SE", String(body.length + 2), st]));
  });
  out.push(serialize(["GE", String(spec.bodies.length), group]));
  out.push(serialize(["IEA", "1", control]));
  return out.join("");
}

// ---------------------------------------------------------------------------------------------
// Reading.

/** One segment as read: `el(s, 1)` is the first element after the tag. */
export interface ReadSegment {
  readonly tag: string;
  readonly elements: readonly string[];
}

export interface ReadTransaction {
  /** ST01, such as "271". */
  readonly code: string;
  /** ST02. */
  readonly control: string;
  /** ST03 (or the group's GS08 when ST03 is absent). */
  readonly implementation: string;
  /** The segments between ST and SE. */
  readonly segments: readonly ReadSegment[];
}

export interface ReadGroup {
  readonly functionalId: string;
  readonly senderId: string;
  readonly receiverId: string;
  /** GS04 as YYYY-MM-DD. */
  readonly date: string | null;
  readonly controlNumber: string;
  /** GS08. */
  readonly implementation: string;
  readonly transactions: readonly ReadTransaction[];
}

export interface ReadInterchange {
  readonly senderId: string;
  readonly receiverId: string;
  readonly controlNumber: string;
  readonly usage: string;
  /** ISA09/ISA10 as YYYY-MM-DDTHH:MM (the century taken as 20). */
  readonly createdAt: string;
  readonly componentSeparator: string;
  readonly groups: readonly ReadGroup[];
}

/** A file that is not a well-formed 5010 interchange; `problems` says each thing wrong, in words. */
export class X12FileError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("; "));
    this.name = "X12FileError";
  }
}

/** Element `n` (1-based, as the guides number them) of a segment; "" when absent. */
export const el = (s: ReadSegment | undefined, n: number): string => s?.elements[n - 1] ?? "";

/** The components of composite element `n`. */
export const components = (s: ReadSegment | undefined, n: number, separator = COMPONENT): string[] =>
  el(s, n) === "" ? [] : el(s, n).split(separator);

/**
 * Reads one interchange strictly: the ISA must be 106 characters with 5010 (00501) as its
 * version; every GS needs its GE, every ST its SE, and the counts and control numbers in
 * SE/GE/IEA must match what they close. Anything wrong throws X12FileError with every problem
 * found; a truncated file (no IEA) is one of them.
 */
export function readX12(text: string): ReadInterchange {
  const start = text.indexOf("ISA");
  if (start < 0) throw new X12FileError(["not an X12 file: it has no ISA segment"]);
  if (text.slice(0, start).trim() !== "")
    throw new X12FileError(["not an X12 file: text before the ISA segment"]);
  const body = text.slice(start);
  if (body.length < 106)
    throw new X12FileError(["truncated: the ISA segment is shorter than 106 characters"]);
  const element = body[3] ?? ELEMENT;
  const isaFields = body.slice(0, 106).split(element);
  if (isaFields.length !== 17)
    throw new X12FileError(["the ISA segment does not have 16 elements of fixed width"]);
  const componentSeparator = body[104] ?? COMPONENT;
  const terminator = body[105] ?? TERMINATOR;
  if (/[\sA-Za-z0-9]/.test(terminator) && terminator !== "\n")
    throw new X12FileError([`the segment terminator "${terminator}" after ISA16 is not a delimiter`]);

  const raw = body
    .split(terminator)
    .map((s) => s.replace(/^[\r\n]+|[\r\n]+$/g, ""))
    .filter((s) => s !== "");
  const segments: ReadSegment[] = raw.map((s) => {
    const [tag = "", ...elements] = s.split(element);
    return { tag: tag.trim(), elements };
  });
  const problems: string[] = [];
  const isa = segments[0];
  if (el(isa, 12) !== "00501")
    problems.push(`wrong version: ISA12 is "${el(isa, 12)}", expected 00501 (X12 5010)`);
  const controlNumber = el(isa, 13);
  const groups: ReadGroup[] = [];
  let i = 1;
  let ended = false;
  while (i < segments.length) {
    const s = segments[i] as ReadSegment;
    if (s.tag === "IEA") {
      ended = true;
      if (Number(el(s, 1)) !== groups.length)
        problems.push(`IEA01 says ${el(s, 1)} functional groups but the file has ${groups.length}`);
      if (el(s, 2) !== controlNumber)
        problems.push(`IEA02 ${el(s, 2)} does not match ISA13 ${controlNumber}`);
      if (i !== segments.length - 1) problems.push("segments follow the IEA");
      break;
    }
    if (s.tag !== "GS") {
      problems.push(`expected GS or IEA, found ${s.tag} (segment ${i + 1})`);
      i++;
      continue;
    }
    const gs = s;
    const transactions: ReadTransaction[] = [];
    i++;
    let groupClosed = false;
    while (i < segments.length) {
      const t = segments[i] as ReadSegment;
      if (t.tag === "GE") {
        groupClosed = true;
        if (Number(el(t, 1)) !== transactions.length)
          problems.push(`GE01 says ${el(t, 1)} transaction sets but the group has ${transactions.length}`);
        if (el(t, 2) !== el(gs, 6)) problems.push(`GE02 ${el(t, 2)} does not match GS06 ${el(gs, 6)}`);
        i++;
        break;
      }
      if (t.tag !== "ST") {
        problems.push(`expected ST or GE, found ${t.tag} (segment ${i + 1})`);
        i++;
        continue;
      }
      const inner: ReadSegment[] = [];
      i++;
      let closed = false;
      while (i < segments.length) {
        const u = segments[i] as ReadSegment;
        if (u.tag === "SE") {
          closed = true;
          if (Number(el(u, 1)) !== inner.length + 2)
            problems.push(
              `SE01 says ${el(u, 1)} segments but transaction ${el(t, 2)} has ${inner.length + 2}`,
            );
          if (el(u, 2) !== el(t, 2)) problems.push(`SE02 ${el(u, 2)} does not match ST02 ${el(t, 2)}`);
          i++;
          break;
        }
        if (u.tag === "ST" || u.tag === "GE" || u.tag === "IEA") break;
        inner.push(u);
        i++;
      }
      if (!closed) problems.push(`truncated: transaction ${el(t, 2)} has no SE`);
      transactions.push({
        code: el(t, 1),
        control: el(t, 2),
        implementation: el(t, 3) || el(gs, 8),
        segments: inner,
      });
    }
    if (!groupClosed) problems.push(`truncated: functional group ${el(gs, 6)} has no GE`);
    groups.push({
      functionalId: el(gs, 1),
      senderId: el(gs, 2),
      receiverId: el(gs, 3),
      date: isoDate(el(gs, 4)),
      controlNumber: el(gs, 6),
      implementation: el(gs, 8),
      transactions,
    });
  }
  if (!ended) problems.push("truncated: the file has no IEA segment");
  if (problems.length > 0) throw new X12FileError(problems);
  const d = el(isa, 9);
  const t = el(isa, 10);
  return {
    senderId: el(isa, 6).trim(),
    receiverId: el(isa, 8).trim(),
    controlNumber,
    usage: el(isa, 15),
    createdAt: `20${d.slice(0, 2)}-${d.slice(2, 4)}-${d.slice(4, 6)}T${t.slice(0, 2)}:${t.slice(2, 4)}`,
    componentSeparator,
    groups,
  };
}
