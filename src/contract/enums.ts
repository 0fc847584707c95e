/**
 * The contract's closed sets of values, with no dependencies, so the web app can use the same
 * lists as the server's schemas (src/contract/schema.ts re-exports them).
 */
export const LICENSE_STATUSES = [
  "active",
  "probation",
  "inactive",
  "expired",
  "suspended",
  "revoked",
] as const;
export const LICENSE_SOURCES = [
  "state_board",
  "PSYPACT",
  "counseling_compact",
  "social_work_compact",
  "NLC",
  "IMLC",
] as const;
export const CREDENTIAL_STATUSES = ["active", "pending", "terminated"] as const;
export const NETWORKS = ["standard", "virtual"] as const;
