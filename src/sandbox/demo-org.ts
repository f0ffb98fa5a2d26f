import type { SandboxDepartment, SandboxUser } from "./state.ts";

/**
 * A deterministic demo org chart for the key-account team: a company head running the 大客户部, one leader
 * per team (reporting to the head) and managers spread over the teams (reporting to their team leader).
 * The same seed always gives the same names and ids, so demos, docs and tests can refer to them.
 */
export type DemoOrgOptions = { managers?: number; teams?: number; emailDomain?: string };
export type DemoOrg = { users: SandboxUser[]; departments: SandboxDepartment[] };

const SURNAMES: [string, string][] = [
  ["王", "wang"],
  ["李", "li"],
  ["张", "zhang"],
  ["刘", "liu"],
  ["陈", "chen"],
  ["杨", "yang"],
  ["黄", "huang"],
  ["赵", "zhao"],
  ["吴", "wu"],
  ["周", "zhou"],
  ["徐", "xu"],
  ["孙", "sun"],
  ["马", "ma"],
  ["朱", "zhu"],
  ["胡", "hu"],
  ["郭", "guo"],
  ["何", "he"],
  ["高", "gao"],
  ["林", "lin"],
  ["罗", "luo"],
  ["郑", "zheng"],
  ["梁", "liang"],
  ["谢", "xie"],
  ["宋", "song"],
  ["唐", "tang"],
  ["韩", "han"],
  ["冯", "feng"],
  ["邓", "deng"],
];
const GIVEN: [string, string][] = [
  ["伟", "wei"],
  ["芳", "fang"],
  ["娜", "na"],
  ["敏", "min"],
  ["静", "jing"],
  ["丽", "li"],
  ["强", "qiang"],
  ["磊", "lei"],
  ["军", "jun"],
  ["洋", "yang"],
  ["勇", "yong"],
  ["艳", "yan"],
  ["杰", "jie"],
  ["涛", "tao"],
  ["明", "ming"],
  ["超", "chao"],
  ["霞", "xia"],
  ["平", "ping"],
  ["刚", "gang"],
  ["英", "ying"],
  ["华", "hua"],
  ["慧", "hui"],
  ["建", "jian"],
  ["国", "guo"],
  ["文", "wen"],
  ["斌", "bin"],
  ["宇", "yu"],
  ["浩", "hao"],
  ["欣", "xin"],
  ["婷", "ting"],
  ["晨", "chen"],
  ["博", "bo"],
  ["嘉", "jia"],
  ["雪", "xue"],
  ["琳", "lin"],
  ["涵", "han"],
  ["思", "si"],
  ["雨", "yu"],
  ["晓", "xiao"],
  ["佳", "jia"],
  ["志", "zhi"],
  ["鹏", "peng"],
];
const TEAM_NAMES = ["华东", "华北", "华南", "西南", "华中", "西北", "东北"];

export function demoOrg(seed: number, opts: DemoOrgOptions = {}): DemoOrg {
  const managers = opts.managers ?? 20;
  const teams = Math.max(1, opts.teams ?? 3);
  const domain = opts.emailDomain ?? "example.com";
  const random = mulberry32(seed);
  const names = nameGenerator(random);
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("");

  const kam: SandboxDepartment = {
    department_id: "D100",
    open_department_id: `od-${hex(32)}`,
    name: "大客户部",
    parent_department_id: "0",
  };
  const departments = [kam];
  const users: SandboxUser[] = [];
  const person = (dept: SandboxDepartment, jobTitle: string, leader?: SandboxUser): SandboxUser => {
    const n = names();
    const user: SandboxUser = {
      open_id: `ou_${hex(32)}`,
      user_id: hex(8),
      union_id: `on_${hex(32)}`,
      name: n.name,
      en_name: n.enName,
      email: `${n.emailLocal}@${domain}`,
      mobile: `+861${3 + Math.floor(random() * 7)}${String(Math.floor(random() * 1e9)).padStart(9, "0")}`,
      department_ids: [dept.open_department_id],
      job_title: jobTitle,
      status: {
        is_activated: true,
        is_resigned: false,
        is_frozen: false,
        is_exited: false,
        is_unjoin: false,
      },
    };
    if (leader) user.leader_user_id = leader.open_id;
    users.push(user);
    return user;
  };

  const head = person(kam, "大客户部总经理");
  kam.leader_user_id = head.open_id;
  const leaders: SandboxUser[] = [];
  const teamDepts: SandboxDepartment[] = [];
  for (let t = 0; t < teams; t++) {
    const region = TEAM_NAMES[t] ?? `第${t + 1}`;
    const dept: SandboxDepartment = {
      department_id: `D1${String(t + 1).padStart(2, "0")}`,
      open_department_id: `od-${hex(32)}`,
      name: `${region}大客户组`,
      parent_department_id: kam.open_department_id,
    };
    const leader = person(dept, `${region}大客户总监`, head);
    dept.leader_user_id = leader.open_id;
    departments.push(dept);
    teamDepts.push(dept);
    leaders.push(leader);
  }
  for (let m = 0; m < managers; m++) {
    const t = m % teams;
    person(teamDepts[t]!, random() < 0.3 ? "高级大客户经理" : "大客户经理", leaders[t]);
  }
  return { users, departments };
}

/** Unique Chinese names with matching pinyin (for en_name and e-mail). */
function nameGenerator(random: () => number) {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const seen = new Set<string>();
  const emails = new Set<string>();
  return () => {
    for (;;) {
      const [surname, surnamePy] = pick(SURNAMES);
      const given = random() < 0.7 ? [pick(GIVEN), pick(GIVEN)] : [pick(GIVEN)];
      const name = surname + given.map((g) => g[0]).join("");
      if (seen.has(name)) continue;
      seen.add(name);
      const givenPy = given.map((g) => g[1]).join("");
      const enName = `${capitalize(givenPy)} ${capitalize(surnamePy)}`;
      let emailLocal = `${givenPy}.${surnamePy}`;
      for (let i = 2; emails.has(emailLocal); i++) emailLocal = `${givenPy}.${surnamePy}${i}`;
      emails.add(emailLocal);
      return { name, enName, emailLocal };
    }
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Small, fast, seedable PRNG (mulberry32): the same seed gives the same org on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
