/**
 * Which clearinghouse connector the settings ask for (`STATELINE_CLEARINGHOUSE=mailbox|sandbox|
 * none`, `STATELINE_MAILBOX_DIR`): used by `stateline serve` and the `stateline clearinghouse`
 * commands alike.
 */
import { resolve } from "node:path";
import type { Clearinghouse } from "../app/clearinghouse-port.js";
import { Mailbox } from "../clearinghouse/mailbox.js";
import { SandboxClearinghouse } from "../clearinghouse/sandbox.js";
import { UsageError } from "./io.js";

export type ConnectorMode = "mailbox" | "sandbox" | "none";

export interface Connector {
  readonly mode: ConnectorMode;
  readonly clearinghouse: Clearinghouse | undefined;
  /** The in-process sandbox answering the mailbox (mode sandbox). */
  readonly sandbox: SandboxClearinghouse | undefined;
  /** For the start-up lines. */
  readonly description: string;
}

/**
 * The connector the environment asks for. By default the sandbox on the embedded database (the
 * demo, tests), none on a PostgreSQL server (production names its mailbox). The mailbox folder
 * defaults to one beside the embedded database (`<STATELINE_DATA>-mailbox`).
 */
export function connectorSettings(env: NodeJS.ProcessEnv = process.env): {
  mode: ConnectorMode;
  dir: string;
} {
  const raw = env.STATELINE_CLEARINGHOUSE ?? (env.DATABASE_URL ? "none" : "sandbox");
  if (raw !== "mailbox" && raw !== "sandbox" && raw !== "none")
    throw new UsageError(`STATELINE_CLEARINGHOUSE: expected mailbox, sandbox or none, got "${raw}"`);
  const dir = resolve(env.STATELINE_MAILBOX_DIR ?? `${env.STATELINE_DATA ?? "./data"}-mailbox`);
  if (raw === "mailbox" && env.STATELINE_MAILBOX_DIR === undefined)
    throw new UsageError(
      "STATELINE_CLEARINGHOUSE=mailbox needs STATELINE_MAILBOX_DIR (the folder holding outbox/ and inbox/)",
    );
  return { mode: raw, dir };
}

/** Opens the connector the settings ask for; the sandbox is started (answers the outbox) by `start`. */
export async function openConnector(
  env: NodeJS.ProcessEnv = process.env,
  log?: (line: string) => void,
): Promise<Connector> {
  const { mode, dir } = connectorSettings(env);
  if (mode === "none")
    return {
      mode,
      clearinghouse: undefined,
      sandbox: undefined,
      description: "Clearinghouse: none (STATELINE_CLEARINGHOUSE=none)",
    };
  const mailbox = await new Mailbox({ dir, sandbox: mode === "sandbox" }).open();
  if (mode === "mailbox")
    return {
      mode,
      clearinghouse: mailbox,
      sandbox: undefined,
      description: `Clearinghouse: mailbox at ${dir} (outbox/, inbox/)`,
    };
  const sandbox = new SandboxClearinghouse({ dir, ...(log ? { log } : {}) });
  return {
    mode,
    clearinghouse: mailbox,
    sandbox,
    description: `Clearinghouse: SANDBOX (made-up test answers) in ${dir}`,
  };
}
