/**
 * Calendar helpers, pure: the engine's dates are `YYYY-MM-DD` strings (UTC "today", or the date
 * where a session's clock reads), instants are ISO 8601 with their offset. One definition each;
 * every use case and route asks here.
 */
import { isIsoDate } from "../contract/schema.js";

/** The engine's calendar date for "today" at an instant (UTC, as the API's `today`). */
export const todayOf = (now: Date): string => now.toISOString().slice(0, 10);

/** The date `days` after `date` (before, when negative); both `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** `2026-07-01T10:00`, seconds and fractions optional, then `Z` or `±hh:mm`: an instant, never a wall time. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The canonical name of an IANA time zone (`america/new_york` → `America/New_York`), or undefined. */
export function timeZoneName(zone: string): string | undefined {
  // Region/City names (and UTC) only: Intl also takes offsets such as "+05:00", which have no
  // daylight-saving rules and so no reliable calendar date.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (`YYYY-MM-DD`) of an instant where the clock reads `timeZone`, not in UTC. */
export function dateIn(instant: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    // Zones are checked names (timeZoneName), a few hundred at most; the map stays small.
    dateFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year").padStart(4, "0")}-${part("month")}-${part("day")}`;
}

/** An ISO 8601 instant with its offset, as a Date; undefined when it is not one (or not a real date). */
export function parseInstant(text: string): Date | undefined {
  if (!ISO_INSTANT.test(text) || !isIsoDate(text.slice(0, 10))) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
