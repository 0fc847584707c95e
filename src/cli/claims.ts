/**
 * `stateline claims export`: writes the ready claims into one batch file (X12 837P or FHIR R4)
 * and marks them exported, with a progress bar on a terminal.
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { SYSTEM } from "../app/actor.js";
import { todayOf } from "../app/calendar.js";
import { exportClaims, MAX_EXPORT_CLAIMS, releaseClaims, type X12Usage } from "../app/claim-files.js";
import { AppError } from "../app/errors.js";
import { isIsoDate } from "../contract/schema.js";
import { loadReference } from "../reference/catalogue.js";
import { createStore } from "../store/store.js";
import { painter, UsageError, write, type Io } from "./io.js";
import { openDb } from "./serve.js";

/** "[██████░░░░]  60%  300/500 claims" */
export function progressBar(done: number, total: number, width = 30): string {
  const share = total === 0 ? 1 : done / total;
  const filled = Math.round(share * width);
  const pct = `${Math.floor(share * 100)}%`.padStart(4);
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${pct}  ${done}/${total} claims`;
}

export async function runClaims(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "export") throw new UsageError(`expected "claims export", got "claims ${sub ?? ""}"`);
  const { values } = parseArgs({
    args: rest,
    options: {
      since: { type: "string" },
      format: { type: "string" },
      out: { type: "string", short: "o" },
      limit: { type: "string" },
      test: { type: "boolean", default: false },
      "all-or-nothing": { type: "boolean", default: false },
    },
  });
  if (values.since === undefined || !isIsoDate(values.since)) {
    throw new UsageError(`--since: expected a service date YYYY-MM-DD, got "${values.since ?? ""}"`);
  }
  const format = values.format;
  if (format !== "x12" && format !== "fhir") {
    throw new UsageError(`--format: expected x12 or fhir, got "${format ?? ""}"`);
  }
  const limit = values.limit === undefined ? MAX_EXPORT_CLAIMS : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EXPORT_CLAIMS) {
    throw new UsageError(`--limit: expected a whole number from 1 to ${MAX_EXPORT_CLAIMS}`);
  }
  const usage: X12Usage = values.test ? "T" : "P";
  const paint = painter(io.stderr);
  const db = await openDb(io);
  const tty = io.stderr.isTTY === true;
  try {
    const store = createStore(db.kysely);
    const now = new Date();
    // Claims whose hold has ended while no server was running become ready first.
    await releaseClaims(store, now);
    let result;
    try {
      result = await exportClaims(
        store,
        loadReference(),
        SYSTEM,
        { since: values.since, format, limit, usage, allOrNothing: values["all-or-nothing"] },
        now,
        (done, total) => {
          // A bar on a terminal; in a log, a line every 10 %.
          if (tty) io.stderr.write(`\r\x1b[2K${progressBar(done, total)}`);
          else if (done === total || done % Math.max(1, Math.ceil(total / 10)) === 0)
            write(io.stderr, progressBar(done, total));
        },
      );
    } catch (e) {
      if (e instanceof AppError && e.extra.fields) {
        if (tty) io.stderr.write("\r\x1b[2K");
        write(io.stderr, paint("red", "Nothing was exported: some claims lack what a payer needs."));
        for (const f of e.extra.fields) write(io.stderr, `  ${f.path}: ${f.message}`);
        return 1;
      }
      throw e;
    } finally {
      if (tty) io.stderr.write("\n");
    }
    // Claims left out: named with what to fix; they stay ready (flagged) for the next export.
    if (result.excluded.length > 0) {
      write(
        io.stderr,
        paint("yellow", `Left out ${result.excluded.length} claim(s) that lack what a payer needs:`),
      );
      for (const x of result.excluded)
        for (const p of x.problems)
          write(io.stderr, `  claims.${x.claimId}.${p.field} (${x.number}): ${p.message}`);
    }
    if (!result.export || result.content === null) {
      if (result.excluded.length > 0) {
        write(io.stderr, paint("red", "Nothing was exported: fix the claims above and export again."));
        return 1;
      }
      write(io.stderr, `No claims ready to submit with a service date on or after ${values.since}.`);
      return 0;
    }
    const file =
      values.out ??
      `claims-${todayOf(now)}-${result.export.id.slice(0, 8)}.${format === "x12" ? "x12" : "json"}`;
    if (file === "-") io.stdout.write(result.content);
    else await writeFile(file, result.content, "utf8");
    const icn = result.export.interchangeControlNumber;
    write(
      io.stderr,
      `${paint("green", "Exported")} ${result.claimIds.length} claim(s) as ${format === "x12" ? "X12 837P" : "FHIR R4"}` +
        (icn === null ? "" : ` (interchange ${String(icn).padStart(9, "0")})`) +
        `${file === "-" ? "" : ` to ${file}`}; export ${result.export.id}.`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
