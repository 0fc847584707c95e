/**
 * The claim filing indicator (837P 2000B SBR09, X12 element 1032, 005010X222A1 code list): what
 * kind of insurance the member's plan is. Both claim writers use it (the X12 SBR09, the FHIR
 * Coverage.type), so one pure function decides it from the member's plan as the catalogue knows
 * it and the coverage's product.
 */
import type { Product } from "../contract/schema.js";
import type { PayerKind } from "../rules/geography.js";

/** The codes of the 005010X222A1 list that Stateline's payers and products produce. */
export type ClaimFilingIndicator = "12" | "13" | "14" | "16" | "BL" | "CH" | "CI" | "FI" | "HM" | "MB" | "MC";

/** What each code means (the code list's own words), for FHIR's `display`. */
export const CLAIM_FILING_INDICATORS: Readonly<Record<ClaimFilingIndicator, string>> = {
  "12": "Preferred Provider Organization (PPO)",
  "13": "Point of Service (POS)",
  "14": "Exclusive Provider Organization (EPO)",
  "16": "Health Maintenance Organization (HMO) Medicare Risk",
  BL: "Blue Cross/Blue Shield",
  CH: "Champus",
  CI: "Commercial Insurance Co.",
  FI: "Federal Employees Program",
  HM: "Health Maintenance Organization",
  MB: "Medicare Part B",
  MC: "Medicaid",
};

/**
 * The member's plan (`kind` from the payer catalogue: a Blue plan is kind "bcbs", whatever its
 * id) and the coverage's product (null when not known):
 *   the Federal Employee Program FI (the code is the program's, whoever runs the plan);
 *   every other Blue plan BL; Medicare (Part B, the `medicare` payer) MB; TRICARE CH;
 *   otherwise by product: medicaid MC, medicare_advantage 16, hmo HM, ppo 12, pos 13, epo 14;
 *   anything else (exchange plans, no product on file) CI.
 */
export function claimFilingIndicator(
  plan: { readonly id: string; readonly kind: PayerKind },
  product: Product | null,
): ClaimFilingIndicator {
  if (product === "fep") return "FI";
  if (plan.kind === "bcbs") return "BL";
  if (plan.id === "medicare") return "MB";
  if (plan.id === "tricare") return "CH";
  switch (product) {
    case "medicaid":
      return "MC";
    case "medicare_advantage":
      return "16";
    case "hmo":
      return "HM";
    case "ppo":
      return "12";
    case "pos":
      return "13";
    case "epo":
      return "14";
    case "exchange":
    case null:
      return "CI";
  }
}
