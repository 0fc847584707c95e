/**
 * The audit log as people read it: each action code as a sentence ("Confirmed a session"), the
 * groups of actions the log can be filtered by (the part before the dot, as the API matches
 * them), who acted, and the instants in the viewer's time zone. Codes this list does not know
 * yet are made readable from the code itself, never hidden.
 */
import { dateTimeFormat } from "./format";

/** Every action the platform records, as a sentence about what the person did. */
export const ACTION_LABELS: Readonly<Record<string, string>> = {
  "access.denied": "Was refused a record (not theirs, or no such record)",
  "alert.list": "Read the alerts",
  "alert.recheck": "Re-checked upcoming sessions",
  "alert.resolve": "Resolved an alert",
  "audit.search": "Searched the audit log",
  "auth.login": "Signed in",
  "auth.login_failed": "Failed to sign in",
  "auth.login_throttled": "Was stopped signing in (too many attempts)",
  "billing_settings.update": "Changed the billing settings",
  "claim.amend": "Corrected a claim before release",
  "claim.create": "Added a claim",
  "claim.export": "Exported claims into a batch file",
  "claim.export_excluded": "Left claims out of an export (problems to fix)",
  "claim.file_fhir": "Downloaded a claim as FHIR",
  "claim.file_x12": "Downloaded a claim as X12 837P",
  "claim.history": "Read a claim's history",
  "claim.list": "Listed claims",
  "claim.read": "Read a claim",
  "claim.replace": "Replaced a released claim",
  "claim.void": "Voided a released claim",
  "claim_export.read": "Downloaded a claims batch file",
  "client.billing_method": "Read a client's billing method",
  "client.create": "Added a client",
  "client.list": "Listed clients",
  "client.read": "Read a client's record",
  "client_location.archive": "Removed a client's location (kept in the history)",
  "client_location.create": "Added a client's location",
  "client_location.delete": "Deleted a client's location",
  "client_location.list": "Read a client's locations",
  "client_location.update": "Changed a client's location",
  "coverage.update": "Changed a client's coverage",
  "credential.create": "Added a credential",
  "credential.update": "Changed a credential",
  "directory.search": "Searched the provider directory for a client",
  "license.create": "Added a license",
  "license.update": "Changed a license",
  "practice_location.create": "Added a practice location",
  "provider.create": "Added a provider",
  "provider.directory": "Changed a provider's directory listing",
  "referral.accept": "Accepted a referral",
  "referral.create": "Referred a client",
  "referral.decline": "Declined a referral",
  "referral.list": "Listed referrals",
  "referral.withdraw": "Withdrew a referral",
  "request.replay": "Repeated a request (answered from the first time)",
  "roster.commit": "Imported a roster",
  "session.cancel": "Cancelled a session",
  "session.confirm": "Confirmed a session",
  "session.confirm_refused": "Tried to confirm a session (refused)",
  "session.create": "Scheduled a session",
  "session.list": "Listed sessions",
  "session.confirm_preview": "Checked a session before confirming it",
  "session.preview": "Checked a session before scheduling it",
  "session.read": "Read a session",
};

/** The groups of actions (the part before the dot), for filtering: "client_location" finds them all. */
export const ACTION_GROUPS: Readonly<Record<string, string>> = {
  access: "Refused requests",
  alert: "Alerts",
  audit: "Audit log searches",
  auth: "Sign-ins",
  billing_settings: "Billing settings",
  claim: "Claims",
  claim_export: "Claim batch files",
  client: "Client records",
  client_location: "Client locations",
  coverage: "Coverage",
  credential: "Credentials",
  directory: "Provider directory searches",
  license: "Licenses",
  practice_location: "Practice locations",
  provider: "Providers",
  referral: "Referrals",
  request: "Repeated requests",
  roster: "Roster imports",
  session: "Sessions",
};

const words = (s: string) => s.replace(/[_-]+/g, " ").trim();
const capital = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

/** "shared_note.send_reminder" → "Shared note: send reminder"; "" → "Unknown action". */
export function humaniseAction(code: string): string {
  const parts = code.split(".").map(words).filter(Boolean);
  if (parts.length === 0) return "Unknown action";
  const [head = "", ...rest] = parts;
  return rest.length === 0 ? capital(head) : `${capital(head)}: ${rest.join(" ")}`;
}

/** The sentence for an action code; unknown codes made readable from the code. */
export const actionLabel = (code: string): string => ACTION_LABELS[code] ?? humaniseAction(code);

/** The options for the action filter: each group ("All claims") and each action, sorted by code. */
export function actionOptions(): readonly { value: string; label: string }[] {
  const groups = Object.entries(ACTION_GROUPS).map(([value, name]) => ({ value, label: `All: ${name}` }));
  const actions = Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label }));
  return [...groups, ...actions].sort((a, b) => a.value.localeCompare(b.value));
}

/** What the filter's value means: a group, an action, or a code the list does not know. */
export function describeActionFilter(value: string): string {
  const v = value.trim();
  if (!v) return "Any action";
  const group = ACTION_GROUPS[v];
  if (group) return `${group} (every ${v}.… action)`;
  return ACTION_LABELS[v] ?? `${humaniseAction(v)} (and its group)`;
}

const ROLES: Readonly<Record<string, string>> = {
  provider: "provider",
  client: "client",
  ops: "operations",
};
export const roleLabel = (role: string | null): string => (role ? (ROLES[role] ?? role) : "");

/** Who acted: "Maya R. Chen, LCSW (provider)"; the platform; an attempt before anyone signed in. */
export function actorLabel(e: {
  readonly actorUserId: string | null;
  readonly actorRole: string | null;
  readonly actorName: string | null;
  readonly detail?: unknown;
}): string {
  if (e.actorUserId === SYSTEM_USER) return "Stateline (automatic)";
  if (e.actorName) return e.actorRole ? `${e.actorName} (${roleLabel(e.actorRole)})` : e.actorName;
  if (e.actorUserId)
    return `Account ${e.actorUserId.slice(0, 8)}${e.actorRole ? ` (${roleLabel(e.actorRole)})` : ""}`;
  const email = emailOf(e.detail);
  return email ? `Not signed in (tried ${email})` : "Not signed in";
}

/** The account the platform's own work is recorded under (demo data, scheduled re-checks). */
export const SYSTEM_USER = "00000000-0000-0000-0000-000000000000";

function emailOf(detail: unknown): string | null {
  if (typeof detail !== "object" || detail === null || !("email" in detail)) return null;
  const email = detail.email;
  return typeof email === "string" && email ? email : null;
}

/** An instant in the viewer's time zone, the zone shown: "Dec 4, 2026, 1:05 PM EST". */
export function formatAuditTime(instant: string, timeZone?: string): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  return dateTimeFormat("en-US", {
    month: "short",
    day: "numeric",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
    ...(timeZone ? { timeZone } : {}),
  }).format(d);
}

/**
 * A `datetime-local` value ("2026-12-04T13:05", the viewer's wall clock) as the instant the API
 * takes; `end` takes the last millisecond of that minute, so "until 1:05 PM" includes 1:05:30 PM.
 * Undefined for an empty or unreadable value.
 */
export function localToInstant(local: string, end = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return undefined;
  const ms = new Date(local).getTime();
  if (Number.isNaN(ms)) return undefined;
  return new Date(end ? ms + 59_999 : ms).toISOString();
}
