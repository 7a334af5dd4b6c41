import { afterEach, describe, expect, it } from 'vitest';
import { SPECIFICATION_VERSION, type Backbone, type BackboneDefinition } from './contract';
import { createBackbone, getBackboneDefinition, listBackbones, registerBackbone, unregisterBackbone } from './registry';

const fake = (name: string, provider?: string): BackboneDefinition => ({
  specificationVersion: SPECIFICATION_VERSION,
  name,
  ...(provider !== undefined ? { provider } : {}),
  create: () => ({ name }) as unknown as Backbone,
});

describe('backbone registry', () => {
  afterEach(() => {
    for (const name of listBackbones()) if (name.startsWith('test-')) unregisterBackbone(name);
  });

  it('registers, lists (sorted) and creates by name', () => {
    registerBackbone(fake('test-b'));
    registerBackbone(fake('test-a'));
    expect(listBackbones().filter((n) => n.startsWith('test-'))).toEqual(['test-a', 'test-b']);
    expect(createBackbone('test-a').name).toBe('test-a');
  });

  it('keeps its map on a global symbol, so two copies of the package share it', () => {
    registerBackbone(fake('test-shared'));
    const shared = (globalThis as Record<symbol, unknown>)[Symbol.for('@icnn/backbone/registry')] as Map<string, unknown>;
    expect(shared.has('test-shared')).toBe(true);
  });

  it('accepts the same definition again, or another copy from the same provider version', () => {
    const def = fake('test-x', 'pkg@1.0.0');
    registerBackbone(def);
    registerBackbone(def);
    registerBackbone(fake('test-x', 'pkg@1.0.0'));
    expect(getBackboneDefinition('test-x')).toBe(def);
  });

  it('refuses a different definition under a taken name, naming both providers', () => {
    registerBackbone(fake('test-x', 'pkg@1.0.0'));
    expect(() => registerBackbone(fake('test-x', 'pkg@2.0.0'))).toThrow(/'test-x' is already registered by pkg@1\.0\.0.*from pkg@2\.0\.0/);
  });

  it('refuses another contract version and malformed definitions', () => {
    expect(() => registerBackbone({ ...fake('test-v'), specificationVersion: 'v2' as 'v1' })).toThrow(/contract 'v2'.*implements 'v1'/);
    expect(() => registerBackbone({ ...fake('test-v'), name: '' })).toThrow(/definition\.name/);
    expect(() => registerBackbone({ ...fake('test-v'), create: undefined as never })).toThrow(/no 'create'/);
  });

  it('names the registered backbones and the package to install for an unknown name', () => {
    registerBackbone(fake('test-a'));
    expect(() => createBackbone('vgg-19')).toThrow(/no backbone named "vgg-19".*registered: .*test-a/);
    if (!listBackbones().includes('resnet50')) {
      expect(() => createBackbone('resnet50')).toThrow(/provided by @icnn\/backbone-resnet/);
    }
  });
});
