import type { Operator } from "../bitable/store.ts";
import type { SandboxState, SandboxUser } from "../state.ts";

/** A person the console can act as: who clicks a card in a group, who edits a table cell. */
export type Person = { openId: string; name: string; role: string };

export function personOf(u: SandboxUser): Person {
  return { openId: u.open_id, name: u.name, role: u.job_title ?? "" };
}

/** Everyone in the directory, in the order they were seeded (the demo org: head, leaders, managers). */
export function people(state: SandboxState): Person[] {
  return [...state.users.values()].map(personOf);
}

/**
 * Edits in the console stand for a person editing in Feishu, so they need a person, not the bot. The
 * default is the first team leader (someone with a leader who also leads others), else anyone.
 */
export function defaultActor(state: SandboxState): Person | undefined {
  const users = [...state.users.values()];
  const leads = new Set(users.map((u) => u.leader_user_id).filter(Boolean));
  const leader = users.find((u) => u.leader_user_id && leads.has(u.open_id));
  const chosen = leader ?? users[0];
  return chosen ? personOf(chosen) : undefined;
}

/** The chosen person when they exist, else the default actor. */
export function actor(state: SandboxState, openId: string | undefined): Person | undefined {
  const u = openId ? state.users.get(openId) : undefined;
  return u ? personOf(u) : defaultActor(state);
}

export function operatorOf(state: SandboxState, openId: string): Operator {
  const u = state.users.get(openId);
  return u ? { open_id: u.open_id, union_id: u.union_id, user_id: u.user_id } : { open_id: openId };
}
