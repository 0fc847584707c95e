/** `stateline compacts`: the compact table as JSON, or which compacts a state is in. */
import { parseArgs } from "node:util";
import { isIsoDate } from "../contract/schema.js";
import { loadReference } from "../reference/catalogue.js";
import { isStateCode, stateName, type StateCode } from "../contract/states.js";
import { painter, UsageError, write, type Io } from "./io.js";

/** One compact as seen from a state: a member since a date, joining later, or not a member. */
export interface Membership {
  readonly compact: string;
  readonly name: string;
  readonly member: boolean;
  /** The date the state's membership took (or takes) effect. */
  readonly joined: string | null;
  /** The date the state began issuing or honouring privileges, where known. */
  readonly issuing: string | null;
  /** The date the commission first issued privileges anywhere; null: not yet. */
  readonly privilegesFrom: string | null;
}

export function membershipsOf(state: StateCode, date: string): Membership[] {
  return loadReference()
    .compacts()
    .compacts.map((c) => {
      const m = c.members.find((x) => x.state === state);
      const later = c.enactedNotEffective.find((x) => x.state === state);
      return {
        compact: c.id,
        name: c.name,
        member: m !== undefined && m.joined <= date,
        joined: m?.joined ?? later?.effective ?? null,
        issuing: m?.issuing ?? null,
        privilegesFrom: c.privilegesFrom,
      };
    });
}

export function runCompacts(args: string[], io: Io, today: string): number {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      state: { type: "string" },
      date: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const date = values.date ?? today;
  if (!isIsoDate(date)) throw new UsageError(`--date: expected YYYY-MM-DD, got "${date}"`);
  if (values.state === undefined) {
    if (values.date !== undefined) throw new UsageError("--date goes with --state XX");
    write(io.stdout, JSON.stringify(loadReference().compacts().compacts, null, 2));
    return 0;
  }
  const state = values.state.toUpperCase();
  if (!isStateCode(state))
    throw new UsageError(`--state: expected a US state or territory postal code, got "${values.state}"`);
  const list = membershipsOf(state, date);
  if (values.json) {
    write(io.stdout, JSON.stringify({ state, date, compacts: list }, null, 2));
    return 0;
  }
  const paint = painter(io.stdout);
  const name = stateName(state);
  const inThem = list.filter((m) => m.member);
  const lines = [
    inThem.length === 0
      ? `${paint("bold", name)} is in none of the compacts on ${date}.`
      : `${paint("bold", name)} on ${date}: a member of ${inThem.length} of ${list.length} compacts.`,
  ];
  for (const m of list) {
    let what: string;
    if (m.member) {
      const issuing = m.issuing
        ? `; privileges issued there since ${m.issuing}`
        : m.privilegesFrom === null
          ? "; the commission is not issuing privileges yet"
          : "";
      what = `${paint("green", "✓")} ${m.name}: member since ${m.joined ?? "?"}${issuing}`;
    } else if (m.joined !== null) what = `${paint("yellow", "…")} ${m.name}: joins on ${m.joined}`;
    else what = `${paint("red", "✗")} ${m.name}: not a member`;
    lines.push(`  ${what}`);
  }
  write(io.stdout, lines.join("\n"));
  return 0;
}
