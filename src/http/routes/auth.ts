import { Type } from "@sinclair/typebox";
import { login, logout, nameOf } from "../../app/auth.js";
import { ERRORS, LoginBody, LoginDto, ProblemDto, UserDto } from "../../contract/api/index.js";
import { actorOf, SESSION_COOKIE, tokenOf, type Api, type ServerDeps } from "../context.js";

export function authRoutes(api: Api, deps: ServerDeps): void {
  api.post(
    "/auth/login",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign in: sets the session cookie and returns a bearer token",
        security: [],
        body: LoginBody,
        response: {
          200: LoginDto,
          400: ProblemDto,
          401: ProblemDto,
          403: ProblemDto,
          429: ProblemDto,
        },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const result = await login(deps.store, { email, password, ip: request.ip }, deps.now?.() ?? new Date());
      void reply.setCookie(SESSION_COOKIE, result.token, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: request.protocol === "https",
        expires: result.expiresAt,
      });
      return { token: result.token, expiresAt: result.expiresAt.toISOString(), user: result.user };
    },
  );

  api.post(
    "/auth/logout",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign out: ends this login session",
        response: { 204: Type.Null(), 401: ProblemDto, 403: ProblemDto },
      },
    },
    async (request, reply) => {
      await actorOf(request, deps);
      const token = tokenOf(request);
      if (token) await logout(deps.store, token, deps.now?.() ?? new Date());
      void reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send(null);
    },
  );

  api.get(
    "/me",
    { schema: { tags: ["auth"], summary: "Who is signed in", response: { 200: UserDto, ...ERRORS } } },
    async (request) => {
      const actor = await actorOf(request, deps);
      return {
        id: actor.userId,
        email: actor.email,
        name: await nameOf(deps.store, actor),
        role: actor.role,
        providerId: actor.providerId,
        clientId: actor.clientId,
      };
    },
  );
}
