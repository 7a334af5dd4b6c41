import type { Backbone } from '@icnn/backbone';
import { expect } from 'vitest';

/** countParams() > 0 equals the trainable variables' sizes; trainable variables are exactly the trainable ones. */
export function expectParameterCount(backbone: Backbone): void {
  const trainable = backbone.trainableVariables();
  const total = trainable.reduce((n, v) => n + v.size, 0);
  expect(backbone.countParams(), `${backbone.name}: countParams()`).toBeGreaterThan(0);
  expect(backbone.countParams(), `${backbone.name}: countParams() vs its trainable variables`).toBe(total);
  const named = Object.values(backbone.variables);
  expect(new Set(trainable).size, `${backbone.name}: trainable variables are distinct`).toBe(trainable.length);
  for (const v of trainable) expect(named.includes(v), `${backbone.name}: trainable variable ${v.name} is in 'variables'`).toBe(true);
  for (const v of named) expect(v.trainable === trainable.includes(v), `${backbone.name}: ${v.name} trainable flag`).toBe(true);
}
