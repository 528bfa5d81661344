/**
 * `.platform/` (hooks, confighooks, nginx and Apache configuration) and `cron.yaml`: files EB
 * acted on at deployment time that have no ECS counterpart. Each one is reported with what to
 * do instead; nginx files are skimmed for the rules that map onto load-balancer features.
 */
import { sourceFile } from '../../ir/source-file.js';
import { parseYaml } from '../../yaml/parse.js';
import { get } from '../../yaml/node.js';
import { noteFile, originOf, scalarString, type EbContext } from './common.js';
import { toAwsCron } from './option-settings.js';

const HOOK_ADVICE: Record<string, string> = {
  prebuild: 'It prepared the instance before the app was built; on ECS, do this in the Dockerfile',
  predeploy: 'It ran before the new version went live; on ECS, put it in the image build, or in a one-off task before the deploy if it changes shared state',
  postdeploy: 'It ran after the new version went live; on ECS, put start-up work in the container entrypoint, or run it as a one-off task after the deploy',
};

export function reportPlatformFiles(ctx: EbContext): void {
  if (ctx.bundle.kindOf('.platform') !== 'dir') return;
  const files = ctx.bundle.walk('.platform', 500);
  for (const rel of files) {
    const parts = rel.split('/');
    const area = parts[1] ?? '';
    const origin = { file: rel, line: 1, column: 1, path: '' };
    if ((area === 'hooks' || area === 'confighooks') && parts.length >= 4) {
      const phase = parts[2] as string;
      const advice = HOOK_ADVICE[phase] ?? 'ECS has no deployment hooks: move the work into the image build, or into a one-off task';
      ctx.reporter.report('eb/platform-hook', `${rel} is a ${phase} ${area === 'confighooks' ? 'configuration-deployment ' : ''}hook that EB ran as root on each instance.`, {
        origin,
        hint: `${advice}.`,
      });
      continue;
    }
    if (area === 'nginx' || area === 'httpd') {
      reportProxyFile(ctx, rel, area);
      continue;
    }
    if (rel.endsWith('.config')) {
      ctx.reporter.report('eb/config-file', `${rel} is an .ebextensions-style file under .platform/, where EB does not read it.`, {
        origin,
        severity: 'info',
        hint: 'EB reads option settings only from .ebextensions/*.config; ecsify skips it like EB does.',
      });
      continue;
    }
    ctx.reporter.report('eb/platform-hook', `${rel} is not a hook or proxy file EB knows; it is only copied with the bundle.`, {
      origin,
      severity: 'info',
      hint: 'If the app reads it, COPY it into the image.',
    });
  }
}

function reportProxyFile(ctx: EbContext, rel: string, area: string): void {
  const text = ctx.bundle.readText(rel);
  if (text !== undefined) noteFile(ctx, rel, text);
  const origin = { file: rel, line: 1, column: 1, path: '' };
  const notes: string[] = [];
  if (text) {
    if (/return\s+30[1278]\s+https:|rewrite\s+.*https:\/\/|\$http_x_forwarded_proto/.test(text)) {
      notes.push('It redirects HTTP to HTTPS: the generated load balancer does that with a redirect action on port 80.');
    }
    if (/client_max_body_size/.test(text)) notes.push('It changes client_max_body_size: the load balancer has no request size limit, but the app server may.');
    const locations = [...text.matchAll(/location\s+([^\s{]+)\s*\{[^}]*proxy_pass\s+http:\/\/[^:;\s]+:(\d+)/g)].map((m) => `${m[1]} → port ${m[2]}`);
    if (locations.length > 0) notes.push(`It routes paths to ports (${locations.join(', ')}): those become listener rules to the services that listen there.`);
    if (/gzip\s+on/.test(text)) notes.push('It turns on gzip: let the app compress responses, or put CloudFront in front.');
  }
  ctx.reporter.report('eb/proxy-config', `${rel} configures the ${area === 'nginx' ? 'nginx' : 'Apache'} proxy EB ran in front of the app.`, {
    origin,
    hint: 'On ECS the load balancer forwards straight to the container: redirects and path routing become listener rules; anything else needs an nginx sidecar or app changes.',
    notes,
  });
}

/** `cron.yaml` (worker environments): periodic tasks sqsd posted to the app. */
export function reportCronYaml(ctx: EbContext): boolean {
  const rel = ctx.bundle.kindOf('cron.yaml') === 'file' ? 'cron.yaml' : ctx.bundle.kindOf('cron.yml') === 'file' ? 'cron.yml' : undefined;
  if (!rel) return false;
  const text = ctx.bundle.readText(rel);
  if (text === undefined) return false;
  noteFile(ctx, rel, text);
  const parsed = parseYaml(sourceFile(rel, text), ctx.reporter, { strictKeys: false, duplicateKeys: 'warning', secretPolicy: ctx.secrets.policy });
  const root = parsed.documents[0]?.root;
  if (parsed.documents[0]?.skipped) return true; // reported as yaml/alias-bomb
  const cron = get(root, 'cron');
  if (cron?.kind !== 'seq' || cron.items.length === 0) {
    ctx.reporter.report('eb/cron', `${rel} defines no periodic tasks (a \`cron:\` list).`, {
      origin: root ? originOf(root, '') : { file: rel, line: 1, column: 1, path: '' },
      hint: 'Write `version: 1` and `cron: [{name, url, schedule}]`.',
    });
    return true;
  }
  cron.items.forEach((item, i) => {
    const name = scalarString(get(item, 'name')) ?? `#${i + 1}`;
    const url = scalarString(get(item, 'url')) ?? '/';
    const schedule = scalarString(get(item, 'schedule')) ?? '';
    ctx.reporter.report('eb/cron', `Periodic task \`${name}\` POSTed to ${url} on the schedule \`${schedule}\`.`, {
      origin: originOf(item, `cron[${i}]`),
      hint: `Create an EventBridge Scheduler schedule (${toAwsCron(schedule)?.schedule ?? 'cron(...)'}, UTC) that runs a task calling ${url}, or sends a message to the worker's queue.`,
    });
  });
  return true;
}
