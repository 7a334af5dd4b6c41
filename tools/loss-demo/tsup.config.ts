import { definePackageConfig } from '@icnn/build-config';

export default definePackageConfig({ entry: { demo: 'src/demo.ts' }, platform: 'node', dts: false, formats: ['esm'] });
