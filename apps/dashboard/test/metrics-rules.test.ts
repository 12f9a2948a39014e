// docs/prometheus/standby-rules.yml: valid YAML in Prometheus's rule-file shape, and every metric (and
// label) its expressions name is one the dashboard or the agent really exposes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AgentMetrics } from '@standby/agent/metrics';
import { DashboardMetrics } from '@standby/api';
import { createPgPool } from '@standby/db';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

const RULES = path.resolve(import.meta.dirname, '../../../docs/prometheus/standby-rules.yml');

const ZRuleFile = z.strictObject({
  groups: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        rules: z
          .array(
            z.strictObject({
              alert: z.string().regex(/^Standby[A-Za-z]+$/),
              expr: z.string().min(1),
              for: z
                .string()
                .regex(/^\d+[smh]$/)
                .optional(),
              labels: z.strictObject({ severity: z.enum(['critical', 'warning']) }),
              annotations: z.object({ summary: z.string().min(1), description: z.string().optional() }),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});

/** Names and label names of every metric both processes expose (collectors are not run). */
function exposedMetrics(): Map<string, { type: string; labels: Set<string> }> {
  // The pool is never queried: only the metric definitions are read.
  const pool = createPgPool('postgresql://unused@127.0.0.1:1/unused');
  const registries = [
    new DashboardMetrics({ pool, localAgentSockets: () => 0 }).registry,
    new AgentMetrics({ application: 'A', agentVersion: '1' }).registry,
  ];
  const metrics = new Map<string, { type: string; labels: Set<string> }>();
  for (const registry of registries)
    for (const metric of registry.getMetricsAsArray()) {
      const { name, type, labelNames } = metric as unknown as {
        name: string;
        type: string;
        labelNames: string[];
      };
      metrics.set(name, { type, labels: new Set(labelNames ?? []) });
    }
  void pool.end();
  return metrics;
}

/** Every series selector in a PromQL expression: `name` and the label names of its `{…}` matchers. */
function selectors(expr: string): { name: string; labels: string[] }[] {
  const found: { name: string; labels: string[] }[] = [];
  const pattern = /\b((?:standby|nodejs|process)_[a-z0-9_]+|up)\b(\{([^}]*)\})?/g;
  for (const match of expr.matchAll(pattern)) {
    const labels = [...(match[3] ?? '').matchAll(/([a-z_]+)\s*=~?/g)].map((m) => m[1]!);
    found.push({ name: match[1]!, labels });
  }
  return found;
}

describe('the Prometheus rules file', () => {
  it('is valid YAML with alert rules of the expected shape', async () => {
    const file = ZRuleFile.parse(parse(await readFile(RULES, 'utf8')));
    const names = file.groups.flatMap((group) => group.rules.map((rule) => rule.alert));
    expect(new Set(names).size).toBe(names.length);
    for (const wanted of [
      'StandbyBackupsWouldNotServe',
      'StandbyAgentsDisconnected',
      'StandbyIngestAckSlow',
      'StandbyAlertOutboxGrowing',
      'StandbyAgentSpoolGrowing',
      'StandbyAgentLinkDown',
    ])
      expect(names).toContain(wanted);
  });

  it('names only metrics and labels that exist', async () => {
    const file = ZRuleFile.parse(parse(await readFile(RULES, 'utf8')));
    const exposed = exposedMetrics();
    // Prometheus's own, and the target labels it adds to every series.
    const targetLabels = new Set(['job', 'instance']);
    let checked = 0;
    for (const rule of file.groups.flatMap((group) => group.rules)) {
      for (const { name, labels } of selectors(rule.expr)) {
        checked++;
        if (name === 'up') continue;
        const base = name.replace(/_(bucket|sum|count)$/, '');
        const metric =
          exposed.get(name) ?? (exposed.get(base)?.type === 'histogram' ? exposed.get(base) : undefined);
        expect(metric, `${rule.alert}: ${name} is not exposed`).toBeDefined();
        for (const label of labels) {
          const known =
            metric!.labels.has(label) ||
            targetLabels.has(label) ||
            (label === 'le' && name.endsWith('_bucket'));
          expect(known, `${rule.alert}: ${name} has no label ${label}`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
