import { useEffect, useRef } from 'react';

/** Decodes the engine's base64 HWC bytes (1 or 3 channels) into RGBA on a canvas. */
export function drawRgb(canvas: HTMLCanvasElement, base64: string, height = 32, width = height, channels = 3): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(width, height);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    image.data[i * 4] = bytes[j] ?? 0;
    image.data[i * 4 + 1] = bytes[channels === 1 ? j : j + 1] ?? 0;
    image.data[i * 4 + 2] = bytes[channels === 1 ? j : j + 2] ?? 0;
    image.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

export function SampleImage({ rgb, label, height = 32, width = 32, channels = 3 }: { rgb: string; label: string; height?: number; width?: number; channels?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => { if (canvas.current) drawRgb(canvas.current, rgb, height, width, channels); }, [rgb, height, width, channels]);
  return <canvas ref={canvas} width={width} height={height} className="sample-image" role="img" aria-label={label} />;
}
