/** The decision contract over HTTP: one case or an array of cases in, one decision per case out. */
import { Type } from "@sinclair/typebox";
import { Decision } from "../schema.js";

/** Checked by the use case, case by case, so every bad field is named as `case N: path`. */
export const EvaluateBody = Type.Unknown({ description: "A case (see the contract) or an array of cases" });
export const EvaluateDto = Type.Array(Decision);
