/** Text rendering of an explained decision for a terminal (or a plain pipe). */
import type { Account, StepStatus } from "../rules/explain.js";
import type { painter } from "./io.js";

type Paint = ReturnType<typeof painter>;

const MARK: Record<StepStatus, [string, Parameters<Paint>[0]]> = {
  pass: ["✓", "green"],
  fail: ["✗", "red"],
  open: ["?", "yellow"],
  skip: ["-", "gray"],
  info: ["•", "cyan"],
};

/** Wraps text at `width` columns, indenting continuation lines. */
export function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line !== "" && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line === "" ? w : `${line} ${w}`;
  }
  if (line !== "") lines.push(line);
  return lines.join(`\n${indent}`);
}

export function renderAccount(a: Account, title: string, paint: Paint): string {
  const out: string[] = [];
  const width = 88;
  const headColour = a.headline.startsWith("Billable")
    ? "green"
    : a.headline.startsWith("Not")
      ? "red"
      : "yellow";
  out.push(paint("bold", title));
  out.push(`  ${paint(["bold", headColour], wrap(a.headline, width, "  "))}`);
  if (a.decidedBy) out.push(`  ${paint("dim", `Decided by ${a.decidedBy}.`)}`);
  out.push("");
  out.push(`  ${paint("bold", "What was checked")}`);
  a.steps.forEach((s, i) => {
    const [mark, colour] = MARK[s.status];
    out.push(`  ${paint(colour, mark)} ${i + 1}. ${s.title}`);
    for (const line of s.lines) out.push(`       ${wrap(line, width - 7, "       ")}`);
  });
  if (a.changes.length > 0) {
    out.push("");
    out.push(`  ${paint("bold", "What would change the answer")}`);
    for (const c of a.changes) out.push(`  → ${wrap(c, width - 4, "    ")}`);
  }
  if (a.requirements.length > 0) {
    out.push("");
    out.push(`  ${paint("bold", "The claim must")}`);
    for (const r of a.requirements) out.push(`  • ${wrap(r, width - 4, "    ")}`);
  }
  if (a.notes.length > 0) {
    out.push("");
    out.push(`  ${paint("bold", "Notes")}`);
    for (const n of a.notes) out.push(`  • ${wrap(n, width - 4, "    ")}`);
  }
  return `${out.join("\n")}\n`;
}
