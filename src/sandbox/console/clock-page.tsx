import { Layout } from "./layout.tsx";
import { offsetText, shanghaiDateTime } from "./shanghai-time.ts";

export const DEFAULT_JOBS = "sync,reminders,greetings,surveys,digest";

export function ClockFace(props: { now: number; offsetMs: number }) {
  return (
    <div class="clock-face" data-version={String(Math.floor(props.now / 1000))} data-now={String(props.now)}>
      <div class="clock-time">{shanghaiDateTime(props.now)}</div>
      <div class="hint">
        Asia/Shanghai · {new Date(props.now).toISOString()} · 偏移 offset {offsetText(props.offsetMs)}
      </div>
    </div>
  );
}

export function ClockPage(props: {
  now: number;
  offsetMs: number;
  serviceUrl: string;
  tokenSet: boolean;
  jobs: string;
  jobsListed: boolean;
}) {
  return (
    <Layout title="时钟 Clock" section="clock">
      <h1>时钟 Clock</h1>
      <section class="panel">
        <div id="clock" class="live" data-live="/console/clock?part=face" data-interval="1000">
          <ClockFace now={props.now} offsetMs={props.offsetMs} />
        </div>
        <div class="row">
          <label>
            设为 set to (上海时间 Shanghai){" "}
            <input
              type="datetime-local"
              id="clock-at"
              step="60"
              value={shanghaiDateTime(props.now).slice(0, 16).replace(" ", "T")}
            />
          </label>
          <button type="button" id="clock-set">
            设置 set
          </button>
          <button type="button" id="clock-real" data-offset={String(props.offsetMs)}>
            回到实时 back to real time
          </button>
        </div>
      </section>
      <section class="panel">
        <h2>服务 Service</h2>
        <p class="hint">
          任务通过服务的 admin 接口运行 jobs run through the service's admin API: POST {"{service}"}
          /admin/jobs/:name
        </p>
        <div class="row">
          <label>
            地址 URL{" "}
            <input id="service-url" size={32} value={props.serviceUrl} placeholder="http://127.0.0.1:3000" />
          </label>
          <label>
            管理令牌 admin token{" "}
            <input
              id="service-token"
              type="password"
              size={24}
              placeholder={props.tokenSet ? "已设置 set" : "KAM_ADMIN_TOKEN"}
            />
          </label>
          <button type="button" id="service-save">
            保存 save
          </button>
        </div>
      </section>
      <section class="panel">
        <h2>任务 Jobs</h2>
        <div class="row">
          <label>
            任务 jobs {props.jobsListed ? "(来自服务 from the service)" : ""}{" "}
            <input id="job-names" size={48} value={props.jobs} />
          </label>
        </div>
        <div class="row">
          <button type="button" class="primary" id="run-today">
            运行当日任务 run today's jobs
          </button>
          <button type="button" data-advance-days="1">
            +1 天 day
          </button>
          <button type="button" data-advance-days="7">
            +7 天 days
          </button>
          <button type="button" data-advance-days="30">
            +30 天 days
          </button>
        </div>
        <p class="hint">
          +N 天：每次前进一天并运行当日任务 +N days: step one day at a time and run that day's jobs.
        </p>
        <ol id="job-log" class="job-log" />
      </section>
    </Layout>
  );
}
