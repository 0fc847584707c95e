/**
 * People's names as claim files need them: a provider's first, middle and last name, suffix
 * and credentials kept apart (NM103 last, NM104 first, NM105 middle, NM107 suffix; credentials
 * are never a name part), and one display name for lists: "Maya R. Chen, LCSW".
 */
import { invalid } from "./errors.js";
import { checkTexts, TEXT } from "./text-fields.js";

export interface PersonName {
  readonly firstName: string;
  readonly middleName: string | null;
  readonly lastName: string;
  /** Jr, Sr, II, III … */
  readonly suffix: string | null;
  /** Letters after the name: "LCSW", "PsyD", "MD, MPH". */
  readonly credentials: string | null;
}

/** "Maya R. Chen, LCSW"; "Luis Ortega Jr., PsyD"; "Ana Ruiz". */
export function displayName(p: PersonName): string {
  const name = [p.firstName, p.middleName, p.lastName, p.suffix]
    .map((s) => s?.trim())
    .filter(Boolean)
    .join(" ");
  const credentials = p.credentials?.trim();
  return credentials ? `${name}, ${credentials}` : name;
}

const blank = (s: string | null | undefined): string | null => {
  const t = s?.trim();
  return t ? t : null;
};

/**
 * The parts of a name as given (trimmed, inner spaces single, empty optional parts null), checked:
 * first and last name present, each part within its 837P element and free of separators and
 * control characters. `prefix` is the path to the name's fields ("" at the top of a body).
 */
export function personName(
  input: {
    readonly firstName: string;
    readonly middleName?: string | null | undefined;
    readonly lastName: string;
    readonly suffix?: string | null | undefined;
    readonly credentials?: string | null | undefined;
  },
  prefix = "",
  /** The request's name for the credentials field, when not `credentials`. */
  credentialsField = "credentials",
): PersonName {
  const name: PersonName = {
    firstName: blank(input.firstName) ?? "",
    middleName: blank(input.middleName),
    lastName: blank(input.lastName) ?? "",
    suffix: blank(input.suffix),
    credentials: blank(input.credentials),
  };
  checkTexts([
    [`${prefix}firstName`, name.firstName, TEXT.firstName],
    [`${prefix}middleName`, name.middleName, TEXT.middleName],
    [`${prefix}lastName`, name.lastName, TEXT.lastName],
    [`${prefix}suffix`, name.suffix, TEXT.suffix],
    [`${prefix}${credentialsField}`, name.credentials, TEXT.credentials],
  ]);
  if (name.firstName === "") throw invalid(`${prefix}firstName`, "must not be empty");
  if (name.lastName === "") throw invalid(`${prefix}lastName`, "must not be empty");
  return name;
}
