import { prepareSandboxDemo } from "../ops/sandbox-demo.ts";
import { followSandboxClock } from "../runtime/following-clock.ts";
import { startNodeService } from "../runtime/node.ts";
import type { Command } from "./command.ts";
import { openContext } from "./context.ts";
import { control } from "./ensure-sandbox.ts";
import { perTableProgress } from "./progress.ts";
import { todayIn } from "./today.ts";

export const serveCommand: Command = {
  name: "serve",
  summary:
    "启动服务（无凭证时连同沙箱与演示数据）/ run the service (with the sandbox and a demo book when no credentials)",
  usage: `Usage: kam serve [--no-demo]

Runs the webhook service on PORT: Feishu events and card callbacks, /healthz, /metrics, /admin/jobs/:name.
Without FEISHU_APP_ID it also runs the Feishu sandbox on SANDBOX_PORT, points its deliveries at the service,
and provisions and seeds a demo base (skip the seeding with --no-demo).`,
  options: { "no-demo": { type: "boolean" } },
  async run({ values }) {
    const ctx = await openContext({ keepSandbox: true, quietSandbox: true });
    const { config, out } = ctx;
    const clock = ctx.sandbox ? followSandboxClock(ctx.sandbox.url) : undefined;
    await clock?.refresh();
    const service = await startNodeService(config, ctx.logger, ctx.client, { clock });
    out("");
    out(
      `feishu-kam 已启动 started (${config.mode === "sandbox" ? "沙箱模式 sandbox mode" : `飞书 ${config.domain}`})`,
    );
    out(`  服务健康检查 health:   ${service.url}/healthz`);
    out(`  事件与回调 callbacks:  ${service.url}/feishu/events , ${service.url}/feishu/cards`);
    if (ctx.sandbox) {
      out(`  沙箱控制台 console:    ${ctx.sandbox.url}/`);
      out(`  沙箱 Open API:         ${ctx.sandbox.url}/open-apis/`);
      out(`  沙箱凭证 sandbox credentials (also in ./data/sandbox.json; sandbox only, not secrets):`);
      out(`    FEISHU_APP_ID=${config.appId}  BITABLE_APP_TOKEN=${config.appToken}`);
      out(`    FEISHU_APP_SECRET=${config.appSecret}  FEISHU_ENCRYPT_KEY=${config.encryptKey}`);
      out(`    FEISHU_VERIFICATION_TOKEN=${config.verificationToken}  KAM_ADMIN_TOKEN=${config.adminToken}`);
    }
    out("");
    // The console's clock page runs the day's jobs through the admin endpoint.
    if (ctx.sandbox)
      await control(ctx.sandbox.url, "/_sandbox/service", {
        url: service.url,
        adminToken: config.adminToken,
      });
    if (ctx.sandbox && !values["no-demo"]) {
      try {
        const summary = await prepareSandboxDemo(config, ctx.sandbox.url, ctx.gw, {
          serviceUrl: service.url,
          today: todayIn(config.tz),
          onProgress: perTableProgress("演示数据 demo"),
        });
        const created = Object.values(summary).reduce((n, s) => n + s.created, 0);
        out(`演示数据就绪 demo book ready: ${created} 行新建 rows created`);
      } catch (err) {
        out(`演示数据失败 demo seeding failed: ${(err as Error).message}`);
      }
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    out("正在停止 stopping…");
    await service.stop();
    await ctx.close();
    await ctx.sandbox?.stop();
    return 0;
  },
};
