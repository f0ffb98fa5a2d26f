import { Hono } from "hono";
import { CARD_TOKEN_MAX_USES } from "../callbacks.ts";
import { Codes, ok, SandboxError } from "../envelope.ts";
import type { SandboxEnv } from "../guard.ts";
import { guard } from "../guard.ts";
import { isObject, parseCard, parseCardContent } from "../im/card.ts";
import { byteLength, CARD_MAX_BYTES } from "../im/content.ts";
import { reviseMessage } from "../im/messages.ts";
import type { SandboxState } from "../state.ts";

/**
 * POST /open-apis/interactive/v1/card/update — the delayed update with the token from a card callback:
 * `c-…` tokens only (300020), valid 30 minutes (300030), 2 uses (300040), only the app's own card (200310),
 * not a recalled one (200000); the card must be valid (11311) and 1.0 exclusive cards need open_ids (300090).
 */
export function interactiveRoutes(state: SandboxState) {
  const app = new Hono<SandboxEnv>();
  const spec = { name: "interactive.card.update", limit: { perMinute: 1000, perSecond: 50 } };
  app.post("/open-apis/interactive/v1/card/update", guard(state, spec), async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    if (!isObject(body) || typeof body.token !== "string" || !isObject(body.card)) {
      throw new SandboxError(Codes.cardInvalid, "the body must be {token: string, card: object}", 200);
    }
    if (!/^c-[0-9a-zA-Z_-]+$/.test(body.token))
      throw fail(Codes.cardTokenBadFormat, "the token format is invalid (c-…)");
    const issued = state.cardTokens.get(body.token);
    if (!issued || issued.expiresAt <= state.clock.now())
      throw fail(Codes.cardTokenExpired, "the token has expired");
    if (issued.appId !== c.get("appId"))
      throw fail(Codes.cardOtherApp, "cannot update a card another app sent");
    if (issued.uses >= CARD_TOKEN_MAX_USES)
      throw fail(Codes.cardTokenOverused, "the token was already used twice");
    const m = state.messages.get(issued.messageId);
    if (!m || m.deleted) throw fail(Codes.cardRecalled, "the card message was recalled");

    const { open_ids: openIds, ...card } = body.card;
    const check = parseCard(card);
    if (!check.ok) throw fail(Codes.cardInvalid, `the card is invalid: ${check.msg}`);
    const content = JSON.stringify(card);
    if (byteLength(content) > CARD_MAX_BYTES) throw fail(Codes.cardInvalid, "the card is larger than 30 KB");
    const current = parseCardContent(m.content);
    if (current?.ok && current.card.kind === "v2" && check.card.kind === "v1") {
      throw fail(Codes.callbackV2ToV1, "a JSON 2.0 card cannot be updated to a JSON 1.0 card");
    }
    const ids = Array.isArray(openIds) ? openIds.filter((x): x is string => typeof x === "string") : [];
    if (!check.card.shared && ids.length === 0) {
      throw fail(Codes.cardExclusiveNeedsOpenIds, "an exclusive card (update_multi false) needs open_ids");
    }
    issued.uses++;
    reviseMessage(state, m, content, "card_update", ids);
    return ok(c, {});
  });
  return app;
}

function fail(code: number, msg: string): SandboxError {
  return new SandboxError(code, msg, 200);
}
