import { definePackageConfig } from '@icnn/build-config';

export default definePackageConfig();
