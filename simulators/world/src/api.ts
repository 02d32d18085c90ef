import { badRequest, Service } from "@certsim/service";
import type { Express } from "express";
import { z } from "zod";
import type { Mailbox } from "./mailbox";
import type { Phone } from "./phone";
import { parsePhoneNumber } from "./phoneNumber";
import type { BusinessRegistry } from "./registry";
import { registryRoutes } from "./registryApi";

const address = z.string().min(1).max(254);
const number = z.string().min(1).max(40);
const toQuery = (schema: z.ZodString) => z.strictObject({ to: schema.optional() });

/**
 * The world's management API: the business registry, and the mailboxes and handsets of the people in the
 * simulation. CAs and the platform deliver mail and texts, place calls and check organisations here; scenarios
 * register organisations, read mail and texts, and answer calls as the customer.
 */
export function worldApi(mail: Mailbox, phone: Phone, registry: BusinessRegistry): Express {
  const service = new Service({
    name: "world",
    description: "Business registry, mailbox and phone line of the simulated world.",
    bodyLimit: "2mb",
  });

  service
    .route(
      "post",
      "/mail",
      {
        summary: "deliver an email",
        body: z.strictObject({ to: address, from: address, subject: z.string().max(998), body: z.string() }),
      },
      ({ body }, _req, res) => {
        res.status(201);
        return mail.deliver(body);
      },
    )
    .route(
      "get",
      "/mail",
      { summary: "an address's messages, oldest first", query: toQuery(address) },
      ({ query }) => ({
        messages: mail.list(query.to),
      }),
    )
    .route("get", "/mail/:id", { summary: "one message" }, ({ params }) => mail.get(parseId(params.id)))
    .route("delete", "/mail", { summary: "empty a mailbox (or all)", query: toQuery(address) }, ({ query }) => ({
      cleared: mail.clear(query.to),
    }))
    .route(
      "post",
      "/sms",
      {
        summary: "send a text message",
        body: z.strictObject({ to: number, body: z.string().min(1).max(10_000), from: z.string().max(100).optional() }),
      },
      ({ body }, _req, res) => {
        res.status(201);
        return phone.sendSms(body);
      },
    )
    .route(
      "get",
      "/sms",
      { summary: "a number's text messages, oldest first", query: toQuery(number) },
      ({ query }) => ({
        messages: phone.listSms(query.to),
      }),
    )
    .route("delete", "/sms", { summary: "delete a number's texts (or all)", query: toQuery(number) }, ({ query }) => ({
      cleared: phone.clearSms(query.to),
    }))
    .route(
      "post",
      "/calls",
      {
        summary: "ring a number; resolves at once unless the number's policy is manual",
        body: z.strictObject({ to: number, from: z.string().min(1).max(100), purpose: z.string().min(1).max(500) }),
      },
      ({ body }, _req, res) => {
        res.status(201);
        return phone.placeCall(body);
      },
    )
    .route("get", "/calls", { summary: "calls to a number, oldest first", query: toQuery(number) }, ({ query }) => ({
      calls: phone.calls(query.to),
    }))
    .route("get", "/calls/:id", { summary: "one call" }, ({ params }) => phone.call(parseId(params.id)))
    .route(
      "post",
      "/calls/:id/answer",
      {
        summary: "pick up a ringing call and confirm or decline",
        body: z.strictObject({ outcome: z.enum(["confirmed", "declined"]) }),
        responses: { "409": "the call is no longer ringing" },
      },
      ({ params, body }) => phone.answer(parseId(params.id), body.outcome),
    )
    .route(
      "post",
      "/calls/:id/no-answer",
      { summary: "let a ringing call ring out", responses: { "409": "the call is no longer ringing" } },
      ({ params }) => phone.noAnswer(parseId(params.id)),
    )
    .route("get", "/phones/:number", { summary: "a number's answer policy" }, ({ params }) => {
      const key = params.number ?? "";
      return { number: parsePhoneNumber(key, "number"), policy: phone.policy(key) };
    })
    .route(
      "put",
      "/phones/:number",
      {
        summary: "set how a number answers calls from now on",
        body: z.strictObject({ policy: z.enum(["confirm", "decline", "no-answer", "manual"]) }),
      },
      ({ params, body }) => phone.setPolicy(params.number ?? "", body.policy),
    );
  registryRoutes(service, registry);
  return service.finish();
}

function parseId(raw: string | undefined): number {
  const id = Number(raw);
  if (!/^[1-9][0-9]{0,15}$/.test(raw ?? "") || !Number.isSafeInteger(id)) {
    throw badRequest("InvalidParameter", "id: must be a positive integer", { field: "id" });
  }
  return id;
}
