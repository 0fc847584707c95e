import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { login, logout } from "../../app/auth.js";
import { actorOf, SESSION_COOKIE, tokenOf, type ServerDeps } from "../context.js";
import { ERRORS, ProblemDto, UserDto } from "../dto.js";

export function authRoutes(api: FastifyInstance, deps: ServerDeps): void {
  api.post(
    "/auth/login",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign in: sets the session cookie and returns a bearer token",
        security: [],
        body: Type.Object({
          email: Type.String({ minLength: 3, maxLength: 320 }),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
        }),
        response: {
          200: Type.Object({ token: Type.String(), expiresAt: Type.String(), user: UserDto }),
          401: ProblemDto,
          429: ProblemDto,
        },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body as { email: string; password: string };
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
        response: { 204: Type.Null(), 401: ProblemDto },
      },
    },
    async (request, reply) => {
      await actorOf(request, deps);
      const token = tokenOf(request);
      if (token) await logout(deps.store, token, deps.now?.() ?? new Date());
      void reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send();
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
        role: actor.role,
        providerId: actor.providerId,
        clientId: actor.clientId,
      };
    },
  );
}
