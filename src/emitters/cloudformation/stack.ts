/**
 * The template under construction: parameters, conditions, resources and outputs, each keyed by
 * a logical id from one registry. Parameters are declared on first use, so the template only
 * carries parameters something refers to.
 */
import type { Application } from '../../ir/types.js';
import { Intrinsic, ref } from './intrinsics.js';
import { LogicalIds } from './logical-ids.js';

export interface ParameterDef {
  Type: string;
  Description: string;
  Default?: string | number;
  AllowedValues?: (string | number)[];
  AllowedPattern?: string;
  ConstraintDescription?: string;
  MinValue?: number;
  MaxValue?: number;
}

export interface ResourceDef {
  Type: string;
  Condition?: string;
  DependsOn?: string[];
  DeletionPolicy?: 'Retain' | 'Delete' | 'Snapshot';
  UpdateReplacePolicy?: 'Retain' | 'Delete' | 'Snapshot';
  Metadata?: Record<string, unknown>;
  Properties?: Record<string, unknown>;
}

export interface OutputDef {
  Description: string;
  Value: unknown;
  Condition?: string;
}

/** Console grouping of parameters (`AWS::CloudFormation::Interface`). */
export type ParameterGroup = 'Network' | 'Load balancer' | 'Images' | 'Capacity' | 'Services left out' | 'EC2 capacity' | 'Storage';

const GROUP_ORDER: ParameterGroup[] = ['Capacity', 'Network', 'Load balancer', 'Images', 'Services left out', 'Storage', 'EC2 capacity'];

export class Stack {
  readonly ids = new LogicalIds();
  private readonly parameterDefs = new Map<string, { def: ParameterDef; group: ParameterGroup; label?: string }>();
  private readonly declared = new Map<string, () => { def: ParameterDef; group: ParameterGroup; label?: string }>();
  readonly conditions = new Map<string, unknown>();
  readonly resources = new Map<string, ResourceDef>();
  readonly outputs = new Map<string, OutputDef>();

  constructor(readonly app: Application) {}

  /** Declares a parameter that is added to the template the first time `param(id)` is called. */
  declareParameter(id: string, group: ParameterGroup, def: () => ParameterDef, label?: string): void {
    this.declared.set(id, () => ({ def: def(), group, ...(label ? { label } : {}) }));
  }

  /** `Ref` to a declared parameter (declares its use). */
  param(id: string): Intrinsic {
    if (!this.parameterDefs.has(id)) {
      const make = this.declared.get(id);
      if (!make) throw new Error(`internal: parameter ${id} was never declared`);
      this.parameterDefs.set(id, make());
    }
    return ref(id);
  }

  hasParameter(id: string): boolean {
    return this.parameterDefs.has(id);
  }

  addResource(id: string, resource: ResourceDef): string {
    if (this.resources.has(id)) throw new Error(`internal: resource ${id} added twice`);
    this.resources.set(id, resource);
    return id;
  }

  resource(id: string): ResourceDef {
    const r = this.resources.get(id);
    if (!r) throw new Error(`internal: no resource ${id}`);
    return r;
  }

  addCondition(id: string, value: unknown): string {
    if (!this.conditions.has(id)) this.conditions.set(id, value);
    return id;
  }

  addOutput(id: string, output: OutputDef): void {
    if (this.outputs.has(id)) throw new Error(`internal: output ${id} added twice`);
    this.outputs.set(id, output);
  }

  /** Tags from the input as a CloudFormation tag list (undefined when there are none). */
  tagList(): { Key: string; Value: string }[] | undefined {
    const keys = Object.keys(this.app.settings.tags).sort();
    if (keys.length === 0) return undefined;
    return keys.map((k) => ({ Key: k, Value: this.app.settings.tags[k] as string }));
  }

  /** The finished template object, sections and keys in a stable order. */
  toTemplate(description: string): Record<string, unknown> {
    // The default sort orders strings by UTF-16 code units, as `<` does, without a callback
    // per comparison (templates of large apps have thousands of resources).
    const sorted = <T>(m: Map<string, T>): Record<string, T> => Object.fromEntries([...m.keys()].sort().map((id) => [id, m.get(id) as T]));
    const template: Record<string, unknown> = { AWSTemplateFormatVersion: '2010-09-09', Description: description };
    if (this.parameterDefs.size > 0) {
      const groups = GROUP_ORDER.map((g) => ({
        Label: { default: g },
        Parameters: [...this.parameterDefs.entries()].filter(([, p]) => p.group === g).map(([id]) => id),
      })).filter((g) => g.Parameters.length > 0);
      const labels = Object.fromEntries(
        [...this.parameterDefs.entries()]
          .filter(([, p]) => p.label)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([id, p]) => [id, { default: p.label }]),
      );
      template['Metadata'] = {
        'AWS::CloudFormation::Interface': {
          ParameterGroups: groups,
          ...(Object.keys(labels).length > 0 ? { ParameterLabels: labels } : {}),
        },
      };
      template['Parameters'] = sorted(new Map([...this.parameterDefs.entries()].map(([id, p]) => [id, p.def])));
    }
    if (this.conditions.size > 0) template['Conditions'] = sorted(this.conditions);
    template['Resources'] = Object.fromEntries(
      [...this.resources.keys()].sort().map((id) => {
        const r = this.resources.get(id) as ResourceDef;
        // Stable attribute order: Type, Condition, DependsOn, policies, Metadata, Properties.
        const out: Record<string, unknown> = { Type: r.Type };
        if (r.Condition) out['Condition'] = r.Condition;
        if (r.DependsOn && r.DependsOn.length > 0) out['DependsOn'] = [...new Set(r.DependsOn)].sort();
        if (r.DeletionPolicy) out['DeletionPolicy'] = r.DeletionPolicy;
        if (r.UpdateReplacePolicy) out['UpdateReplacePolicy'] = r.UpdateReplacePolicy;
        if (r.Metadata) out['Metadata'] = r.Metadata;
        if (r.Properties) out['Properties'] = r.Properties;
        return [id, out];
      }),
    );
    if (this.outputs.size > 0) {
      template['Outputs'] = sorted(
        new Map(
          [...this.outputs.entries()].map(([id, o]) => {
            const out: Record<string, unknown> = {};
            if (o.Condition) out['Condition'] = o.Condition;
            out['Description'] = o.Description;
            out['Value'] = o.Value;
            return [id, out];
          }),
        ),
      );
    }
    return template;
  }
}
