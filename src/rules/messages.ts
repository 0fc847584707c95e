/**
 * The sentences of a decision: what went wrong, in words a provider uses, and the fix where one
 * exists. Every reason, requirement and note the engine emits is built here, so wording stays
 * consistent and one place can be reviewed (or translated).
 */
import { CRISIS_ADD_ON, CRISIS_FIRST_HOUR, SHORT_CRISIS_PSYCHOTHERAPY } from "../contract/cpt.js";
import { stateName, type StateCode } from "../contract/states.js";
import type { Compact, Geography, Payer, TemporaryPractice, Zone } from "./geography.js";
import type {
  CaseInput,
  CoverageInput,
  CredentialInput,
  LicenseInput,
  LocationInput,
  Note,
  PrivilegeFailure,
  Reason,
  Requirement,
} from "./decision.js";

export function stateLabel(state: StateCode): string {
  return stateName(state);
}

function payerName(id: string, geo: Geography): string {
  return geo.payer(id)?.name ?? id;
}

/** "a", "a or b", "a, b or c" */
export function orList(items: readonly string[]): string {
  const n = items.length;
  if (n <= 1) return items[0] ?? "";
  // Joined in place rather than slice-and-join: no array to allocate on every refusal.
  let list = items[0] ?? "";
  for (let i = 1; i < n - 1; i++) list = `${list}, ${items[i] ?? ""}`;
  return `${list} or ${items[n - 1] ?? ""}`;
}

/**
 * "a PsyD", "an LCSW", "an MD": initialisms take the article of their first letter's name.
 */
export function withArticle(type: string): string {
  const initialism = /^[A-Z]{2}/.test(type);
  return `${(initialism ? /^[AEFHILMNORSX]/ : /^[AEIOU]/i).test(type) ? "an" : "a"} ${type}`;
}

/** No other place to suggest. */
export const NOWHERE: readonly string[] = Object.freeze([]);

/**
 * A refusal's fix. The first reason's is finished with the places where the provider could see
 * this client instead ("…, or see this client while they are in downstate New York."); built
 * here in one go, because the decision knows those places before it words its reasons.
 */
function fixOr(stem: string, elsewhere: readonly string[]): string {
  return elsewhere.length === 0
    ? `${stem}.`
    : `${stem}, or see this client while they are in ${orList(elsewhere)}.`;
}

const SOURCE_LABEL: Record<string, string> = {
  PSYPACT: "PSYPACT",
  counseling_compact: "Counseling Compact",
  social_work_compact: "Social Work Compact",
  NLC: "Nurse Licensure Compact",
  IMLC: "IMLC",
};

function licenseLabel(l: LicenseInput): string {
  const what =
    l.source === "IMLC"
      ? `${l.type} license (IMLC)`
      : l.source && l.source !== "state_board"
        ? `${SOURCE_LABEL[l.source] ?? l.source} privilege (${l.type})`
        : `${l.type} license`;
  return `${l.state} ${what}`;
}

// 1. Completeness ---------------------------------------------------------------------------

export function clientLocationMissing(modality: CaseInput["session"]["modality"]): Reason {
  return modality === "telehealth"
    ? {
        code: "CLIENT_LOCATION_MISSING",
        message:
          "Where the client will physically be during this video session is not known, and that decides which state's rules apply.",
        fix: "Record the client's location for the session: pick one of their saved locations or enter the address (state and ZIP).",
      }
    : {
        code: "CLIENT_LOCATION_MISSING",
        message:
          "The practice location of this in-person session is not known, and that decides which state's rules apply.",
        fix: "Choose the practice location where the session takes place.",
      };
}

export function locationMismatch(loc: LocationInput, zipStates: readonly StateCode[]): Reason {
  const where =
    zipStates.length > 0 ? `is in ${orList(zipStates.map(stateName))}` : "is not a ZIP code in use";
  return {
    code: "LOCATION_MISMATCH",
    message: `ZIP ${loc.zip ?? ""} ${where}, not ${stateName(loc.state)}.`,
    fix: "Check the state and ZIP code of the client's location and correct whichever is wrong.",
  };
}

export function unknownPayer(id: string): Reason {
  return {
    code: "UNKNOWN_PAYER",
    message: `The client's plan "${id}" is not in the payer catalogue, so its rules are unknown.`,
    fix: "Check the payer on the client's coverage, or ask operations to add the plan to the catalogue.",
  };
}

export function zipRequired(state: StateCode, zones: readonly Zone[], geo: Geography): Reason {
  const plans = [...new Set(zones.flatMap((z) => z.plans))].map((id) => payerName(id, geo));
  return {
    code: "ZIP_REQUIRED",
    message: `${stateName(state)} is served by several Blue plans (${orList(plans)}), and whether this session can be billed depends on which one serves the client's exact location.`,
    fix: "Add the ZIP code of where the client will be.",
  };
}

// 2. Coverage -------------------------------------------------------------------------------

export function coverageNotActive(plan: Payer, cov: CoverageInput, date: string): Reason {
  const when =
    cov.effectiveFrom != null && date < cov.effectiveFrom
      ? `it starts on ${cov.effectiveFrom}`
      : `it ended on ${cov.effectiveTo ?? "an earlier date"}`;
  return {
    code: "COVERAGE_NOT_ACTIVE",
    message: `The client's ${plan.name} coverage is not in force on ${date} (${when}).`,
    fix: "Update the client's insurance details if they have new coverage; otherwise this session cannot be billed to insurance.",
  };
}

// 3. Authority to practice ------------------------------------------------------------------

export function notLicensed(c: CaseInput, state: StateCode, elsewhere = NOWHERE): Reason {
  // The states of the provider's licenses, each once, in order: joined as they come, rather than
  // collected in an array first (a refusal allocates enough as it is).
  const licenses = c.provider.licenses;
  let held = "";
  for (let i = 0; i < licenses.length; i++) {
    const s = licenses[i]?.state;
    let seen = false;
    for (let j = 0; j < i && !seen; j++) seen = licenses[j]?.state === s;
    if (s !== undefined && !seen) held = held === "" ? s : `${held}, ${s}`;
  }
  const yours = held !== "" ? ` (you are licensed in ${held})` : "";
  const name = stateName(state);
  return {
    code: "NOT_LICENSED",
    message: `You hold no license or compact privilege for ${name}, where the client will be${yours}.`,
    fix: fixOr(`Get licensed in ${name} (or a compact privilege for it)`, elsewhere),
  };
}

export function licenseNotActive(l: LicenseInput, date: string, elsewhere = NOWHERE): Reason {
  let why: string;
  if (!(l.status === "active" || l.status === "probation")) why = `is ${l.status}`;
  else if (l.validFrom != null && date < l.validFrom) why = `is not valid until ${l.validFrom}`;
  else why = `expired on ${l.validTo ?? "an earlier date"}`;
  return {
    code: "LICENSE_NOT_ACTIVE",
    message: `Your ${licenseLabel(l)} ${why}, so you cannot practice in ${stateName(l.state)} on ${date}.`,
    fix: fixOr(`Renew or reinstate your ${stateName(l.state)} license and update its dates here`, elsewhere),
  };
}

export function telehealthOnly(l: LicenseInput, state: StateCode, elsewhere = NOWHERE): Reason {
  return {
    code: "TELEHEALTH_ONLY_AUTHORITY",
    message: `Your only authority for ${stateName(state)} is a telehealth-only ${licenseLabel(l)}, which does not cover in-person sessions.`,
    fix: fixOr(`Hold this session by video, or get a full ${stateName(state)} license`, elsewhere),
  };
}

/** Rule 2a: a compact privilege that does not hold, and which condition failed. */
export function privilegeNotValid(
  l: LicenseInput,
  failure: PrivilegeFailure,
  compact: Compact | undefined,
  date: string,
  elsewhere = NOWHERE,
): Reason {
  const name = compact?.name ?? SOURCE_LABEL[l.source ?? ""] ?? String(l.source);
  const short = SOURCE_LABEL[l.source ?? ""] ?? name;
  const here = stateName(l.state);
  const privilege = `Your ${short} privilege for ${here}`;
  let message: string;
  let fix: string;
  switch (failure.why) {
    case "no_home_state":
      message = `${privilege} does not say which home license it rests on, so it cannot be checked.`;
      fix = `Record the privilege's home state (the state of the license it was issued on)`;
      break;
    case "not_member": {
      const s = stateName(failure.state);
      const joins = failure.joins ? ` until ${failure.joins}` : "";
      message = failure.home
        ? `${s}, your home state for this privilege, is not a ${short} member state${joins}, so ${privilege.charAt(0).toLowerCase()}${privilege.slice(1)} does not hold on ${date}.`
        : `${s} is not a ${short} member state${joins}, so a ${short} privilege gives no authority to practice there on ${date}.`;
      fix = `Get licensed in ${here}`;
      break;
    }
    case "no_home_license":
      message = `${privilege} rests on a ${stateName(failure.home)} home license, and none is on file.`;
      fix = `Add your ${stateName(failure.home)} license, or get licensed in ${here}`;
      break;
    case "home_license_not_active": {
      const h = failure.license;
      let why: string;
      if (h.status === "probation")
        why = "is on probation (a compact privilege needs an unencumbered home license)";
      else if (h.status !== "active") why = `is ${h.status}`;
      else if (h.validFrom != null && date < h.validFrom) why = `is not valid until ${h.validFrom}`;
      else why = `expired on ${h.validTo ?? "an earlier date"}`;
      message = `${privilege} rests on your ${stateName(h.state)} home license, which ${why}.`;
      fix = `Renew or clear your ${stateName(h.state)} license and update it here, or get licensed in ${here}`;
      break;
    }
    case "home_license_profession": {
      const h = failure.license;
      message = `${short} is for ${compact?.professionLabel ?? "another profession"}; your ${stateName(h.state)} license is ${withArticle(h.type)}.`;
      fix = `Get licensed in ${here}`;
      break;
    }
  }
  return { code: "PRIVILEGE_NOT_VALID", message, fix: fixOr(fix, elsewhere) };
}

// 4. Credentialing --------------------------------------------------------------------------

export function credentialNotActive(
  cr: CredentialInput,
  date: string,
  geo: Geography,
  elsewhere = NOWHERE,
): Reason {
  let why: string;
  if (cr.status === "pending") why = "is still pending";
  else if (cr.status === "terminated") why = "was terminated";
  else if (cr.effectiveFrom != null && date < cr.effectiveFrom) why = `takes effect on ${cr.effectiveFrom}`;
  else why = `ended on ${cr.effectiveTo ?? "an earlier date"}`;
  const network = cr.network === "virtual" ? " virtual-network" : "";
  const fix =
    cr.status === "pending" || (cr.effectiveFrom != null && date < cr.effectiveFrom)
      ? `Schedule the session on or after the credential's effective date, or ask operations when ${payerName(cr.payer, geo)} will have you in its system`
      : `Renew your credentialing with ${payerName(cr.payer, geo)} in ${stateName(cr.state)}`;
  return {
    code: "CREDENTIAL_NOT_ACTIVE",
    message: `Your${network} credential with ${payerName(cr.payer, geo)} in ${stateName(cr.state)} ${why}, so a session on ${date} cannot be billed through it.`,
    fix: fixOr(fix, elsewhere),
  };
}

export function notCredentialedInArea(
  plan: Payer,
  state: StateCode,
  geo: Geography,
  elsewhere = NOWHERE,
): Reason {
  const inside =
    plan.kind === "bcbs"
      ? ` The client is inside ${plan.name}'s own area, where only an in-network credential with that plan counts (BlueCard does not apply at home).`
      : "";
  const admin = plan.administrator ? payerName(plan.administrator, geo) : undefined;
  const withWhom = admin ? `${plan.name} (or ${admin}, which runs its behavioral health network)` : plan.name;
  return {
    code: "NOT_CREDENTIALED",
    message: `You are not credentialed with ${withWhom} in ${stateName(state)}; a license there is not enough to bill.${inside}`,
    fix: fixOr(`Get credentialed with ${admin ?? plan.name} in ${stateName(state)}`, elsewhere),
  };
}

/** "Monroe County, NY" when the ZIP says which county, else the state's name. */
function placeLabel(state: StateCode, counties: readonly string[]): string {
  return counties.length > 0 ? `${orList(counties)}, ${state}` : stateName(state);
}

/** Rule 13: an FEP member, billed to a Blue plan local where the client is. */
export function notCredentialedFep(
  plan: Payer,
  state: StateCode,
  local: readonly string[],
  counties: readonly string[],
  geo: Geography,
  elsewhere = NOWHERE,
): Reason {
  const where = placeLabel(state, counties);
  if (local.length === 0)
    return {
      code: "NOT_CREDENTIALED",
      message: `The client is a Federal Employee Program member of ${plan.name} and will be in ${where}, where no Blue plan is local, so there is no plan to bill.`,
      fix: fixOr("See this client where a Blue plan you are credentialed with is local", elsewhere),
    };
  const names = orList(local.map((id) => payerName(id, geo)));
  return {
    code: "NOT_CREDENTIALED",
    message: `The client is a Federal Employee Program member of ${plan.name}: their claims go to the Blue plan local where they are (${names} in ${where}), and you are not credentialed with it there.`,
    fix: fixOr(`Get credentialed with ${names} in ${stateName(state)}`, elsewhere),
  };
}

export function notCredentialedOutOfArea(
  plan: Payer,
  state: StateCode,
  local: readonly string[],
  counties: readonly string[],
  geo: Geography,
  elsewhere = NOWHERE,
): Reason {
  const where = placeLabel(state, counties);
  if (local.length === 0) {
    return {
      code: "NOT_CREDENTIALED",
      message: `The client will be in ${where}, outside ${plan.name}'s area, where no Blue plan takes BlueCard claims and you hold no virtual-network credential with ${plan.name}.`,
      fix: fixOr(`Join ${plan.name}'s virtual network for ${stateName(state)}`, elsewhere),
    };
  }
  const localNames = orList(local.map((id) => payerName(id, geo)));
  return {
    code: "NOT_CREDENTIALED",
    message: `The client will be in ${where}, outside ${plan.name}'s area. BlueCard needs a credential with the local Blue plan there (${localNames}), and you have none.`,
    fix: fixOr(`Get credentialed with ${localNames} in ${stateName(state)}`, elsewhere),
  };
}

export function bluecardNotAvailable(plan: Payer, state: StateCode, elsewhere = NOWHERE): Reason {
  return {
    code: "BLUECARD_NOT_AVAILABLE",
    message: `The client's ${plan.name} plan does not take part in BlueCard, and in ${stateName(state)} the client is outside the plan's area${plan.areaName ? ` (${plan.areaName})` : ""}.`,
    fix: fixOr(
      `See this client while they are in ${plan.areaName ?? "the plan's own area"} with a ${plan.name} credential, or join ${plan.name}'s virtual network for ${stateName(state)}`,
      elsewhere,
    ),
  };
}

// 5. Crisis ----------------------------------------------------------------------------------

export function crisisAddressRequired(): Reason {
  return {
    code: "CRISIS_ADDRESS_REQUIRED",
    message:
      "This crisis session can only be billed by exception, and that needs the exact street address where the client was.",
    fix: "Enter the street address (line 1) of where the client was during the session.",
  };
}

const CRISIS_DOCUMENTATION: Requirement = {
  code: "CRISIS_DOCUMENTATION",
  message:
    "Document the crisis and its resolution: the presenting crisis, the risk assessment, the interventions, exact times, and the safety plan.",
};
const CRISIS_CODES: Requirement = {
  code: "CRISIS_CODES",
  message: `Bill as crisis psychotherapy: CPT ${CRISIS_FIRST_HOUR} for the first 30–74 minutes, plus ${CRISIS_ADD_ON} for each further 30 minutes; a crisis of 16–29 minutes is billed as psychotherapy (${SHORT_CRISIS_PSYCHOTHERAPY}).`,
};
const EXACT_ADDRESS: Requirement = {
  code: "EXACT_ADDRESS",
  message:
    "Keep the client's exact address at the time of the session with the claim; the crisis exception depends on it.",
};

export function crisisRequirements(exception: boolean): Requirement[] {
  return exception
    ? [CRISIS_DOCUMENTATION, CRISIS_CODES, EXACT_ADDRESS]
    : [CRISIS_DOCUMENTATION, CRISIS_CODES];
}

export function crisisException(plan: Payer, cr: CredentialInput, blocking: readonly Reason[]): Note {
  const normally =
    blocking.length > 0
      ? ` Normally it could not be billed: ${blocking.map((r) => r.message).join(" ")}`
      : "";
  return {
    code: "CRISIS_EXCEPTION",
    message: `Billed to ${plan.name} under the crisis exception, through your existing credential in ${cr.state}.${normally}`,
  };
}

export function crisisExceptionUnavailable(plan: Payer): Note {
  return {
    code: "CRISIS_EXCEPTION_UNAVAILABLE",
    message: `The crisis exception needs an active credential with ${plan.name} in some state, and you have none.`,
  };
}

export function severalLocalPlans(plans: readonly string[], used: string, geo: Geography): Note {
  const others = plans.filter((p) => p !== used).map((p) => payerName(p, geo));
  return {
    code: "SEVERAL_LOCAL_PLANS",
    message: `More than one Blue plan is local here; the claim goes to ${payerName(used, geo)}, the one you are credentialed with (${orList(others)} would also do).`,
  };
}

export function crisisTelehealthOnly(): Note {
  return {
    code: "CRISIS_TELEHEALTH_ONLY",
    message:
      "The crisis exception is for telehealth sessions with a client in crisis away from home; an in-person session follows the normal rules.",
  };
}

// Notes that explain a refusal or an approval --------------------------------------------

export function nlcNotAuthority(l: LicenseInput): Note {
  return {
    code: "NLC_NOT_AUTHORITY",
    message: `Your Nurse Licensure Compact entry for ${stateName(l.state)} covers registered and practical nursing only; it gives no authority for these sessions (an APRN needs a license in each state).`,
  };
}

export function unknownCredentialPayer(cr: CredentialInput): Note {
  return {
    code: "UNKNOWN_CREDENTIAL_PAYER",
    message: `Your credential with "${cr.payer}" in ${stateName(cr.state)} was set aside: that payer id is not in the catalogue (check it for a typo).`,
  };
}

export function virtualNotBcbs(cr: CredentialInput, payer: Payer): Note {
  return {
    code: "VIRTUAL_NETWORK_NOT_BCBS",
    message: `Your virtual-network credential with ${payer.name} in ${stateName(cr.state)} was set aside: virtual networks are a Blue Cross Blue Shield arrangement.`,
  };
}

export function temporaryPractice(state: StateCode, rules: readonly TemporaryPractice[]): Note {
  const said = rules.map((r) => r.summary).join(" ");
  return {
    code: "TEMPORARY_PRACTICE",
    message: `${said} An allowance to practise in ${stateName(state)} does not by itself make a session billable: check the board's rules, and the client's plan still needs a credential there.`,
  };
}

/** Rule 12: one note for every BlueCard approval whose product is not recorded (shared, frozen). */
export const VERIFY_OUT_OF_AREA: Note[] = Object.freeze([
  Object.freeze({
    code: "VERIFY_OUT_OF_AREA_BENEFITS",
    message:
      "The client's plan product is not recorded: HMO, EPO, exchange and Medicaid plans cover out-of-area care only in emergencies. Verify the member's out-of-area (BlueCard) benefits before the session.",
  } as const),
]) as unknown as Note[];

export function federalEmployeeProgram(plan: Payer, billTo: string, geo: Geography): Note {
  return {
    code: "FEDERAL_EMPLOYEE_PROGRAM",
    message: `Federal Employee Program member of ${plan.name}: the claim goes to ${payerName(billTo, geo)}, the Blue plan local where the client is.`,
  };
}

export function behavioralAdministrator(plan: Payer, cr: CredentialInput, geo: Geography): Note {
  return {
    code: "BEHAVIORAL_ADMINISTRATOR",
    message: `${payerName(cr.payer, geo)} runs ${plan.name}'s behavioral health network: your ${payerName(cr.payer, geo)} credential in ${stateName(cr.state)} is in network, and the claim goes to ${plan.name}.`,
  };
}
