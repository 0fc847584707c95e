/**
 * Who runs each payer's behavioral health network (`data/behavioral-health.json`): the
 * administrators the engine uses (rule 14: `uhc` → `optum`, the administrator itself a payer in
 * the catalogue) and other carve-outs recorded for people (the company is named, not billed).
 */
import { CatalogueError, type Confidence } from "./payers.js";

export interface Administrator {
  readonly payer: string;
  readonly administrator: string;
  readonly name: string;
  readonly scope: string;
  readonly source: readonly string[];
  readonly confidence: Confidence;
}

export interface CarveOut {
  readonly payer: string;
  readonly company: string;
  readonly scope: string;
  readonly source: readonly string[];
  readonly confidence: Confidence;
}

export interface BehavioralHealth {
  readonly administrators: readonly Administrator[];
  readonly carveOuts: readonly CarveOut[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";
const CONFIDENCES: readonly string[] = ["sourced", "common", "approximate"];

/** Checks a parsed behavioral-health.json against the catalogue's payer ids. */
export function validateBehavioralHealth(
  doc: unknown,
  payerIds: ReadonlySet<string>,
  label = "behavioral-health.json",
): BehavioralHealth {
  const problems: string[] = [];
  if (!isObject(doc)) throw new CatalogueError(label, ["expected an object"]);
  const common = (raw: unknown, at: string): Json | undefined => {
    if (!isObject(raw)) {
      problems.push(`${at}: expected an object`);
      return undefined;
    }
    if (typeof raw.payer !== "string" || !payerIds.has(raw.payer))
      problems.push(`${at}.payer: ${JSON.stringify(raw.payer)} is not a payer id in payers.json`);
    if (!isText(raw.scope)) problems.push(`${at}.scope: expected a sentence`);
    if (
      !Array.isArray(raw.source) ||
      !raw.source.every((s) => typeof s === "string" && /^https?:\/\/\S+$/.test(s))
    )
      problems.push(`${at}.source: expected a list of http(s) URLs`);
    if (typeof raw.confidence !== "string" || !CONFIDENCES.includes(raw.confidence))
      problems.push(`${at}.confidence: expected one of ${CONFIDENCES.join(", ")}`);
    return raw;
  };
  const administrators: Administrator[] = [];
  const seen = new Set<string>();
  (Array.isArray(doc.administrators) ? doc.administrators : []).forEach((raw: unknown, i) => {
    const at = `administrators[${i}]`;
    const e = common(raw, at);
    if (!e) return;
    if (typeof e.administrator !== "string" || !payerIds.has(e.administrator) || e.administrator === e.payer)
      problems.push(`${at}.administrator: expected another payer id from payers.json`);
    if (!isText(e.name)) problems.push(`${at}.name: expected the administrator's name`);
    if (typeof e.payer === "string" && seen.has(e.payer))
      problems.push(`${at}.payer: "${e.payer}" has two administrators`);
    if (typeof e.payer === "string") seen.add(e.payer);
    administrators.push(e as unknown as Administrator);
  });
  const carveOuts: CarveOut[] = [];
  (Array.isArray(doc.carveOuts) ? doc.carveOuts : []).forEach((raw: unknown, i) => {
    const at = `carveOuts[${i}]`;
    const e = common(raw, at);
    if (!e) return;
    if (!isText(e.company)) problems.push(`${at}.company: expected the company's name`);
    carveOuts.push(e as unknown as CarveOut);
  });
  if (problems.length > 0) throw new CatalogueError(label, problems);
  return { administrators: Object.freeze(administrators), carveOuts: Object.freeze(carveOuts) };
}
