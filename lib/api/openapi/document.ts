import type { Hono } from "hono";
import { generateSpecs } from "hono-openapi";
import type { OpenAPIV3_1 } from "openapi-types";
import { TOLLGATE_VERSION } from "../../version";
import { COMMON_HEADERS } from "./operation";

export const OPENAPI_PATH = "/openapi.json";

const DESCRIPTION = `Tollgate's REST API: access tokens, members, custom roles, projects and the audit log, as LaunchDarkly's API shapes them.

Every operation but the API root and this document needs an access token in the \`Authorization\` header (the token itself, or \`Bearer <token>\`); cookies are never a credential here. Any origin may call the API (CORS \`Access-Control-Allow-Origin: *\`, never with credentials).

A method a path does not have answers **405** with an \`Allow\` header and the error body; a path the API does not have answers 404. Every error body is \`{code, message, id}\`, where \`id\` is the request's \`X-Request-Id\`.`;

/** The OpenAPI 3.1 document of `app`, generated from the describeRoute middleware of its routes. */
export async function generateDocument(app: Hono<never>): Promise<OpenAPIV3_1.Document> {
  const document = await generateSpecs(app, {
    excludeStaticFile: false,
    defaultValidationErrorResponse: false,
    documentation: {
      openapi: "3.1.0",
      info: { title: "Tollgate REST API", version: TOLLGATE_VERSION, description: DESCRIPTION },
      servers: [{ url: "/" }],
      security: [{ ApiKey: [] }],
      tags: [
        { name: "Access tokens" },
        { name: "Account members" },
        { name: "Custom roles" },
        { name: "Projects" },
        { name: "Audit log" },
        { name: "Other" },
      ],
      components: {
        securitySchemes: {
          ApiKey: { type: "apiKey", in: "header", name: "Authorization", description: "An access token, alone or after `Bearer `" },
        },
        headers: {
          Allow: { description: "The methods the path has", schema: { type: "string" }, required: true },
          ...COMMON_HEADERS,
        },
      },
    },
  });
  return document as OpenAPIV3_1.Document;
}
