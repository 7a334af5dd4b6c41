// The site's theme: VitePress's default theme, plus the live examples' custom elements, defined in the browser only
// (the server-side render leaves the tags empty; the elements fill their shadow roots on the client).
import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import './custom.css';

const theme: Theme = {
  extends: DefaultTheme,
  enhanceApp() {
    if (typeof window !== 'undefined') void import('../examples/defineExamples').then((m) => m.defineExamples());
  },
};

export default theme;
