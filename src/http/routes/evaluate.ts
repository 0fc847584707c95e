import { evaluateCasesYielding } from "../../app/evaluate.js";
import { AppError } from "../../app/errors.js";
import { formatFieldError } from "../../contract/validate.js";
import { ERRORS, EvaluateBody, EvaluateDto, ProblemDto } from "../../contract/api/index.js";
import { actorOf, tokenOf, type Api, type ServerDeps } from "../context.js";

/** Cases and bytes per request: without signing in, and signed in. */
export const EVALUATE_LIMITS = {
  public: { cases: 1_000, bytes: 1024 * 1024 },
  signedIn: { cases: 20_000, bytes: 8 * 1024 * 1024 },
} as const;

/**
 * Requests per minute per address for callers who are not signed in: a token bucket per
 * address, in this server's memory (a limit, not a guarantee: several servers each allow it).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perMinute: number,
    private readonly maxKeys = 10_000,
  ) {}

  take(key: string, now: Date): void {
    const t = now.getTime();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + ((t - b.at) / 60_000) * this.perMinute);
    b.at = t;
    if (b.tokens < 1) {
      throw new AppError(
        "RATE_LIMITED",
        "too many requests from this address; sign in for more, or wait a moment",
        {
          retryAfterSeconds: Math.ceil(((1 - b.tokens) * 60) / this.perMinute),
        },
      );
    }
    b.tokens -= 1;
    if (!this.buckets.has(key) && this.buckets.size >= this.maxKeys) this.buckets.clear();
    this.buckets.set(key, b);
  }
}

export function evaluateRoutes(api: Api, deps: ServerDeps): void {
  const publicRate = new RateLimiter(Number(process.env.STATELINE_PUBLIC_EVALUATE_PER_MINUTE ?? 120));
  api.post(
    "/evaluate",
    {
      schema: {
        tags: ["decisions"],
        summary: "The decision contract, stateless: one case or an array → one decision per case",
        description:
          "Same input and output as `stateline evaluate`. Malformed input → 400 with every bad field as `case N: path`.",
        security: [],
        body: EvaluateBody,
        response: { 200: EvaluateDto, ...ERRORS, 403: ProblemDto, 429: ProblemDto },
      },
    },
    async (request) => {
      // Public: it holds no one's data, and integrators call it before they have accounts. Callers
      // who are not signed in get a smaller batch and a rate per address; bulk goes to the CLI.
      const signedIn =
        tokenOf(request) !== undefined &&
        (await actorOf(request, deps).then(
          () => true,
          () => false,
        ));
      const limits = signedIn ? EVALUATE_LIMITS.signedIn : EVALUATE_LIMITS.public;
      if (!signedIn) publicRate.take(request.ip, deps.now?.() ?? new Date());
      const length = Number(request.headers["content-length"] ?? 0);
      if (length > limits.bytes)
        throw new AppError(
          "INVALID_INPUT",
          `the body is ${length.toLocaleString("en-US")} bytes; at most ${limits.bytes.toLocaleString("en-US")} ${signedIn ? "" : "without signing in "}(use \`stateline evaluate FILE\` for bulk)`,
        );
      const count = Array.isArray(request.body) ? request.body.length : 1;
      if (count > limits.cases)
        throw new AppError(
          "INVALID_INPUT",
          `${count.toLocaleString("en-US")} cases in one request; at most ${limits.cases.toLocaleString("en-US")} ${signedIn ? "" : "without signing in "}(use \`stateline evaluate FILE\` for bulk)`,
          { fields: [{ path: "", message: `at most ${limits.cases} cases per request` }] },
        );
      const result = await evaluateCasesYielding(request.body, deps.geo);
      if (result.ok) return result.value;
      throw new AppError("INVALID_INPUT", result.errors.map(formatFieldError).join("; "), {
        fields: result.errors,
      });
    },
  );
}
