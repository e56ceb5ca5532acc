// Runs in the page before its own scripts (Playwright's addInitScript), as plain JavaScript because
// it is sent as text. It stamps, on the page's clock: the click on a Start button, the start's answer
// (the session is ready), the viewer ticket asked for and answered, the viewer's WebSocket being
// created and opened, its first message (the bridge's RFB banner: the bridge is signed in to the
// server), the first draw into the viewer's canvas, the first draw that left a non-black pixel
// there (noVNC draws each finished update onto the visible canvas; the probe looks at a copy of the
// drawn rectangle scaled to 160 px wide, enough for the benchmark program's 64 px square), and the
// viewer saying connected (its overlay gone: from then on a user sees the desktop).
export const FIRST_FRAME_PROBE = String.raw`(() => {
  const marks = { clickAt: null, clickEpoch: null, startAnsweredAt: null, ticketAskedAt: null, ticketAnsweredAt: null, wsCreatedAt: null, wsOpenAt: null,
    wsBannerAt: null, firstDrawAt: null, firstPixelAt: null, connectedAt: null };
  const stamp = (key) => { if (marks.clickAt !== null && marks[key] === null) marks[key] = performance.now(); };
  const nativeFetch = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init && init.method) || (typeof input === 'object' && 'method' in input ? input.method : 'GET');
    const path = new URL(url, location.href).pathname;
    const isStart = method === 'POST' && path === '/api/sessions';
    const isTicket = method === 'POST' && /^\/api\/sessions\/[^/]+\/viewer$/.test(path);
    if (isTicket) stamp('ticketAskedAt');
    const answer = nativeFetch.apply(this, arguments);
    if (isStart || isTicket) answer.then((response) => response.clone().text()).then(() => stamp(isStart ? 'startAnsweredAt' : 'ticketAnsweredAt'), () => {});
    return answer;
  };
  // The viewer that turns connected after the click (a stopped one may still say connected).
  new MutationObserver((records) => {
    if (marks.clickAt === null || marks.connectedAt !== null) return;
    const viewer = records.find((r) => r.target instanceof Element && r.target.getAttribute('data-testid') === 'viewer' && r.target.getAttribute('data-state') === 'connected');
    if (viewer) marks.connectedAt = performance.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  window.__deckBench = { marks, reset() { for (const key of Object.keys(marks)) marks[key] = null; } };
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (!button || !/^Start /.test(button.getAttribute('aria-label') || button.textContent || '')) return;
    marks.clickAt = event.timeStamp;
    marks.clickEpoch = performance.timeOrigin + event.timeStamp;
  }, true);
  // A function returning the native socket, not a subclass: noVNC checks the prototype's own methods.
  const NativeWebSocket = window.WebSocket;
  function ProbedWebSocket(...args) {
    const socket = new NativeWebSocket(...args);
    if (marks.clickAt !== null && marks.wsCreatedAt === null) marks.wsCreatedAt = performance.now();
    socket.addEventListener('open', () => stamp('wsOpenAt'));
    socket.addEventListener('message', () => stamp('wsBannerAt'));
    return socket;
  }
  ProbedWebSocket.prototype = NativeWebSocket.prototype;
  for (const name of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) ProbedWebSocket[name] = NativeWebSocket[name];
  window.WebSocket = ProbedWebSocket;
  const inViewer = (canvas) => canvas.isConnected && canvas.closest('[data-testid="viewer"]') !== null;
  function drawn(context, at, x, y, w, h) {
    if (marks.clickAt === null || marks.firstPixelAt !== null || !inViewer(context.canvas)) return;
    if (marks.firstDrawAt === null) marks.firstDrawAt = at;
    const left = Math.max(0, Math.floor(x)), top = Math.max(0, Math.floor(y));
    const width = Math.min(context.canvas.width - left, Math.ceil(w)), height = Math.min(context.canvas.height - top, Math.ceil(h));
    if (width <= 0 || height <= 0) return;
    // Read back a copy at most 160 px wide, not the rectangle itself: reading back a whole
    // 1280x800 frame took the page ~12 ms, which would be counted in the figure it measures.
    const scale = Math.min(1, 160 / width);
    const w2 = Math.max(1, Math.round(width * scale)), h2 = Math.max(1, Math.round(height * scale));
    if (small.width !== w2 || small.height !== h2) { small.width = w2; small.height = h2; }
    smallContext.clearRect(0, 0, w2, h2);
    drawImage.call(smallContext, context.canvas, left, top, width, height, 0, 0, w2, h2);
    const data = getImageData.call(smallContext, 0, 0, w2, h2).data;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== 0 || data[i + 1] !== 0 || data[i + 2] !== 0) { marks.firstPixelAt = at; return; }
    }
  }
  const proto = CanvasRenderingContext2D.prototype;
  const drawImage = proto.drawImage, putImageData = proto.putImageData, getImageData = proto.getImageData;
  const small = document.createElement('canvas');
  const smallContext = small.getContext('2d', { willReadFrequently: true });
  proto.drawImage = function (...args) {
    const result = drawImage.apply(this, args);
    const at = performance.now();
    const [image] = args;
    if (args.length >= 9) drawn(this, at, args[5], args[6], args[7], args[8]);
    else if (args.length >= 5) drawn(this, at, args[1], args[2], args[3], args[4]);
    else drawn(this, at, args[1], args[2], image.width, image.height);
    return result;
  };
  proto.putImageData = function (...args) {
    const result = putImageData.apply(this, args);
    drawn(this, performance.now(), args[1], args[2], args[0].width, args[0].height);
    return result;
  };
})();`;

export interface FirstFrameMarks {
  clickAt: number | null;
  clickEpoch: number | null;
  startAnsweredAt: number | null;
  ticketAskedAt: number | null;
  ticketAnsweredAt: number | null;
  wsCreatedAt: number | null;
  wsOpenAt: number | null;
  wsBannerAt: number | null;
  firstDrawAt: number | null;
  firstPixelAt: number | null;
  /** The viewer says connected: its overlay is gone. */
  connectedAt: number | null;
}
