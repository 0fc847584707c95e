/**
 * Finding a payer in the catalogue: every word typed must match the payer somewhere, case
 * ignored: its name, its id ("bcbs-nc"), the area it is local in, or a state it serves (the
 * code, "NY", or the name, "New York"). A word of one or two letters matches a state code
 * exactly or the start of a word of the name or id, so "ny" finds New York's plans and not
 * "Company"; longer words match anywhere.
 */
import { stateName } from "./format";

export interface Searchable {
  readonly id: string;
  readonly name: string;
  readonly areaName?: string | undefined;
  readonly states: readonly string[];
}

/** The longest search the box takes. */
export const PAYER_SEARCH_MAX = 100;

const words = (s: string) =>
  s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

function wordMatches(p: Searchable, word: string): boolean {
  const states = p.states.map((s) => s.toLowerCase());
  if (word.length <= 2)
    return (
      states.includes(word) ||
      [...words(p.name), ...words(p.id), ...words(p.areaName ?? "")].some((w) => w.startsWith(word))
    );
  const text = [p.name, p.id, p.areaName ?? "", ...p.states.map(stateName)].join(" ").toLowerCase();
  return text.includes(word);
}

export function payerMatches(p: Searchable, query: string): boolean {
  const typed = query
    .slice(0, PAYER_SEARCH_MAX)
    .toLowerCase()
    .split(/[\s,;/()]+/)
    .filter(Boolean);
  return typed.every((w) => wordMatches(p, w));
}
