/**
 * The sandbox clearinghouse: watches a mailbox's outbox and answers each file the way a
 * clearinghouse would, with made-up data, so the demo and the tests run the whole connector
 * without a real one. For every interchange a 999; for a 270 the 271 of the sandbox's members
 * (sandbox-271.ts); for an 837P a 277CA (claims of members the sandbox does not know are
 * rejected) and an 835 paying, partially paying or denying the accepted claims (sandbox-835.ts).
 * A file that does not read gets a 999 rejecting it, or, when not even its ISA reads, a note
 * beside it in outbox/taken/.
 *
 * Every answer says it is a sandbox's: sender id SANDBOX and usage T (test data) in the ISA.
 * New files are noticed by fs.watch, with a poll every second as the fallback (watching is not
 * reliable on every file system); files are handled one at a time, oldest first, and each is
 * moved to outbox/taken/ once answered.
 */
import { watch, type FSWatcher } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { write277ca } from "../formats/x12-277ca.js";
import { scanEnvelope, write999, write999Unreadable } from "../formats/x12-999.js";
import { el, readX12, X12FileError, type Envelope, type ReadInterchange } from "../formats/x12.js";
import { kindOf } from "../app/clearinghouse.js";
import { listReady, Mailbox, moveToTaken, writeAtomically } from "./mailbox.js";
import { sandbox271, sandboxMembers, SANDBOX_SENDER } from "./sandbox-271.js";
import { sandbox835, sandboxControlNumber } from "./sandbox-835.js";

/** STC01 of a claim whose member the sandbox does not know: returned as unprocessable, subscriber not found. */
export const UNKNOWN_MEMBER = "A3:33:IL";

export interface SandboxAnswer {
  readonly name: string;
  readonly content: string;
}

export interface SandboxResult {
  /** Files to put in the inbox, in order. */
  readonly answers: readonly SandboxAnswer[];
  /** A note for people when nothing could be answered (not even the ISA reads). */
  readonly note: string | null;
  /** One line for the log. */
  readonly line: string;
}

/** The member id (NM109 of NM1*IL) of each claim of an 837P, by claim number (CLM01). */
function membersOf(x12: ReadInterchange): Map<string, string> {
  const out = new Map<string, string>();
  for (const g of x12.groups)
    for (const t of g.transactions) {
      const clm = t.segments.find((s) => s.tag === "CLM");
      const il = t.segments.find((s) => s.tag === "NM1" && el(s, 1) === "IL");
      if (clm) out.set(el(clm, 1), el(il, 9));
    }
  return out;
}

/** The interchange without the claims the 277CA rejected: what the payer goes on to pay. */
function withoutClaims(x12: ReadInterchange, rejected: ReadonlySet<string>): ReadInterchange {
  return {
    ...x12,
    groups: x12.groups.map((g) => ({
      ...g,
      transactions: g.transactions.filter((t) => {
        const clm = t.segments.find((s) => s.tag === "CLM");
        return !clm || !rejected.has(el(clm, 1));
      }),
    })),
  };
}

/**
 * The sandbox's answers to one outbox file (pure but for the member list it reads once):
 * `next()` gives each answer's control number, `now` its time.
 */
export function answerFile(name: string, content: string, next: () => number, now: Date): SandboxResult {
  const envelope = (): Envelope & { senderId: string } => {
    const n = next();
    return {
      interchangeControlNumber: n,
      groupControlNumber: n,
      createdAt: now,
      usage: "T",
      senderId: SANDBOX_SENDER,
    };
  };
  const fileName = (env: Envelope, kind: string) =>
    `SBX${String(env.interchangeControlNumber).padStart(9, "0")}-${kind}.x12`;
  let x12: ReadInterchange;
  try {
    x12 = readX12(content);
  } catch (e) {
    if (!(e instanceof X12FileError)) throw e;
    const scanned = scanEnvelope(content);
    if (!scanned)
      return {
        answers: [],
        note: `${name}: not answered, the file is not an X12 interchange: ${e.problems.join("; ")}`,
        line: `${name}: unreadable (${e.problems.join("; ")}); no ISA to answer, note written`,
      };
    const env = envelope();
    return {
      answers: [{ name: fileName(env, "999"), content: write999Unreadable(scanned, env, e.problems) }],
      note: null,
      line: `${name}: rejected by a 999 (${e.problems.join("; ")})`,
    };
  }
  const ack = envelope();
  const answers: SandboxAnswer[] = [{ name: fileName(ack, "999"), content: write999(x12, ack) }];
  const kind = kindOf(x12);
  if (kind === "270") {
    const env = envelope();
    answers.push({ name: fileName(env, "271"), content: sandbox271(x12, env) });
    return { answers, note: null, line: `${name}: 270 → 999 accepted, 271 answered` };
  }
  if (kind === "837P") {
    const members = sandboxMembers();
    const claims = membersOf(x12);
    const rejected = new Set([...claims].filter(([, member]) => !(member in members)).map(([n]) => n));
    const paidOn = now.toISOString().slice(0, 10);
    const env277 = {
      ...envelope(),
      sourceName: "SANDBOX CLEARINGHOUSE",
      payerClaimNumber: (n: string) => sandboxControlNumber(n, paidOn),
    };
    answers.push({
      name: fileName(env277, "277CA"),
      content: write277ca(x12, env277, (n) => (rejected.has(n) ? UNKNOWN_MEMBER : null)),
    });
    const env835 = envelope();
    const remittance = sandbox835(withoutClaims(x12, rejected), env835, paidOn);
    if (remittance !== null) answers.push({ name: fileName(env835, "835"), content: remittance });
    return {
      answers,
      note: null,
      line: `${name}: 837P with ${claims.size} claim(s) → 999 accepted, 277CA (${claims.size - rejected.size} accepted, ${rejected.size} rejected)${remittance === null ? "" : ", 835"}`,
    };
  }
  return { answers, note: null, line: `${name}: ${kind} → 999 accepted (nothing else to answer)` };
}

export interface SandboxOptions {
  /** The mailbox folder (outbox/ and inbox/). */
  readonly dir: string;
  readonly now?: () => Date;
  /** One line per file answered. */
  readonly log?: (line: string) => void;
  /** The fallback poll (1 s by default). */
  readonly pollMs?: number;
  /** Watch the outbox (default) or only answer when `drain` is called (tests). */
  readonly watch?: boolean;
}

/** The sandbox clearinghouse running over a mailbox folder. */
export class SandboxClearinghouse {
  private readonly mailbox: Mailbox;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<number> | null = null;
  private again = false;
  private control: number;

  constructor(private readonly options: SandboxOptions) {
    this.mailbox = new Mailbox({ dir: options.dir, sandbox: true });
    // Answers' control numbers: from the clock, so a restarted sandbox does not repeat them.
    this.control = Math.floor(Date.now() / 1000) % 900_000_000;
  }

  private next = (): number => {
    this.control = (this.control % 999_999_998) + 1;
    return this.control;
  };

  /** Answers every file now in the outbox; resolves with how many were answered. */
  drain(): Promise<number> {
    const running = this.draining;
    if (running !== null) {
      this.again = true;
      return running;
    }
    const run = async (): Promise<number> => {
      let n = 0;
      do {
        this.again = false;
        for (const f of await listReady(this.mailbox.outbox)) {
          await this.answer(f.name);
          n++;
        }
      } while (this.again as boolean);
      return n;
    };
    this.draining = run().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async answer(name: string): Promise<void> {
    const content = await readFile(join(this.mailbox.outbox, name), "utf8").catch(() => null);
    if (content === null) return;
    const result = answerFile(name, content, this.next, this.options.now?.() ?? new Date());
    for (const a of result.answers) await writeAtomically(this.mailbox.inbox, a.name, a.content);
    await moveToTaken(this.mailbox.outbox, name);
    if (result.note !== null)
      await writeFile(join(this.mailbox.outbox, "taken", `${name}.note.txt`), `${result.note}\n`, "utf8");
    this.options.log?.(result.line);
  }

  /** Opens the folders and starts watching; answers what is already waiting. */
  async start(): Promise<void> {
    await this.mailbox.open();
    const kick = () => {
      this.drain().catch((e: unknown) =>
        this.options.log?.(`sandbox: ${e instanceof Error ? e.message : String(e)}`),
      );
    };
    if (this.options.watch !== false) {
      try {
        this.watcher = watch(this.mailbox.outbox, kick);
        this.watcher.on("error", () => undefined);
      } catch {
        // No watching here: the poll below does the work.
      }
      this.timer = setInterval(kick, this.options.pollMs ?? 1000);
      this.timer.unref();
    }
    kick();
  }

  async stop(): Promise<void> {
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    await this.draining;
  }
}
