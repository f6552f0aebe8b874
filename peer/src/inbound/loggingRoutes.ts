import type { ApiCaller, ApiExtension } from "../api/app.js";
import { jsonResponse, problemResponses } from "../api/openapi.js";
import { ProblemException } from "../api/problems.js";
import { type LoggingAddress, type LoggingAddresses, loggingAddress } from "./logging.js";

/*
 * `GET/POST /api/v1/inbound/logging-address`: the signed-in member's personal address for sales
 * email logging (logging.ts). GET shows it (made on first use), POST replaces it (the old one is
 * refused from then on). A person's only: a service token has nobody to log mail for.
 */

const PATH = "/inbound/logging-address";

const person = (who: ApiCaller): string => {
  if (who.actor.startsWith("token:"))
    throw new ProblemException(403, "forbidden", "a logging address belongs to a person: sign in to the app");
  return who.actor;
};

export function loggingRoutes(o: { domain: string; addresses: LoggingAddresses }): ApiExtension {
  const answer = (a: LoggingAddress) => ({ address: loggingAddress(a.token, o.domain), createdAt: a.createdAt });
  return (api, kit) => {
    api.get(PATH, (c) => {
      const who = kit.caller(c);
      return c.json(answer(o.addresses.forMember(who.workspace, person(who))), 200, { "Cache-Control": "no-store" });
    });
    api.post(PATH, (c) => {
      const who = kit.caller(c);
      return c.json(answer(o.addresses.regenerate(who.workspace, person(who))), 201, { "Cache-Control": "no-store" });
    });
    const tags = ["Inbound mail"];
    const security = [{ sessionCookie: [] }];
    kit.describe({
      schemas: {
        LoggingAddress: {
          type: "object",
          properties: {
            address: { type: "string", description: "BCC or forward mail here to log it", example: "log+x@crm.test" },
            createdAt: { type: "integer", description: "When this address was made (ms)" },
          },
          required: ["address", "createdAt"],
        },
      },
      paths: {
        [PATH]: {
          get: {
            operationId: "get_logging_address",
            tags,
            summary:
              "Your personal address for logging sales email (made on first use): mail to it is logged on the timeline of each contact it was addressed to. For a signed-in person.",
            security,
            responses: {
              200: jsonResponse({ $ref: "#/components/schemas/LoggingAddress" }, "The address"),
              ...problemResponses(401, 403, 429),
            },
          },
          post: {
            operationId: "regenerate_logging_address",
            tags,
            summary: "Replace your logging address; mail to the old one is refused from now on.",
            security,
            responses: {
              201: jsonResponse({ $ref: "#/components/schemas/LoggingAddress" }, "The new address"),
              ...problemResponses(401, 403, 429),
            },
          },
        },
      },
    });
  };
}
