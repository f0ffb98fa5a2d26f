import { FORM, reassignFormSchema } from "../cards/action-values.ts";
import { buildHandoverCard } from "../cards/handover.ts";
import { toasts } from "../cards/status.ts";
import type { Card } from "../cards/types.ts";
import type { CardActionHandler } from "../deps.ts";
import { type BookAccount, writeAccount } from "../jobs/reminders/account-book.ts";
import { findUser } from "../jobs/reminders/people.ts";
import { sendCardOnce } from "../jobs/send-once.ts";
import type { Services } from "../services.ts";
import { noteOnAccount } from "./account-notes.ts";
import { errorToast, visitActionHandler } from "./visit-action.ts";

const f = FORM.reassign;
const MAX_CANDIDATES = 50;

/** Whom 转交 offers: the owner's teammates (a p2p chat has no members to pick from). */
async function candidates(services: Services, account: BookAccount): Promise<string[]> {
  if (!account.ownerId) return [];
  const owner = await findUser(services, account.ownerId);
  const department = owner?.departmentIds[0];
  if (!department) return [];
  try {
    const team = await services.client.contacts.usersInDepartment(department);
    return team
      .filter((u) => u.openId !== account.ownerId && !u.status.is_resigned)
      .map((u) => u.openId)
      .slice(0, MAX_CANDIDATES);
  } catch {
    return [];
  }
}

/**
 * The new owner hears of it in a card of their own, sent after the callback is answered and keyed to the
 * button's effect, so a replayed click sends nothing twice. A failed send is logged; the handover stands.
 */
function tellNewOwner(services: Services, msg: { key: string; to: string; card: Card }): void {
  services.background.run(msg.key, async () => {
    try {
      await sendCardOnce(services, {
        key: msg.key,
        job: "actions",
        receiveIdType: "open_id",
        receiveId: msg.to,
        card: msg.card,
      });
    } catch (err) {
      services.logger.warn("reassign.notify_failed", { error: (err as Error).message });
    }
  });
}

/** 转交: hands the account to a colleague the directory knows; 负责人 changes, the reason is noted. */
export function visitReassignAction(services: Services): CardActionHandler {
  return visitActionHandler(services, {
    action: "visit.reassign",
    mode: "reassign",
    form: reassignFormSchema,
    labels: { [f.to]: "reassign.to", [f.reason]: "reassign.reason" },
    async onOpen(services, account) {
      return { reassignCandidates: await candidates(services, account) };
    },
    async check({ services, form, account }) {
      const to = form[f.to];
      if (to === account.ownerId)
        return errorToast("已经是该客户的负责人", "That person already owns this account");
      const user = await findUser(services, to);
      if (!user || user.status.is_resigned || user.status.is_frozen)
        return errorToast("找不到这位同事，请重新选择", "Unknown or inactive person; pick someone else");
      return undefined;
    },
    async apply({ services, value, form, account, stamp, operator }) {
      const to = form[f.to];
      const user = await findUser(services, to);
      await writeAccount(services, account.recordId, { owner: to });
      await noteOnAccount(services.ledger, account.recordId, {
        at: stamp.at,
        by: operator.openId,
        kind: "reassigned",
        ...(form[f.reason] ? { text: form[f.reason] } : {}),
        detail: { from: account.ownerId ?? "", to },
      });
      tellNewOwner(services, {
        key: `handover:${value.k}`,
        to,
        card: buildHandoverCard({
          toName: user?.name || to,
          fromName: operator.name,
          account: {
            code: account.code,
            name: account.name,
            tier: account.tier,
            nextVisitDue: account.nextVisitDue,
          },
          reason: form[f.reason] || undefined,
          at: stamp.at,
        }),
      });
      return {
        outcome: { kind: "reassigned", to: user?.name || to, ...stamp },
        toast: toasts.reassigned(),
      };
    },
  });
}
