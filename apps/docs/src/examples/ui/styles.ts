// The examples' stylesheet (inside their shadow roots; VitePress's colour variables pass through).
export const EXAMPLE_STYLES = `
:host { display: block; margin: 16px 0; padding: 16px; border: 1px solid var(--vp-c-divider, #ddd); border-radius: 8px;
  font-size: 14px; color: var(--vp-c-text-1, #222); background: var(--vp-c-bg-soft, #f8f8f8); }
.controls { display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: end; margin-bottom: 12px; }
.control { display: flex; flex-direction: column; gap: 2px; }
.control span { font-size: 13px; color: var(--vp-c-text-2, #555); }
.control.small input { width: 4.5em; }
input, select, button { font: inherit; color: inherit; }
input[type=number], select { padding: 2px 4px; border: 1px solid var(--vp-c-divider, #ccc); border-radius: 4px; background: var(--vp-c-bg, #fff); }
button { padding: 4px 12px; border: 1px solid var(--vp-c-brand-1, #3451b2); border-radius: 6px; background: var(--vp-c-bg, #fff); cursor: pointer; }
button:disabled { opacity: 0.5; cursor: default; }
.panels { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
figure { margin: 0; }
figcaption { font-size: 13px; color: var(--vp-c-text-2, #555); margin-top: 4px; max-width: 260px; }
canvas { display: block; image-rendering: pixelated; border: 1px solid var(--vp-c-divider, #ddd); cursor: crosshair; }
.readout { font-family: var(--vp-font-family-mono, monospace); font-size: 13px; line-height: 1.6; margin: 0; white-space: pre-wrap; }
.status { margin-top: 10px; font-size: 12px; color: var(--vp-c-text-3, #888); }
.error { color: var(--vp-c-danger-1, #c00); }
svg { max-width: 100%; height: auto; }
`;
