import { describe, expect, it } from "vitest";
import {
  fieldByKey,
  loadTemplate,
  parseTemplate,
  primaryField,
  tableByKey,
} from "../../src/feishu/template.ts";

describe("base template", () => {
  it("loads and validates bitable-templates/base.json", () => {
    const t = loadTemplate();
    expect(t.tables.map((x) => x.key)).toContain("accounts");
  });

  it("finds tables and fields by key", () => {
    const accounts = tableByKey(loadTemplate(), "accounts");
    expect(fieldByKey(accounts, "owner")).toMatchObject({ name: "负责人", type: 11 });
    expect(primaryField(accounts).key).toBe("code");
  });

  it("names the missing key", () => {
    expect(() => tableByKey(loadTemplate(), "nope")).toThrow(/nope/);
    expect(() => fieldByKey(tableByKey(loadTemplate(), "accounts"), "nope")).toThrow(/nope/);
  });

  it("rejects a link to a table the template does not have", () => {
    const broken = {
      name: "x",
      tables: [{ key: "a", name: "A", fields: [{ key: "l", name: "L", type: 18, link: "ghost" }] }],
    };
    expect(() => parseTemplate(broken)).toThrow(/ghost/);
  });
});
