// Image decoding in the browser with the browser's own decoder (createImageBitmap), to the same 8-bit RGB the Node
// entry's sharp decoding gives. Self-contained (no imports), so that it can also be shipped into a page as source.
import type { RgbImage } from '../sample';

/**
 * Decodes an encoded image (JPEG, PNG, WebP, …) to RGB. `name` (a file name or URL) is quoted in errors. EXIF
 * orientation is ignored, as in the Node entry: dataset boxes refer to the stored pixels.
 */
export async function decodeImageInBrowser(source: Blob, name = 'image'): Promise<RgbImage> {
  const g = globalThis as unknown as {
    createImageBitmap?: (b: Blob, o?: { imageOrientation?: string; colorSpaceConversion?: string; premultiplyAlpha?: string }) => Promise<ImageBitmap>;
    OffscreenCanvas?: new (w: number, h: number) => { getContext(kind: '2d'): CanvasRenderingContext2D | null };
    document?: Document;
  };
  if (typeof g.createImageBitmap !== 'function') {
    throw new Error(`${name}: this JavaScript runtime has no createImageBitmap (in Node, use decodeImage from @icnn/datasets/node)`);
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await g.createImageBitmap(source, { imageOrientation: 'none', colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch (error) {
    throw new Error(`${name}: cannot decode image (${error instanceof Error ? error.message : String(error)})`);
  }
  const { width, height } = bitmap;
  const canvas = g.OffscreenCanvas ? new g.OffscreenCanvas(width, height) : Object.assign(g.document!.createElement('canvas'), { width, height });
  const context = canvas.getContext('2d') as CanvasRenderingContext2D | null;
  if (context == null) throw new Error(`${name}: no 2D canvas context to read the decoded pixels from`);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 3, j += 4) {
    data[i] = rgba[j];
    data[i + 1] = rgba[j + 1];
    data[i + 2] = rgba[j + 2];
  }
  return { width, height, data };
}
