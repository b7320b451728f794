/**
 * The page's Content-Security-Policy, sent as a header with every app response (app-protocol.ts)
 * and added to any other response the window receives (security.ts). Scripts only from the
 * app itself: no inline script, no eval, no remote origins. Inline styles stay allowed because
 * React Flow and uPlot position elements with style attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');
