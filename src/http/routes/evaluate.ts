import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { evaluateCases } from "../../app/evaluate.js";
import { AppError } from "../../app/errors.js";
import { Decision } from "../../contract/schema.js";
import { formatFieldError } from "../../contract/validate.js";
import type { ServerDeps } from "../context.js";
import { ERRORS } from "../dto.js";

export function evaluateRoutes(api: FastifyInstance, deps: ServerDeps): void {
  api.post(
    "/evaluate",
    {
      schema: {
        tags: ["decisions"],
        summary: "The decision contract, stateless: one case or an array → one decision per case",
        description:
          "Same input and output as `stateline evaluate`. Malformed input → 400 with every bad field as `case N: path`.",
        security: [],
        body: Type.Unknown({ description: "A case (see the contract) or an array of cases" }),
        response: { 200: Type.Array(Decision), ...ERRORS },
      },
    },
    (request) => {
      // Public: it holds no one's data, and integrators call it before they have accounts.
      const result = evaluateCases(request.body, deps.geo);
      if (result.ok) return result.value;
      throw new AppError("INVALID_INPUT", result.errors.map(formatFieldError).join("; "), {
        fields: result.errors,
      });
    },
  );
}
