// UnsortedSegmentSum for backends that lack it (wasm): the gradient of gather/gatherND needs it. A plain loop over
// the data read back from the backend; it is memory-bound, and small next to the convolutions of a training step.
import {
  UnsortedSegmentSum,
  util,
  type DataType,
  type KernelBackend,
  type KernelConfig,
  type TensorInfo,
  type UnsortedSegmentSumAttrs,
} from '@tensorflow/tfjs-core';

export function unsortedSegmentSumLoop(backendName: string): KernelConfig {
  return {
    kernelName: UnsortedSegmentSum,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
      const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
      const b = backend as KernelBackend;
      const values = b.readSync(x.dataId) as Float32Array | Int32Array;
      const ids = b.readSync(segmentIds.dataId) as Int32Array;
      const inner = util.sizeFromShape(x.shape.slice(segmentIds.shape.length));
      const out = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
      for (let i = 0; i < ids.length; i++) {
        const segment = ids[i];
        if (segment < 0 || segment >= numSegments) continue; // TensorFlow drops out-of-range ids
        for (let j = 0; j < inner; j++) out[segment * inner + j] += values[i * inner + j];
      }
      const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
      const dataId = b.write(out, shape, x.dtype as DataType);
      return { dataId, shape, dtype: x.dtype };
    },
  };
}
