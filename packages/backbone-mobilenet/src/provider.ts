// This package's name and version, named in registry errors when two definitions clash.
import { name, version } from '../package.json';

export const PROVIDER = `${name}@${version}`;
