// `@icnn/metrics/node`: writing the render step's output and the records to files (Node only: node:fs, node:zlib).
export { writePng } from './node/writePng';
export { writeRecords } from './node/writeRecords';
export { writeReport } from './node/writeReport';
