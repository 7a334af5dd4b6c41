// The LRN of the VGG-M/S models (MatConvNet vl_nnnormalize [5 2 1e-4 0.75]: alpha multiplies the window sum).
export const MATCONVNET_LRN = { size: 5, bias: 2, alpha: 1e-4, beta: 0.75 } as const;
