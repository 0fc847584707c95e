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
/** The compacts whose privileges rule 2a checks (a subset of LICENSE_SOURCES). */
export const COMPACT_SOURCES = ["PSYPACT", "counseling_compact", "social_work_compact"] as const;
/** Contract v2 `coverage.product`: the kind of plan, which decides out-of-area benefits (rule 12, 13). */
export const PRODUCTS = [
  "ppo",
  "pos",
  "hmo",
  "epo",
  "exchange",
  "medicaid",
  "medicare_advantage",
  "fep",
] as const;
/** Products that cover out-of-area care only in emergencies: no BlueCard unless `bluecard` says so. */
export const LOCAL_ONLY_PRODUCTS = ["hmo", "epo", "exchange", "medicaid"] as const;
/** Administrative sex as claims carry it (837P DMG03, FHIR Patient.gender): U = unknown. */
export const SEXES = ["F", "M", "U"] as const;
