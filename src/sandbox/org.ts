import { z } from "zod";
import { demoOrg } from "./demo-org.ts";
import type { SandboxDepartment, SandboxState, SandboxUser } from "./state.ts";
import { newId } from "./state.ts";

/**
 * The sandbox's contact directory: lookups by any id type, and seeding from explicit users/departments
 * or the demo generator. Stored forms: users keyed by open_id, leader_user_id as an open_id;
 * departments keyed by open_department_id, department_ids and parent ids as open_department_ids ("0" = root).
 */
export const ROOT_DEPARTMENT = "0";

const UserInput = z.object({
  open_id: z.string().min(1).optional(),
  user_id: z.string().min(1).optional(),
  union_id: z.string().min(1).optional(),
  name: z.string().min(1),
  en_name: z.string().optional(),
  email: z.email().optional(),
  mobile: z.string().optional(),
  department_ids: z.array(z.string()).default([]),
  leader_user_id: z.string().optional(),
  job_title: z.string().optional(),
  resigned: z.boolean().default(false),
  available: z.boolean().default(true),
});
const DepartmentInput = z.object({
  department_id: z.string().min(1).optional(),
  open_department_id: z.string().min(1).optional(),
  name: z.string().min(1),
  parent_department_id: z.string().default(ROOT_DEPARTMENT),
  leader_user_id: z.string().optional(),
});
export const SeedOrgSchema = z.union([
  z.object({
    demo: z.literal(true),
    managers: z.number().int().min(0).max(1000).default(20),
    teams: z.number().int().min(1).max(50).default(3),
    seed: z.number().int().default(42),
    merge: z.boolean().default(false),
  }),
  z.object({
    users: z.array(UserInput).default([]),
    departments: z.array(DepartmentInput).default([]),
    merge: z.boolean().default(false),
  }),
]);
export type SeedOrgInput = z.infer<typeof SeedOrgSchema>;

/** Replaces (or with merge, extends) the directory; returns what is there now. */
export function seedOrg(state: SandboxState, input: SeedOrgInput) {
  if (!input.merge) {
    state.users.clear();
    state.departments.clear();
  }
  const org = "demo" in input ? demoOrg(input.seed, input) : explicitOrg(state, input);
  for (const d of org.departments) state.departments.set(d.open_department_id, d);
  for (const u of org.users) state.users.set(u.open_id, u);
  return {
    users: state.users.size,
    departments: state.departments.size,
    added: org.users.map((u) => u.open_id),
  };
}

function explicitOrg(
  state: SandboxState,
  input: { users: z.infer<typeof UserInput>[]; departments: z.infer<typeof DepartmentInput>[] },
) {
  const departments: SandboxDepartment[] = input.departments.map((d) => {
    const open = d.open_department_id ?? newId(state, "od-", 32).toLowerCase();
    return {
      department_id: d.department_id ?? open,
      open_department_id: open,
      name: d.name,
      parent_department_id: d.parent_department_id,
    };
  });
  const deptOpenId = (id: string) =>
    departments.find((d) => d.department_id === id || d.open_department_id === id)?.open_department_id ??
    findDepartment(state, "department_id", id)?.open_department_id ??
    id;
  for (const d of departments) d.parent_department_id = deptOpenId(d.parent_department_id);
  const users: SandboxUser[] = input.users.map((u) => ({
    open_id: u.open_id ?? newId(state, "ou_", 32).toLowerCase(),
    user_id: u.user_id ?? newId(state, "", 8).toLowerCase(),
    union_id: u.union_id ?? newId(state, "on_", 32).toLowerCase(),
    name: u.name,
    en_name: u.en_name ?? "",
    email: u.email ?? "",
    mobile: u.mobile,
    department_ids: u.department_ids.map(deptOpenId),
    leader_user_id: u.leader_user_id,
    job_title: u.job_title,
    status: {
      is_activated: !u.resigned,
      is_resigned: u.resigned,
      is_frozen: false,
      is_exited: false,
      is_unjoin: false,
    },
    available: u.available,
  }));
  const userOpenId = (id: string) =>
    users.find((u) => u.open_id === id || u.user_id === id)?.open_id ??
    findUser(state, "user_id", id)?.open_id ??
    id;
  for (const u of users) if (u.leader_user_id) u.leader_user_id = userOpenId(u.leader_user_id);
  input.departments.forEach((d, i) => {
    if (d.leader_user_id) departments[i]!.leader_user_id = userOpenId(d.leader_user_id);
  });
  return { users, departments };
}

/** A user by open_id, user_id, union_id or email (case-insensitive). */
export function findUser(state: SandboxState, idType: string, id: string): SandboxUser | undefined {
  if (idType === "open_id") return state.users.get(id);
  const field =
    idType === "user_id"
      ? "user_id"
      : idType === "union_id"
        ? "union_id"
        : idType === "email"
          ? "email"
          : undefined;
  if (!field) return undefined;
  const want = field === "email" ? id.toLowerCase() : id;
  for (const u of state.users.values()) {
    const have = field === "email" ? u.email.toLowerCase() : u[field];
    if (have === want) return u;
  }
  return undefined;
}

/** Messages reach a user only inside the app's availability and while employed (both fail with 230013). */
export function isReachable(user: SandboxUser): boolean {
  return user.available !== false && !user.status.is_resigned;
}

/** A department by open_department_id or department_id; "0" is the tenant's root. */
export function findDepartment(
  state: SandboxState,
  idType: string,
  id: string,
): SandboxDepartment | undefined {
  if (id === ROOT_DEPARTMENT) {
    return { department_id: "0", open_department_id: "0", name: "", parent_department_id: "" };
  }
  if (idType === "open_department_id") return state.departments.get(id);
  for (const d of state.departments.values()) if (d.department_id === id) return d;
  return undefined;
}

/** A user id rendered in the id type a request asked for. */
export function userIdAs(
  state: SandboxState,
  openId: string | undefined,
  idType: string,
): string | undefined {
  if (!openId) return undefined;
  const u = state.users.get(openId);
  if (!u) return openId;
  return idType === "user_id" ? u.user_id : idType === "union_id" ? u.union_id : u.open_id;
}

/** A department id rendered in the id type a request asked for. */
export function departmentIdAs(state: SandboxState, openDeptId: string, idType: string): string {
  if (idType !== "department_id") return openDeptId;
  return state.departments.get(openDeptId)?.department_id ?? openDeptId;
}
