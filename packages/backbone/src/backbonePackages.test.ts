import { describe, expect, it } from 'vitest';
import { backbonePackageOf, declareBackbonePackages } from './backbonePackages';
import { KNOWN_BACKBONE_PACKAGES } from './knownBackbones';
import { createBackbone, listBackbones } from './registry';

const errorOf = (name: string): string => {
  try {
    createBackbone(name);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`createBackbone('${name}') did not throw`);
};

describe('install hints', () => {
  it("names icnn's own package for each of its backbones that is not registered", () => {
    expect(Object.keys(KNOWN_BACKBONE_PACKAGES)).toEqual(expect.arrayContaining(['alexnet', 'vgg16', 'vgg-small', 'resnet50', 'mobilenet-v1']));
    for (const [name, pkg] of Object.entries(KNOWN_BACKBONE_PACKAGES)) {
      if (listBackbones().includes(name)) continue;
      expect(errorOf(name)).toContain(`'${name}' is provided by ${pkg}: install it and call its register().`);
    }
  });

  it('names the package a third party declared at run time, and a later declaration wins', () => {
    expect(errorOf('test-my-net')).not.toContain('provided by');
    declareBackbonePackages({ 'test-my-net': 'my-icnn-plugin', 'test-other-net': '@someone/icnn-other' });
    expect(errorOf('test-my-net')).toContain("'test-my-net' is provided by my-icnn-plugin: install it and call its register().");
    expect(backbonePackageOf('test-other-net')).toBe('@someone/icnn-other');
    declareBackbonePackages({ 'test-my-net': 'my-icnn-plugin-v2' });
    expect(errorOf('test-my-net')).toContain('provided by my-icnn-plugin-v2');
    // An app may point one of icnn's names elsewhere (its own build of the backbone).
    declareBackbonePackages({ vgg16: 'my-vgg16' });
    expect(backbonePackageOf('vgg16')).toBe('my-vgg16');
    declareBackbonePackages({ vgg16: KNOWN_BACKBONE_PACKAGES.vgg16 });
  });

  it('keeps the declarations on a global symbol, so two copies of the package share them', () => {
    declareBackbonePackages({ 'test-shared-net': 'shared-plugin' });
    const shared = (globalThis as Record<symbol, unknown>)[Symbol.for('@icnn/backbone/packages')] as Map<string, string>;
    expect(shared.get('test-shared-net')).toBe('shared-plugin');
  });

  it('knows no package for other names, inherited object keys included', () => {
    expect(backbonePackageOf('vgg-19')).toBeUndefined();
    expect(backbonePackageOf('constructor')).toBeUndefined();
    expect(errorOf('constructor')).not.toContain('provided by');
  });

  it('refuses malformed hints, naming the bad entry, and declares none of them', () => {
    expect(() => declareBackbonePackages(null as never)).toThrow(/'hints' must be an object.*got null/);
    expect(() => declareBackbonePackages([['a', 'b']] as never)).toThrow(/'hints' must be an object/);
    expect(() => declareBackbonePackages({ 'test-good': 'pkg', 'test-bad': 42 as never })).toThrow(/package of backbone 'test-bad' must be a non-empty string, got 42/);
    expect(() => declareBackbonePackages({ '': 'pkg' })).toThrow(/backbone name must be a non-empty string/);
    expect(backbonePackageOf('test-good')).toBeUndefined();
  });
});
