/**
 * `depends_on` (list, or mapping with `condition`, `required`, `restart`). Resolved in tasks.ts:
 * a dependency in the same task becomes a container `dependsOn` (service_started → START,
 * service_healthy → HEALTHY, service_completed_successfully → SUCCESS); one across ECS services
 * becomes a `Service.calls` entry (the passes say what ECS cannot guarantee there).
 */
import { isMap, isScalar } from '../../yaml/node.js';
import type { DependencyCondition, ServiceDraft } from './service-draft.js';
import { approximated, at, entries, invalid, items, readBool, readString, svc, type ServiceContext, type Item, type Entry } from './to-ir-context.js';

const CONDITIONS: Record<string, DependencyCondition> = {
  service_started: 'START',
  service_healthy: 'HEALTHY',
  service_completed_successfully: 'SUCCESS',
};

export function mapDependencies(ctx: ServiceContext, draft: ServiceDraft): void {
  const pair = ctx.keys.get('depends_on');
  if (!pair) return;
  const node = pair.value;
  if (node.kind === 'seq') {
    const itemList = items(node, pair);
    for (let itemIndex = 0; itemIndex < itemList.length; itemIndex++) {
      const item = itemList[itemIndex] as Item;
      const name = readString(ctx, item.node, item, `${svc(ctx)}'s depends_on entry`);
      if (name) draft.dependencies.push({ service: name, condition: 'START', required: true, where: item });
    }
    return;
  }
  if (!isMap(node)) {
    if (!(isScalar(node) && node.value === null)) invalid(ctx, at(node, pair.path), `${svc(ctx)}'s depends_on must be a list or a mapping.`, 'Write `depends_on: [db]` or `depends_on: {db: {condition: service_healthy}}`.');
    return;
  }
  const depList = entries(node, pair);
  for (let depIndex = 0; depIndex < depList.length; depIndex++) {
    const dep = depList[depIndex] as Entry;
    let condition: DependencyCondition = 'START';
    let required = true;
    if (isMap(dep.value)) {
      const eList = entries(dep.value, dep);
      for (let eIndex = 0; eIndex < eList.length; eIndex++) {
        const e = eList[eIndex] as Entry;
        if (e.key === 'condition') {
          const c = readString(ctx, e.value, e, `${svc(ctx)}'s depends_on condition`);
          const mapped = c === undefined ? undefined : CONDITIONS[c];
          if (mapped) condition = mapped;
          else invalid(ctx, at(e.value, e.path), `${svc(ctx)}'s depends_on condition \`${c ?? ''}\` is not known.`, 'Write service_started, service_healthy or service_completed_successfully.');
        } else if (e.key === 'required') {
          required = readBool(ctx, e.value, e, `${svc(ctx)}'s depends_on required`) ?? true;
        } else if (e.key === 'restart') {
          if (readBool(ctx, e.value, e, `${svc(ctx)}'s depends_on restart`)) {
            approximated(ctx, e, `${svc(ctx)} asks to be restarted when \`${dep.key}\` is updated (restart: true); ECS does not restart services together.`);
          }
        } else if (!e.key.startsWith('x-')) {
          invalid(ctx, e, `${svc(ctx)}'s depends_on \`${dep.key}\` has an unknown key \`${e.key}\`.`, 'A dependency takes condition, required and restart.');
        }
      }
    }
    draft.dependencies.push({ service: dep.key, condition, required, where: dep });
  }
}
