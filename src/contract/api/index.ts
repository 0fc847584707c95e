/**
 * The HTTP API's wire contract (`/api/v1`): every request and response schema, defined once in
 * TypeBox. The server validates requests and checks responses with them and builds its OpenAPI
 * document from them; the web app takes its types from them (`Static<typeof …>`).
 */
export * from "./common.js";
export * from "./auth.js";
export * from "./clients.js";
export * from "./providers.js";
export * from "./sessions.js";
export * from "./claim-files.js";
export * from "./alerts.js";
export * from "./audit.js";
export * from "./roster.js";
export * from "./catalogue.js";
export * from "./evaluate.js";
export * from "./directory.js";
export * from "./remittance.js";
export * from "./clearinghouse.js";
export * from "./eligibility.js";
