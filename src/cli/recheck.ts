/**
 * `stateline recheck`: decides every upcoming scheduled session again, opens and closes alerts,
 * and prints what it found: one row per provider, then the open alerts with their fixes.
 */
import { parseArgs } from "node:util";
import { SYSTEM } from "../app/actor.js";
import { listAlerts, type AlertView } from "../app/alerts/inbox.js";
import type { RunProgress } from "../app/alerts/recheck-all.js";
import { recordRecheck, runRecheck, type RecheckReport } from "../app/alerts/recheck.js";
import { todayOf } from "../app/calendar.js";
import { AppError } from "../app/errors.js";
import { isIsoDate } from "../contract/schema.js";
import { loadReference } from "../reference/catalogue.js";
import { createStore } from "../store/store.js";
import { painter, UsageError, write, type Io } from "./io.js";
import { wrap } from "./render.js";
import { recheckReportInWorker } from "./recheck-worker.js";
import { openDb } from "./serve.js";

const KIND_LABEL: Record<AlertView["kind"], string> = {
  sessions_at_risk: "Sessions at risk",
  license_expiring: "License ending",
  credential_expiring: "Credential ending",
  coverage_not_verified: "Coverage not verified",
};

export async function runRecheckCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      provider: { type: "string" },
      date: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  if (values.date !== undefined && !isIsoDate(values.date)) {
    throw new UsageError(`--date: expected YYYY-MM-DD, got "${values.date}"`);
  }
  const today = values.date ?? todayOf(new Date());
  const db = await openDb(io);
  try {
    const store = createStore(db.kysely);
    const geo = loadReference();
    // Progress: a line kept up to date on a terminal; in a log (a pipe), a line every 10 %.
    const tty = io.stderr.isTTY === true;
    let decile = 0;
    const started = Date.now();
    let report: RecheckReport;
    const onProgress = (p: RunProgress) => {
      const pct = p.total === 0 ? 100 : Math.floor((100 * p.done) / p.total);
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      if (tty) {
        io.stderr.write(
          `\r\x1b[2KRe-checking: ${pct}% (${p.done}/${p.total} chunks, ${p.sessionsChecked} sessions, ${seconds} s)`,
        );
      } else if (Math.floor(pct / 10) > decile) {
        decile = Math.floor(pct / 10);
        write(
          io.stderr,
          `recheck: ${pct}% of providers done (${p.sessionsChecked} sessions here, ${seconds} s)`,
        );
      }
    };
    const url = process.env.DATABASE_URL;
    try {
      if (db.kind === "postgres" && url && values.provider === undefined) {
        // Everyone: in a worker thread with a bounded heap (memory stays flat at any size).
        report = await recheckReportInWorker(url, today, new Date(), { concurrency: 2, onProgress });
        await recordRecheck(store, SYSTEM, today, undefined, report);
      } else {
        report = await runRecheck(store, geo, SYSTEM, today, {
          providerId: values.provider,
          concurrency: db.kind === "postgres" ? 2 : 1,
          onProgress,
        });
      }
    } catch (e) {
      if (e instanceof AppError && e.code === "NOT_FOUND") {
        throw new UsageError(`--provider: no provider has the id "${values.provider ?? ""}"`);
      }
      throw e;
    } finally {
      if (tty) io.stderr.write("\r\x1b[2K");
    }
    const alerts = await listAlerts(store, SYSTEM, { providerId: values.provider, limit: 1000 }, today);
    if (values.json) {
      write(io.stdout, JSON.stringify({ ...report, alerts }, null, 2));
      return 0;
    }
    write(io.stdout, render(report, alerts, painter(io.stdout)));
    return 0;
  } finally {
    await db.close();
  }
}

type Paint = ReturnType<typeof painter>;

const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function render(report: RecheckReport, alerts: readonly AlertView[], paint: Paint): string {
  const out: string[] = [];
  out.push(
    paint(
      "bold",
      `Re-checked ${n(report.providers, "provider")} and ${n(report.sessionsChecked, "upcoming session")} as of ${report.checkedOn}.`,
    ),
  );
  out.push(
    `${n(report.atRisk, "session")} at risk; alerts: ${report.opened} opened, ${report.resolved} resolved, ${report.open} open.`,
  );
  if (report.run?.joined)
    out.push(paint("dim", "Continued the run already under way today (its other chunks were done before)."));
  if (report.run && !report.run.finished)
    out.push(paint("dim", "Other workers are still re-checking the rest of the providers."));
  if (report.byProvider.length > 0) {
    out.push("");
    const header = ["Provider", "Sessions", "At risk", "Opened", "Resolved", "Open"];
    const rows = report.byProvider.map((p) => [
      p.providerName,
      String(p.sessionsChecked),
      String(p.atRisk),
      String(p.opened),
      String(p.resolved),
      String(p.open),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    // Names to the left, numbers to the right.
    const line = (cells: readonly string[]) =>
      cells
        .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
        .join("  ")
        .trimEnd();
    out.push(paint("bold", line(header)));
    for (const [i, r] of rows.entries()) {
      const atRisk = (report.byProvider[i]?.atRisk ?? 0) > 0;
      out.push(atRisk ? paint("yellow", line(r)) : line(r));
    }
  }
  out.push("");
  if (alerts.length === 0) {
    out.push(paint("green", "No open alerts."));
    return out.join("\n");
  }
  out.push(paint("bold", `Open alerts (${alerts.length}):`));
  const names = new Map(report.byProvider.map((p) => [p.providerId, p.providerName]));
  for (const a of alerts) {
    const who = names.get(a.providerId) ?? a.providerId;
    out.push(`  ${paint("yellow", "●")} ${paint("bold", KIND_LABEL[a.kind])} ${paint("dim", `· ${who}`)}`);
    out.push(`    ${wrap(a.message, 86, "    ")}`);
    if (a.fix) out.push(`    ${paint("cyan", "Fix:")} ${wrap(a.fix, 81, "         ")}`);
  }
  return out.join("\n");
}
