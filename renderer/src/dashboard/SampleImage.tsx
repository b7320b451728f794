import { useEffect, useRef } from 'react';

/** Decodes the engine's base64 32×32×3 HWC bytes into RGBA on a canvas. */
export function drawRgb(canvas: HTMLCanvasElement, base64: string, side = 32): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(side, side);
  for (let i = 0, j = 0; i < side * side; i++, j += 3) {
    image.data[i * 4] = bytes[j] ?? 0;
    image.data[i * 4 + 1] = bytes[j + 1] ?? 0;
    image.data[i * 4 + 2] = bytes[j + 2] ?? 0;
    image.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

export function SampleImage({ rgb, label }: { rgb: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => { if (canvas.current) drawRgb(canvas.current, rgb); }, [rgb]);
  return <canvas ref={canvas} width={32} height={32} className="sample-image" role="img" aria-label={label} />;
}
