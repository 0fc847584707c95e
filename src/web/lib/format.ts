/** Words and dates as the app shows them. Dates stay `YYYY-MM-DD` strings until shown. */
import { STATES } from "../../contract/states";
import type { StateCode } from "../api/types";

const NAMES = new Map<string, string>(STATES.map(([code, name]) => [code, name]));

export const STATE_OPTIONS: readonly { code: StateCode; name: string }[] = STATES.map(([code, name]) => ({
  code,
  name,
}));

export const stateName = (code: string): string => NAMES.get(code) ?? code;

/** Today where the browser is, as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * An Intl.DateTimeFormat for a locale and options, made once and kept: building one costs far
 * more than using it (in Chromium on the two-core machine, the claims queue's 200 rows built 800
 * of them, 300 ms of its 1.6 s). A time zone Intl does not know throws, as `new` does.
 */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

const dateFormat = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});

/** `2026-05-01` → "May 1, 2026"; null → the fallback. */
export function formatDate(date: string | null | undefined, fallback = "—"): string {
  if (!date) return fallback;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? date : dateFormat.format(new Date(ms));
}

/** The viewer's time zone (the browser's), e.g. "America/Chicago". */
export const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Intl puts a narrow no-break space before AM/PM; shown text uses an ordinary one, so it reads and
 * searches the same everywhere.
 */
const plainSpaces = (s: string) => s.replace(/[\u202f\u00a0]/g, " ");

const yearIn = (d: Date, timeZone: string | undefined) =>
  dateTimeFormat("en-US", { year: "numeric", ...(timeZone ? { timeZone } : {}) }).format(d);

/** Date options for an instant: the year only when it is not this year (where it is shown). */
function dayOptions(d: Date, timeZone: string | undefined, now: Date): Intl.DateTimeFormatOptions {
  return {
    weekday: "short",
    month: "short",
    day: "numeric",
    ...(yearIn(d, timeZone) === yearIn(now, timeZone) ? {} : { year: "numeric" }),
    ...(timeZone ? { timeZone } : {}),
  };
}

const timeOptions = (timeZone: string | undefined): Intl.DateTimeFormatOptions => ({
  hour: "numeric",
  minute: "2-digit",
  timeZoneName: "short",
  ...(timeZone ? { timeZone } : {}),
});

/**
 * An instant with its zone: "Tue, Dec 8, 10:00 AM EST" (the year only when it is not this year).
 * In the viewer's time zone unless `timeZone` names another.
 */
export function formatInstant(instant: string, timeZone?: string, now: Date = new Date()): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  return plainSpaces(
    dateTimeFormat("en-US", { ...dayOptions(d, timeZone, now), ...timeOptions(timeZone) }).format(d),
  );
}

/** The same as a phrase: "Tue, Dec 8 at 10:00 AM EST". */
export function formatDayAt(instant: string, timeZone?: string, now: Date = new Date()): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const day = dateTimeFormat("en-US", dayOptions(d, timeZone, now)).format(d);
  const time = dateTimeFormat("en-US", timeOptions(timeZone)).format(d);
  return plainSpaces(`${day} at ${time}`);
}

/** Whether an instant is over (at or before `now`): past sessions are told in the past tense. */
export function isPast(instant: string, now: Date = new Date()): boolean {
  const ms = Date.parse(instant);
  return !Number.isNaN(ms) && ms <= now.getTime();
}

/** "Durham, NC 27701" or "1130 Amsterdam Ave, Room 412, New York, NY 10027-6902". */
export function formatAddress(a: {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  state: string;
  zip?: string | null;
}): string {
  const cityState = [a.city, a.state].filter(Boolean).join(", ");
  const tail = [cityState, a.zip].filter(Boolean).join(" ");
  return [a.line1, a.line2, tail].filter(Boolean).join(", ");
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "in 21 days", "today", "3 days ago". */
export function relativeDays(days: number): string {
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days === -1) return "yesterday";
  return days > 0 ? `in ${plural(days, "day")}` : `${plural(-days, "day")} ago`;
}

const SOURCE_NAMES: Record<string, string> = {
  state_board: "State board",
  PSYPACT: "PSYPACT",
  counseling_compact: "Counseling Compact",
  social_work_compact: "Social Work Compact",
  NLC: "Nurse Licensure Compact",
  IMLC: "Interstate Medical Licensure Compact",
};
export const licenseSourceName = (s: string) => SOURCE_NAMES[s] ?? s;

/** The kinds of plan (coverage `product`) as people name them. */
export const PRODUCT_NAMES: Readonly<Record<string, string>> = {
  ppo: "PPO",
  pos: "POS",
  hmo: "HMO",
  epo: "EPO",
  exchange: "Marketplace/exchange plan",
  medicaid: "Medicaid",
  medicare_advantage: "Medicare Advantage",
  fep: "Federal Employee Program (FEP)",
};
export const productName = (p: string) => PRODUCT_NAMES[p] ?? p;

export const capitalise = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

/** A random key for Idempotency-Key headers: one per user action, reused on retry. */
export const newKey = () => crypto.randomUUID();

/** "a PsyD", "an LCSW": initialisms take the article of their first letter's name. */
export function withArticle(type: string): string {
  const initialism = /^[A-Z]{2}/.test(type);
  return `${(initialism ? /^[AEFHILMNORSX]/ : /^[AEIOU]/i).test(type) ? "an" : "a"} ${type}`;
}
