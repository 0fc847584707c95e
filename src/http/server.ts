/**
 * The HTTP API: JSON under /api/v1, one schema per route (validation, types and the OpenAPI
 * document from the same TypeBox definition), problem+json errors with field paths, cookie or
 * bearer sign-in, security headers. Handlers are thin: parse → one use case → response body.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import compress from "@fastify/compress";
import cookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import helmet from "helmet";
import { AppError } from "../app/errors.js";
import { compileChecker } from "../contract/validate.js";
import { MAX_DEPTH, nestingDepth, textProblems } from "./body-guard.js";
import { actorOf, SESSION_COOKIE, type ServerDeps } from "./context.js";
import { problem, sendProblem } from "./problem.js";
import { checkResponse } from "./response-check.js";
import { claimFileRoutes } from "./routes/claim-files.js";
import { alertRoutes } from "./routes/alerts.js";
import { auditRoutes } from "./routes/audit.js";
import { authRoutes } from "./routes/auth.js";
import { catalogueRoutes } from "./routes/catalogue.js";
import { clientRoutes } from "./routes/clients.js";
import { evaluateRoutes } from "./routes/evaluate.js";
import { providerRoutes } from "./routes/providers.js";
import { rosterRoutes } from "./routes/roster.js";
import { sessionRoutes } from "./routes/sessions.js";
import { directoryRoutes } from "./routes/directory.js";
import { referralRoutes } from "./routes/referrals.js";
import { remittanceRoutes } from "./routes/remittance.js";
import { clearinghouseRoutes } from "./routes/clearinghouse.js";
import { eligibilityRoutes } from "./routes/eligibility.js";

/** Every group of routes under /api/v1. */
const ROUTES = [
  authRoutes,
  clientRoutes,
  providerRoutes,
  evaluateRoutes,
  auditRoutes,
  sessionRoutes,
  catalogueRoutes,
  rosterRoutes,
  alertRoutes,
  claimFileRoutes,
  directoryRoutes,
  referralRoutes,
  remittanceRoutes,
  clearinghouseRoutes,
  eligibilityRoutes,
];

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    // X-Forwarded-For is believed only from the proxies named in STATELINE_TRUST_PROXY; from
    // anyone else a client could pick its own address for the sign-in limits and the audit log.
    trustProxy: deps.trustProxy && deps.trustProxy.length > 0 ? [...deps.trustProxy] : false,
    bodyLimit: 8 * 1024 * 1024,
    ajv: { customOptions: { strict: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest("actorCache", null);
  // Answers are written with JSON.stringify, not the schema serializer. Every answer is built
  // field by field from a DTO (session-dto.ts and the routes' own mappers), and the int tests
  // check each one against its route's schema with every object closed (response-check.ts), so
  // the one thing the schema serializer adds, dropping fields the schema does not name, is
  // already held by tests. Its cost is not small: choosing a branch of every union (a decision,
  // an outlook, a nullable address) runs a validator per value, half the time of a 1,000-row list.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // Bodies are JSON only: a text/plain body is what a cross-site form can send with the
  // session cookie. JSON is checked before any route sees it (depth, NUL, lone surrogates).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") {
      done(new AppError("INVALID_INPUT", "the body is empty; send a JSON object"), undefined);
      return;
    }
    if (nestingDepth(text) > MAX_DEPTH) {
      done(
        new AppError("INVALID_INPUT", `the JSON body is nested more than ${MAX_DEPTH} levels deep`),
        undefined,
      );
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      done(new AppError("INVALID_INPUT", `the body is not valid JSON: ${(e as Error).message}`), undefined);
      return;
    }
    const fields = textProblems(value);
    const first = fields[0];
    if (first) {
      done(
        new AppError("INVALID_INPUT", `${first.path || "(body)"}: ${first.message}`, { fields }),
        undefined,
      );
      return;
    }
    done(null, value);
  });
  // Query strings and path parameters, the same way (`?action=%00`).
  app.addHook("preValidation", (request, _reply, done) => {
    const fields = [...textProblems(request.query, "query"), ...textProblems(request.params, "params")];
    const first = fields[0];
    done(first ? new AppError("INVALID_INPUT", `${first.path}: ${first.message}`, { fields }) : undefined);
  });

  // Answers that carry client data are never stored by browsers or proxies.
  app.addHook("onSend", async (request, reply, payload) => {
    if (request.url.startsWith("/api/")) void reply.header("cache-control", "no-store");
    // A serialized answer is encoded to UTF-8 once, here. Left a string, it is scanned for its
    // length in bytes (for compression, or for Content-Length) and then encoded again to be
    // compressed or written: two passes, each ~3 ms per MB on the two-core machine (a
    // 1,000-row page is 1.3 MB); a Buffer's length is known.
    return typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  });

  // Validation with the same compiled TypeBox checks and field-path errors as the CLI.
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const check = compileChecker(schema as TSchema);
    const prefix =
      httpPart === "body" || !httpPart ? "" : httpPart === "querystring" ? "query." : `${httpPart}.`;
    return (data: unknown) => {
      const value = httpPart === "body" ? data : Value.Convert(schema as TSchema, data);
      const errors = check(value);
      if (!errors) return { value };
      const fields = errors.map((e) => ({
        path: `${prefix}${e.path}`.replace(/\.$/, ""),
        message: e.message,
      }));
      const first = fields[0];
      return {
        error: new AppError(
          "INVALID_INPUT",
          first ? `${first.path || "(body)"}: ${first.message}` : "invalid request",
          { fields },
        ),
      };
    };
  });

  // Answers are serialized with their route's response schema (fastify's default serializer,
  // fast-json-stringify), which would drop a field the schema does not name. So the tests check
  // every JSON answer, errors included, against that schema before it is serialized, extra
  // fields and undeclared statuses included (STATELINE_CHECK_RESPONSES=1, response-check.ts): a
  // mismatch replaces the answer with a 500 naming the route and the fields, and is printed.
  if (deps.checkResponses ?? process.env.STATELINE_CHECK_RESPONSES === "1") {
    app.addHook("preSerialization", async (request, reply, payload) => {
      const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
      const mismatch = checkResponse(request.routeOptions.schema, route, reply.statusCode, payload);
      if (!mismatch) return payload;
      console.error(`${mismatch.message} (${request.method} ${request.url})`);
      void reply.code(500).type("application/problem+json");
      return {
        type: "about:blank",
        title: "Response does not match its schema",
        status: 500,
        detail: mismatch.message,
        code: "INTERNAL",
        errors: mismatch.fields.map((f) => ({ path: f.path, message: f.message })),
      };
    });
  }

  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof AppError) {
      // A signed-in caller refused a record (someone else's id, or one that does not exist: the
      // same 404 either way) is audited, so probing shows in the log.
      const actor = request.actorCache;
      if ((error.code === "NOT_FOUND" || error.code === "FORBIDDEN") && actor) {
        await deps.store.audit
          .record({
            actorUserId: actor.userId,
            actorRole: actor.role,
            action: "access.denied",
            entity: "request",
            entityId: null,
            clientId: null,
            ip: actor.ip,
            detail: {
              method: request.method,
              route: request.routeOptions.url ?? null,
              url: request.url.slice(0, 500),
              code: error.code,
            },
          })
          .catch((e: unknown) => {
            request.log.error(e);
          });
      }
      if (error.code === "RATE_LIMITED" && error.extra.retryAfterSeconds) {
        void reply.header("retry-after", String(error.extra.retryAfterSeconds));
      }
      const body = problem(error.code, error.message, {
        ...(error.extra.fields ? { fields: error.extra.fields } : {}),
        ...(error.extra.detail !== undefined ? { decision: error.extra.detail } : {}),
      });
      return sendProblem(reply, body);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return sendProblem(reply, { ...problem("INVALID_INPUT", (error as Error).message), status });
    }
    request.log.error(error);
    return reply.code(500).type("application/problem+json").send({
      type: "about:blank",
      title: "Internal error",
      status: 500,
      detail: "Something went wrong on our side; nothing was changed. Try again, or contact support.",
      code: "INTERNAL",
    });
  });

  const web = webApp(deps.webDir ?? WEB_DIR);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    if (web.isPage(request.method, path)) return web.page(reply);
    return sendProblem(reply, problem("NOT_FOUND", `no route ${request.method} ${path}`));
  });

  // Brotli or gzip for answers over 1 KB, as the client accepts (the web app's scripts, lists).
  await app.register(compress, { global: true, threshold: 1024, encodings: ["br", "gzip"] });
  await app.register(cookie);
  // Cross-site request forgery: a state-changing request that rides on the session cookie must
  // come from the app itself. Browsers say where a request comes from (Sec-Fetch-Site, Origin);
  // the app also sends X-Stateline-Request, which a form or a simple cross-site request cannot.
  // A bearer token is never sent by a browser on its own, so bearer requests need neither.
  app.addHook("onRequest", (request, _reply, done) => {
    done(
      forged(request)
        ? new AppError(
            "FORBIDDEN",
            "this request did not come from the Stateline app (cross-site requests with the session cookie are refused)",
          )
        : undefined,
    );
  });

  // Security headers on every answer. Helmet is set up once here: the Fastify plugin built it
  // again for every request (the policy's directives parsed, every header value worked out),
  // about 40 µs a request on the two-core machine, for the same headers each time.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
      },
    },
  });
  app.addHook("onRequest", (request, reply, done) => {
    // Helmet 8 sets the headers and calls on (it throws, rather than passes, its errors).
    securityHeaders(request.raw, reply.raw, () => {
      done();
    });
  });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Stateline API",
        version: "1.0.0",
        description:
          "Where a provider can see and bill each client, and why. Sign in with POST /api/v1/auth/login; send the token as `Authorization: Bearer …` (or use the session cookie). Errors are application/problem+json with field paths.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });

  app.get("/api/openapi.json", { schema: { hide: true } }, () => app.swagger());
  app.get("/healthz", { schema: { hide: true } }, () => ({ ok: true }));
  await web.register(app);

  await app.register(
    (api, _options, done) => {
      // Who is asking comes first: without a valid sign-in a route answers 401 before its body
      // is even looked at. Public routes say so in their OpenAPI schema (`security: []`).
      api.addHook("onRequest", async (request) => {
        const schema = request.routeOptions.schema;
        if (request.routeOptions.url !== undefined && schema?.security?.length !== 0) {
          await actorOf(request, deps);
        }
      });
      for (const routes of ROUTES) routes(api, deps);
      done();
    },
    { prefix: "/api/v1" },
  );
  return app;
}

// ---------------------------------------------------------------------------------------------
// The web app (src/web, built by `npm run build` into dist/web): static files at "/", and
// index.html for any other GET outside /api, so the app's own paths survive a reload.

/** dist/web, from src/http/ (tsx, vitest) and from dist/http/ (the built server) alike. */
export const WEB_DIR = fileURLToPath(new URL("../../dist/web/", import.meta.url));

function webApp(dir: string) {
  const built = existsSync(`${dir}/index.html`);
  return {
    /** An app path (`/clients/…`), not the API and not a file that is missing (`/assets/x.js`). */
    isPage: (method: string, path: string) =>
      built &&
      (method === "GET" || method === "HEAD") &&
      !path.startsWith("/api/") &&
      path !== "/api" &&
      !/\.[a-z0-9]+$/i.test(path),
    page: (reply: FastifyReply) => reply.header("cache-control", "no-cache").sendFile("index.html", dir),
    async register(app: FastifyInstance) {
      if (!built) {
        app.get("/", { schema: { hide: true } }, (_request, reply) =>
          reply
            .type("text/plain; charset=utf-8")
            .send("The web app is not built yet: run `npm run build` (npm start does it), then reload.\n"),
        );
        return;
      }
      await app.register(fastifyStatic, {
        root: dir,
        prefix: "/",
        wildcard: true,
        index: false,
        // Hashed file names under /assets never change; index.html is always revalidated.
        setHeaders: (reply, path) => {
          void reply.header(
            "cache-control",
            path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
          );
        },
      });
      app.get("/", { schema: { hide: true } }, (_request, reply) =>
        reply.header("cache-control", "no-cache").sendFile("index.html", dir),
      );
    },
  };
}

/** The host of an Origin header, or undefined when it is not a URL ("null"). */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/**
 * Whether a request could be a cross-site forgery: it changes state, rides on the session cookie
 * (not a bearer token), and lacks proof it came from the app (same origin, and its header).
 */
function forged(request: FastifyRequest): boolean {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return false;
  const bearer = /^bearer\s/i.test(request.headers.authorization ?? "");
  if (bearer || request.cookies[SESSION_COOKIE] === undefined) return false;
  const site = request.headers["sec-fetch-site"];
  const origin = request.headers.origin;
  const host = request.headers.host;
  const sameOrigin =
    site !== undefined
      ? site === "same-origin" || site === "none"
      : origin === undefined || (host !== undefined && hostOf(origin) === host);
  return !sameOrigin || request.headers["x-stateline-request"] === undefined;
}
