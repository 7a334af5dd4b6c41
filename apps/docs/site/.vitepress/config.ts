// VitePress configuration of the icnn site. The live examples are custom elements (src/examples) that run the
// packages in the page; the dev and preview servers send COOP/COEP so that WASM gets threads.
import { defineConfig } from 'vitepress';
import { crossOriginIsolation } from '../../src/build/isolationHeaders.mjs';

export default defineConfig({
  title: 'icnn',
  description: 'Interpretable convolutional neural networks (Zhang, Wu & Zhu, CVPR 2018) in TypeScript on TensorFlow.js',
  outDir: '../dist',
  // docs/*.md copied in by src/build/prepareSite.mjs: included into pages, not pages themselves.
  srcExclude: ['generated/**'],
  lastUpdated: false,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/getting-started' },
      { text: 'Concepts', link: '/concepts/templates' },
      { text: 'Playground', link: '/playground/training' },
      { text: 'Results', link: '/results' },
      { text: 'API', link: '/api/index.html', target: '_self' },
    ],
    sidebar: [
      { text: 'Introduction', items: [{ text: 'What icnn is', link: '/' }, { text: 'Getting started', link: '/getting-started' }] },
      {
        text: 'Concepts',
        items: [
          { text: 'Part templates', link: '/concepts/templates' },
          { text: 'The mask layer', link: '/concepts/mask' },
          { text: 'The filter loss', link: '/concepts/loss' },
          { text: 'Where a batch travels', link: '/concepts/where-a-batch-travels' },
        ],
      },
      {
        text: 'Guides',
        items: [
          { text: 'Train on your data', link: '/guides/train-on-your-data' },
          { text: 'Add a backbone plugin', link: '/guides/backbone-plugin' },
          { text: 'Choose a backend', link: '/guides/backends' },
          { text: 'Run on a GPU', link: '/guides/gpu' },
        ],
      },
      { text: 'Playground', items: [{ text: 'Train in the browser', link: '/playground/training' }] },
      {
        text: 'Reference',
        items: [
          { text: 'Results', link: '/results' },
          { text: 'Benchmarks', link: '/benchmarks' },
          { text: 'API (typedoc)', link: '/api/index.html', target: '_self' },
        ],
      },
    ],
    search: { provider: 'local' },
    outline: [2, 3],
  },
  vue: {
    template: { compilerOptions: { isCustomElement: (tag: string) => tag.startsWith('icnn-') } },
  },
  vite: {
    plugins: [crossOriginIsolation()],
    build: { chunkSizeWarningLimit: 4096 },
    // The training example's Web Workers are ES modules: their bundle splits (tfjs loads optional backends lazily),
    // which Vite's default worker format (iife) cannot.
    worker: { format: 'es' },
  },
});
