// This package's name and version, named in registry errors when two definitions of one name clash.
import { name, version } from '../package.json';

export const PROVIDER = `${name}@${version}`;
