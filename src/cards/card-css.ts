/** Header colours approximate Feishu's templates; tag/font colours its enumerations. */
const TEMPLATE: Record<string, string> = {
  blue: "#3370ff",
  wathet: "#4fc0e8",
  turquoise: "#2ec4b6",
  green: "#34c724",
  yellow: "#ffc60a",
  orange: "#ff8800",
  red: "#f54a45",
  carmine: "#e33c64",
  violet: "#d136d1",
  purple: "#7f3bf5",
  indigo: "#4954e6",
  grey: "#8f959e",
  default: "#1f2329",
};

const COLOR: Record<string, string> = {
  ...TEMPLATE,
  neutral: "#646a73",
  lime: "#8fc31f",
  default: "#1f2329",
};

export function cardCss(): string {
  const templates = Object.entries(TEMPLATE)
    .map(([name, c]) => `.kam-t-${name}{background:${c};color:#fff}`)
    .join("\n");
  const colors = Object.entries(COLOR)
    .map(
      ([name, c]) =>
        `.kam-font.kam-c-${name}{color:${c}}.kam-tag.kam-c-${name}{color:${c};border-color:${c}}`,
    )
    .join("\n");
  return `.kam-card{font:14px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:600px;border:1px solid #dee0e3;border-radius:8px;overflow:hidden;background:#fff;color:#1f2329}
.kam-header{padding:12px}.kam-title{font-weight:600;font-size:16px}.kam-subtitle{font-size:12px;opacity:.85}
.kam-body{padding:12px;display:flex;flex-direction:column;gap:8px}
.kam-md{white-space:normal;word-break:break-word}.kam-size-notation{font-size:12px;color:#646a73}
.kam-hr{border:0;border-top:1px solid #dee0e3;margin:4px 0;width:100%}
.kam-cols{display:flex;gap:8px;flex-wrap:wrap}.kam-col{flex:1;display:flex;flex-direction:column;gap:8px}
.kam-dir-horizontal{flex-direction:row;flex-wrap:wrap;align-items:center}
.kam-btn{font:inherit;font-size:13px;padding:3px 12px;border:1px solid #d0d3d6;border-radius:6px;background:#fff;cursor:pointer}
.kam-btn-primary{color:#3370ff;border-color:#3370ff}.kam-btn-danger{color:#f54a45;border-color:#f54a45}
.kam-btn-primary_filled{background:#3370ff;border-color:#3370ff;color:#fff}.kam-btn-text{border-color:transparent}
.kam-form{display:flex;flex-direction:column;gap:8px;padding:8px;border:1px dashed #dee0e3;border-radius:6px}
.kam-field{display:flex;flex-direction:column;gap:4px}.kam-label{font-weight:600;font-size:13px}
.kam-field input,.kam-field select,.kam-field textarea{font:inherit;padding:4px 8px;border:1px solid #d0d3d6;border-radius:6px}
.kam-table{border-collapse:collapse;width:100%;font-size:13px}.kam-table th,.kam-table td{border-bottom:1px solid #eff0f1;padding:4px 6px;text-align:left}
.kam-table th{background:#f5f6f7}
.kam-chart{min-height:220px;width:100%}
.kam-tag{display:inline-block;font-size:12px;line-height:18px;padding:0 6px;border:1px solid;border-radius:4px}
.kam-link{color:#3370ff}.kam-at{color:#3370ff}
.kam-unknown{display:none}
${templates}
${colors}`;
}
