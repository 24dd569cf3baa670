/**
 * Reading barcodes on the floor, three ways into the same text field:
 * - typed by hand;
 * - a USB/Bluetooth scanner in keyboard-wedge mode: a burst of keystrokes, a few
 *   milliseconds apart, ending in Enter;
 * - the device's camera: the browser's BarcodeDetector where it has one (Chrome on
 *   Android, macOS), otherwise ZXing (@zxing/browser, served by this service, loaded
 *   only when the camera is first used).
 */
import { h } from './dom.js';

/**
 * A scanner types a whole code in a burst: keystrokes a few milliseconds apart (people
 * type 80–200 ms apart). A run of keys ends at a pause longer than RUN_GAP_MS; it is a
 * scan when it covers the whole value, has at least MIN_SCAN_LENGTH characters, its
 * keys came on average at most SCAN_AVG_MS apart, and Enter followed at once. The
 * average (not the largest gap) keeps one late keystroke on a busy device from
 * turning a scan into typing.
 */
const RUN_GAP_MS = 120;
const SCAN_AVG_MS = 35;
const MIN_SCAN_LENGTH = 3;

/**
 * Watches a text input for scanner bursts. On Enter, `onEnter(value, { scanned })` is
 * called; `scanned` is true when the whole value arrived as one fast burst. Enter
 * submits the form only with `submitOnEnter` and when onEnter does not answer true
 * (handled): a scan ends in Enter, and a half-filled intake form must not be sent by it.
 */
export function watchWedge(input, { onEnter, submitOnEnter = false } = {}) {
  let run = ''; // characters of the current run
  let first = 0;
  let last = 0;
  input.addEventListener('keydown', (e) => {
    const now = e.timeStamp || performance.now();
    if (e.key === 'Enter') {
      const value = input.value;
      const n = run.length;
      const avg = n > 1 ? (last - first) / (n - 1) : Infinity;
      const scanned = n >= MIN_SCAN_LENGTH && avg <= SCAN_AVG_MS && now - last <= RUN_GAP_MS && value.endsWith(run);
      if (scanned && value !== run) input.value = run; // a scan replaces what was there
      run = '';
      const handled = onEnter?.(input.value, { scanned });
      if (!submitOnEnter || handled === true) e.preventDefault();
      return;
    }
    if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
    if (run && now - last <= RUN_GAP_MS) run += e.key;
    else {
      run = e.key;
      first = now;
    }
    last = now;
  });
  // A new scan should replace the old value, so the field selects itself when entered.
  input.addEventListener('focus', () => input.select());
}

let zxing = null;
function loadZxing() {
  zxing ??= new Promise((resolve, reject) => {
    if (window.ZXingBrowser) return resolve(window.ZXingBrowser);
    const s = h('script', { src: '/vendor/zxing/zxing-browser.min.js' });
    s.addEventListener('load', () => resolve(window.ZXingBrowser));
    s.addEventListener('error', () => {
      zxing = null;
      reject(new Error('The barcode decoder could not be loaded.'));
    });
    document.head.append(s);
  });
  return zxing;
}

/** Which camera decoder this browser will use (for the person, and the tests). */
export const cameraDecoder = () => ('BarcodeDetector' in window ? 'BarcodeDetector' : 'ZXing');

export const cameraAvailable = () => Boolean(navigator.mediaDevices?.getUserMedia);

/**
 * Opens the camera in a dialog and answers the first code read (text), or null when
 * the person closes it. Throws with a readable message when no camera can be used.
 */
export function scanWithCamera({ title = 'Scan a barcode' } = {}) {
  return new Promise((resolve, reject) => {
    if (!cameraAvailable()) {
      reject(new Error('This browser offers no camera here. Camera access needs https (or localhost); type the code or use a scanner.'));
      return;
    }
    const video = h('video', { class: 'scanner-video', muted: true, playsinline: true, autoplay: true, 'aria-label': 'Camera picture' });
    video.muted = true;
    const status = h('p', { class: 'hint', role: 'status' }, 'Starting the camera…');
    const close = h('button', { type: 'button', class: 'secondary' }, 'Close camera');
    const dialog = h('dialog', { class: 'scanner', 'aria-label': title }, h('h2', {}, title), video, h('p', { class: 'hint' }, 'Hold the code inside the picture, about a hand’s width away.'), status, h('div', { class: 'actions' }, close));
    document.body.append(dialog);
    let stream = null;
    let controls = null;
    let timer = 0;
    let done = false;
    const finish = (value, error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      controls?.stop();
      for (const t of stream?.getTracks() ?? []) t.stop();
      if (dialog.open) dialog.close();
      dialog.remove();
      if (error) reject(error);
      else resolve(value);
    };
    close.addEventListener('click', () => finish(null));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      finish(null);
    });
    dialog.showModal();

    (async () => {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
      if (done) return finish(null);
      if ('BarcodeDetector' in window) {
        video.srcObject = stream;
        await video.play();
        const wanted = ['qr_code', 'code_128', 'data_matrix', 'code_39', 'ean_13'];
        const supported = (await window.BarcodeDetector.getSupportedFormats?.()) ?? wanted;
        const detector = new window.BarcodeDetector({ formats: wanted.filter((f) => supported.includes(f)) });
        status.textContent = 'Looking for a code (BarcodeDetector)…';
        const tick = async () => {
          if (done) return;
          try {
            const [hit] = await detector.detect(video);
            if (hit?.rawValue) return finish(hit.rawValue);
          } catch {
            /* a frame that could not be read: try the next */
          }
          timer = setTimeout(tick, 120);
        };
        tick();
      } else {
        const ZX = await loadZxing();
        if (done) return;
        status.textContent = 'Looking for a code (ZXing)…';
        const reader = new ZX.BrowserMultiFormatReader();
        controls = await reader.decodeFromStream(stream, video, (result) => {
          if (result) finish(result.getText());
        });
        if (done) controls.stop();
      }
    })().catch((e) => {
      const why = e?.name === 'NotAllowedError' ? 'The camera was not allowed. Allow it in the browser, or type the code.' : e?.name === 'NotFoundError' ? 'No camera was found on this device.' : e?.message ?? String(e);
      finish(null, new Error(why));
    });
  });
}

/** A "Scan with camera" button that fills `input` and then calls `after(value)`. */
export function cameraButton(input, { after, onError, label = 'Scan with camera' } = {}) {
  const b = h('button', { type: 'button', class: 'secondary scan-button' }, h('span', { class: 'camera-icon', 'aria-hidden': 'true' }), label);
  b.hidden = !cameraAvailable();
  b.addEventListener('click', async () => {
    try {
      const text = await scanWithCamera();
      if (text === null) return b.focus();
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      after?.(text);
    } catch (e) {
      onError?.(e);
      b.focus();
    }
  });
  return b;
}

/**
 * What a scanned or typed code names: our labels carry the unit id (`unit_…`), alone,
 * after a serial ("SN|unit_…") or in a link to the unit page; anything else is a serial.
 */
export function readCode(text) {
  const t = String(text ?? '').trim();
  const id = /(?:^|[|\s/#=])(unit_[A-Za-z0-9_-]+)(?:$|[|\s?&])/.exec(t) ?? /^(unit_[A-Za-z0-9_-]+)$/.exec(t);
  if (id) return { unitId: id[1] };
  return { serial: t };
}
