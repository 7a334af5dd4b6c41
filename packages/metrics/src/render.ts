// `@icnn/metrics/render`: the pictures, a step separate from the metrics (STYLE: NetDissect-Lite's report). Pure and
// browser-safe: RGBA images (ImageData layout), PNG bytes, SVG and HTML strings; `@icnn/metrics/node` writes files.
export { createRgbaImage, rgbaFromPixels } from './render/rgbaImage';
export type { RgbaImage } from './render/rgbaImage';
export { colormap } from './render/colormap';
export { upsampleMap } from './render/upsampleMap';
export { heatMapOverlay } from './render/heatMapOverlay';
export type { HeatMapOptions } from './render/heatMapOverlay';
export { drawMarker } from './render/drawMarker';
export { resizeImage } from './render/resizeImage';
export { peakGrid } from './render/peakGrid';
export type { PeakGridOptions, PeakTile } from './render/peakGrid';
export { encodePng } from './render/encodePng';
export type { PngOptions } from './render/encodePng';
export { base64, pngDataUri } from './render/base64';
export { instabilityChart } from './render/instabilityChart';
export type { ChartOptions, ChartSeries } from './render/instabilityChart';
export { htmlReport } from './render/htmlReport';
export type { ReportFigure, ReportOptions, ReportRun } from './render/htmlReport';
export { escapeHtml } from './render/escapeHtml';
