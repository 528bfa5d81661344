/**
 * Small IR builders and a runner for pass table tests: `given` an application, `want` the
 * `{rule, path}` pairs a pass must report and `not` those it must not.
 */
import { expect } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';
import type { RuleId } from '../../src/diagnostics/catalog.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { newApplication, newContainer, newService, newSettings } from '../../src/ir/create.js';
import type { Application, Container, ImageSource, LaunchType, Origin, Service, Settings } from '../../src/ir/types.js';
import type { Pass } from '../../src/passes/pass.js';

/** An origin in `compose.yaml` at a document path; the line is derived from the path for order. */
export function at(path: string, line = 1): Origin {
  return { file: 'compose.yaml', line, column: 1, path };
}

export function image(ref: string): ImageSource {
  return { kind: 'ref', ref, origin: at('image') };
}

/** A container `name` running `ref`, with fields overridden by `patch`. */
export function container(name: string, ref = 'nginx:1.27', patch: Partial<Container> = {}): Container {
  return { ...newContainer(name, { kind: 'ref', ref, origin: at(`services.${name}.image`) }), origin: at(`services.${name}`), ...patch };
}

/** A one-container service named after its container (the Compose shape). */
export function service(c: Container, patch: Partial<Service> = {}, launchType: LaunchType = 'fargate'): Service {
  const s = newService('app', c.name, [c], launchType);
  return { ...s, origin: at(`services.${c.name}`), ...patch };
}

/** A service with several containers (a Dockerrun v2 task, Compose sidecars). */
export function task(name: string, containers: Container[], patch: Partial<Service> = {}, launchType: LaunchType = 'fargate'): Service {
  return { ...newService('app', name, containers, launchType), origin: at(`services.${name}`), ...patch };
}

export function app(services: Service[], settings: Partial<Settings> = {}, patch: Partial<Application> = {}): Application {
  const base = newApplication('app', { kind: 'compose', files: ['compose.yaml'] }, { ...newSettings(settings.launchType ?? 'fargate'), ...settings });
  return { ...base, services, ...patch };
}

export interface Ran {
  out: Application;
  diagnostics: readonly Diagnostic[];
  /** `rule@path` for every diagnostic (path `-` when there is no origin). */
  pairs: string[];
}

/** Runs one pass (or several in order) on a deep-frozen input, so any mutation throws. */
export function run(passes: Pass | Pass[], given: Application): Ran {
  const reporter = createReporter();
  let out = deepFreeze(structuredClone(given));
  for (const p of Array.isArray(passes) ? passes : [passes]) out = p.run(out, { reporter });
  const diagnostics = reporter.diagnostics;
  return { out, diagnostics, pairs: diagnostics.map((d) => `${d.rule}@${d.origin?.path ?? '-'}`) };
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A diagnostic a case expects (or forbids): a rule anywhere, or a rule at a document path (`-`: no origin). */
export type Expect = string | { rule: RuleId; path: string };

export interface Case {
  name: string;
  given: Application;
  /** Diagnostics that must be reported. */
  want?: Expect[];
  /** Diagnostics that must not be reported. */
  not?: Expect[];
  /** Extra checks on the output. */
  check?: (out: Application, ran: Ran) => void;
}

function matches(ran: Ran, e: Expect): boolean {
  if (typeof e === 'string') return ran.diagnostics.some((d) => d.rule === e);
  return ran.pairs.includes(`${e.rule}@${e.path}`);
}

/** Checks a case's `want`/`not` against what `pass` reported; returns the run for more checks. */
export function check(pass: Pass | Pass[], c: Case): Ran {
  const ran = run(pass, c.given);
  for (const w of c.want ?? []) expect(matches(ran, w), `want ${JSON.stringify(w)} in ${JSON.stringify(ran.pairs)}`).toBe(true);
  for (const n of c.not ?? []) expect(matches(ran, n), `not ${JSON.stringify(n)} in ${JSON.stringify(ran.pairs)}`).toBe(false);
  c.check?.(ran.out, ran);
  return ran;
}

/** The service with task fields overridden (task cpu/memory, platform, network mode…). */
export function withTask(s: Service, patch: Partial<Service['task']>): Service {
  return { ...s, task: { ...s.task, ...patch } };
}
