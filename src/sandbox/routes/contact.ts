import { Hono } from "hono";
import { Codes, ok, SandboxError } from "../envelope.ts";
import type { SandboxContext, SandboxEnv } from "../guard.ts";
import { guard } from "../guard.ts";
import type { Page } from "../im/paging.ts";
import { pageOf } from "../im/paging.ts";
import { departmentIdAs, findDepartment, findUser, userIdAs } from "../org.ts";
import type { SandboxDepartment, SandboxState, SandboxUser } from "../state.ts";

const LEVEL_4 = { perMinute: 1000, perSecond: 50 };
const MAX_BATCH_USERS = 50;
const USER_ID_TYPES = ["open_id", "user_id", "union_id"];
const DEPARTMENT_ID_TYPES = ["open_department_id", "department_id"];

/** /open-apis/contact/v3: one user, a department's direct members (paged), the older user list, one department. */
export function contactRoutes(state: SandboxState) {
  const app = new Hono<SandboxEnv>();
  const users = "/open-apis/contact/v3/users";

  // Registered before /users/:user_id so the static path wins.
  app.get(
    `${users}/find_by_department`,
    guard(state, { name: "contact.user.find_by_department", limit: LEVEL_4 }),
    (c) => {
      const { userIdType, deptIdType } = idTypes(c);
      const dept = departmentParam(state, c, true)!;
      const page = pageOf(membersOf(state, dept), c.req.query("page_size"), c.req.query("page_token"), {
        defaultSize: 10,
        maxSize: 50,
      });
      return ok(
        c,
        pageBody(page, (u) => renderUser(state, u, userIdType, deptIdType)),
      );
    },
  );

  // Up to 50 ids (user_ids repeated); people outside the app's contact scope are left out, not an error.
  app.get(`${users}/batch`, guard(state, { name: "contact.user.batch", limit: LEVEL_4 }), (c) => {
    const { userIdType, deptIdType } = idTypes(c);
    const ids = c.req.queries("user_ids") ?? [];
    if (ids.length === 0) throw badParam("user_ids is required");
    if (ids.length > MAX_BATCH_USERS)
      throw badParam(`user_ids has ${ids.length} ids, at most ${MAX_BATCH_USERS}`);
    const items = ids.flatMap((id) => {
      const user = findUser(state, userIdType, id);
      return user ? [renderUser(state, user, userIdType, deptIdType)] : [];
    });
    return ok(c, { items });
  });

  app.get(users, guard(state, { name: "contact.user.list", limit: LEVEL_4 }), (c) => {
    const { userIdType, deptIdType } = idTypes(c);
    const dept = departmentParam(state, c, false);
    const all = dept ? membersOf(state, dept) : [...state.users.values()];
    const page = pageOf(all, c.req.query("page_size"), c.req.query("page_token"), {
      defaultSize: 10,
      maxSize: 100,
    });
    return ok(
      c,
      pageBody(page, (u) => renderUser(state, u, userIdType, deptIdType)),
    );
  });

  app.get(`${users}/:user_id`, guard(state, { name: "contact.user.get", limit: LEVEL_4 }), (c) => {
    const { userIdType, deptIdType } = idTypes(c);
    const user = findUser(state, userIdType, c.req.param("user_id"));
    if (!user) throw new SandboxError(Codes.contactUserNotFound, "no user authority error");
    return ok(c, { user: renderUser(state, user, userIdType, deptIdType) });
  });

  app.get(
    "/open-apis/contact/v3/departments/:department_id",
    guard(state, { name: "contact.department.get", limit: LEVEL_4 }),
    (c) => {
      const { userIdType, deptIdType } = idTypes(c);
      const dept = findDepartment(state, deptIdType, c.req.param("department_id"));
      if (!dept) throw new SandboxError(Codes.contactDeptNotFound, "department not exist");
      return ok(c, { department: renderDepartment(state, dept, userIdType, deptIdType) });
    },
  );
  return app;
}

function idTypes(c: SandboxContext) {
  const userIdType = c.req.query("user_id_type") ?? "open_id";
  const deptIdType = c.req.query("department_id_type") ?? "open_department_id";
  if (!USER_ID_TYPES.includes(userIdType)) throw badParam(`user_id_type ${userIdType}`);
  if (!DEPARTMENT_ID_TYPES.includes(deptIdType)) throw badParam(`department_id_type ${deptIdType}`);
  return { userIdType, deptIdType };
}

function departmentParam(
  state: SandboxState,
  c: SandboxContext,
  required: boolean,
): SandboxDepartment | undefined {
  const id = c.req.query("department_id");
  if (!id) {
    if (required) throw badParam("department_id is required");
    return undefined;
  }
  const dept = findDepartment(state, c.req.query("department_id_type") ?? "open_department_id", id);
  if (!dept) throw new SandboxError(Codes.contactNoDeptAuthority, "no dept authority error", 403);
  return dept;
}

/** Direct members only, as find_by_department documents (not members of sub-departments). */
function membersOf(state: SandboxState, dept: SandboxDepartment): SandboxUser[] {
  return [...state.users.values()].filter((u) => u.department_ids.includes(dept.open_department_id));
}

function pageBody<T>(page: Page<T>, render: (item: T) => unknown) {
  if (!page.ok) {
    if (page.kind === "page_size") throw new SandboxError(Codes.contactBadPageSize, "page size is invalid");
    throw new SandboxError(Codes.contactBadPageToken, "page token is invalid error");
  }
  return {
    has_more: page.hasMore,
    ...(page.pageToken ? { page_token: page.pageToken } : {}),
    items: page.items.map(render),
  };
}

export function renderUser(state: SandboxState, u: SandboxUser, userIdType: string, deptIdType: string) {
  const out: Record<string, unknown> = {
    union_id: u.union_id,
    user_id: u.user_id,
    open_id: u.open_id,
    name: u.name,
    en_name: u.en_name,
    email: u.email,
    status: u.status,
    department_ids: u.department_ids.map((d) => departmentIdAs(state, d, deptIdType)),
    employee_type: 1,
  };
  if (u.mobile) out.mobile = u.mobile;
  if (u.job_title) out.job_title = u.job_title;
  const leader = userIdAs(state, u.leader_user_id, userIdType);
  if (leader) out.leader_user_id = leader;
  return out;
}

function renderDepartment(state: SandboxState, d: SandboxDepartment, userIdType: string, deptIdType: string) {
  const members = new Set<string>();
  const seen = new Set<string>();
  const collect = (openDeptId: string) => {
    if (seen.has(openDeptId)) return;
    seen.add(openDeptId);
    for (const u of state.users.values()) if (u.department_ids.includes(openDeptId)) members.add(u.open_id);
    for (const child of state.departments.values()) {
      if (child.parent_department_id === openDeptId) collect(child.open_department_id);
    }
  };
  collect(d.open_department_id);
  const out: Record<string, unknown> = {
    name: d.name,
    i18n_name: { zh_cn: d.name },
    parent_department_id: d.parent_department_id
      ? departmentIdAs(state, d.parent_department_id, deptIdType)
      : "",
    department_id: d.department_id,
    open_department_id: d.open_department_id,
    member_count: members.size,
    primary_member_count: members.size,
    status: { is_deleted: false },
    order: "0",
  };
  const leader = userIdAs(state, d.leader_user_id, userIdType);
  if (leader) out.leader_user_id = leader;
  return out;
}

function badParam(detail: string): SandboxError {
  return new SandboxError(Codes.contactBadParam, `invalid parameter: ${detail}`);
}
