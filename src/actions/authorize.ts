import type { Toast } from "../deps.ts";
import { findUser } from "../jobs/reminders/people.ts";
import type { Services } from "../services.ts";

export type Authorization = { ok: true; as: "admin" | "owner" | "leader" } | { ok: false; toast: Toast };

export const FORBIDDEN_TOAST: Toast = {
  type: "error",
  content: "无权操作：只有该客户的负责人、其上级或管理员可以处理",
  i18n: {
    zh_cn: "无权操作：只有该客户的负责人、其上级或管理员可以处理",
    en_us: "Not allowed: only the account's owner, their leader or an admin can do this",
  },
};

/**
 * Who may act on an account's buttons: its current owner (as Bitable says now, not as the card says),
 * the owner's leader in the contact directory, or a configured admin (KAM_ADMIN_IDS).
 */
export async function authorizeAccountAction(
  services: Services,
  operatorOpenId: string,
  ownerOpenId: string | undefined,
): Promise<Authorization> {
  if (operatorOpenId && services.config.adminIds.includes(operatorOpenId)) return { ok: true, as: "admin" };
  if (operatorOpenId && ownerOpenId) {
    if (operatorOpenId === ownerOpenId) return { ok: true, as: "owner" };
    const owner = await findUser(services, ownerOpenId);
    if (owner?.leaderUserId === operatorOpenId) return { ok: true, as: "leader" };
  }
  services.logger.warn("card.forbidden", { operator: operatorOpenId, owner: ownerOpenId ?? null });
  return { ok: false, toast: FORBIDDEN_TOAST };
}
