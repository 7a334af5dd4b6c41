// tfjs-core's Node bundle (its `main`) registers no gradients and no chained ops (`x.sum()`); these side-effect
// imports do. The package build bundles them (see tsup.config.ts), so they work wherever @icnn/runtime loads.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
