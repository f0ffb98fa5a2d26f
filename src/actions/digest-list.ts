import type { CardActionHandler, Toast } from "../deps.ts";
import { buildDigestListCards, type DigestLists } from "../digest/list-card.ts";
import { COMPANY, digestKeys } from "../jobs/digest.ts";
import { sendCardOnce } from "../jobs/send-once.ts";
import type { Services } from "../services.ts";

const toast = (type: Toast["type"], zh_cn: string, en_us: string): Toast => ({
  type,
  content: zh_cn,
  i18n: { zh_cn, en_us },
});

/**
 * 完整列表 on a digest card: the full at-risk and moves lists (and what the card had no room for) go to
 * the person who clicked, as numbered cards in their chat with the bot, so the digest itself stays in place.
 * The lists were saved when the digest was sent; answering reads only the ledger, and the sends run after
 * the answer. Each page is keyed per reader, so a second click sends nothing twice.
 */
export function digestListAction(services: Services): CardActionHandler {
  return async (ctx) => {
    const reader = ctx.event.operator.open_id;
    const week = typeof ctx.value.week === "string" ? ctx.value.week : "";
    const lists = await listsFor(services, ctx.event.context.open_message_id, reader, week);
    if (!lists) {
      return {
        toast: toast("warning", "这期周报的列表已不在，请等下期周报", "This digest's lists are gone"),
      };
    }
    const pages = buildDigestListCards(lists);
    services.background.run("digest.list", async () => {
      for (const [i, card] of pages.entries()) {
        await sendCardOnce(services, {
          key: `digest.list:${lists.scope}:${lists.week}:${reader}:${i + 1}`,
          job: "digest.list",
          receiveIdType: "open_id",
          receiveId: reader,
          card,
        });
      }
    });
    return {
      toast: toast(
        "success",
        `完整列表（${pages.length} 页）已发到你与机器人的单聊`,
        `Full list (${pages.length} pages) sent to your chat with the bot`,
      ),
    };
  };
}

/**
 * The lists of the card that was clicked: found by its message id; for a card the ledger does not know,
 * the reader's own (a leader) and then the company's for that week.
 */
async function listsFor(
  services: Services,
  messageId: string,
  reader: string,
  week: string,
): Promise<DigestLists | undefined> {
  const { ledger } = services;
  const sent = await ledger.get<{ scope: string; week: string }>(digestKeys.message(messageId));
  if (sent) return ledger.get<DigestLists>(digestKeys.lists(sent.scope, sent.week));
  if (!week) return undefined;
  return (
    (await ledger.get<DigestLists>(digestKeys.lists(reader, week))) ??
    ledger.get<DigestLists>(digestKeys.lists(COMPANY, week))
  );
}
