// The studio on the Create page: drawing boxes on the photo with a pointer, and showing the page's preview.
// The component owns the state and the keys; this file only reads pointers and fetches pictures.

const TapSlop = 8;      // px: a pointer that moves less than this is a tap
const CornerGrab = 18;  // px: a drag starting this near a box's corner resizes the box from that corner

const attached = new WeakMap();

function share(frame, event) {
    const r = frame.getBoundingClientRect();
    return {
        x: Math.min(1, Math.max(0, (event.clientX - r.left) / r.width)),
        y: Math.min(1, Math.max(0, (event.clientY - r.top) / r.height)),
        px: event.clientX, py: event.clientY,
    };
}

function boxOf(frame) {
    const box = frame.querySelector(':scope > .studio-box');
    if (!box) return null;
    const f = frame.getBoundingClientRect(), b = box.getBoundingClientRect();
    return {
        left: (b.left - f.left) / f.width, top: (b.top - f.top) / f.height,
        right: (b.right - f.left) / f.width, bottom: (b.bottom - f.top) / f.height,
        px: b,
    };
}

function place(ghost, l, t, r, b) {
    ghost.style.left = `${l * 100}%`; ghost.style.top = `${t * 100}%`;
    ghost.style.width = `${(r - l) * 100}%`; ghost.style.height = `${(b - t) * 100}%`;
}

/** Reads drags and taps on the studio's picture and tells the component (TappedAsync, DrawnAsync) in 0-1 of it. */
export function attachFrame(frame, component) {
    if (!frame || attached.has(frame)) return;
    let drag = null;

    const down = e => {
        if (e.button !== 0 || drag) return;
        const p = share(frame, e);
        const box = boxOf(frame);
        let kind = 'draw', anchor = p, offset = null;
        if (box) {
            const corners = [[box.px.left, box.px.top, box.right, box.bottom], [box.px.right, box.px.top, box.left, box.bottom],
                [box.px.left, box.px.bottom, box.right, box.top], [box.px.right, box.px.bottom, box.left, box.top]];
            const near = corners.find(([cx, cy]) => Math.hypot(cx - p.px, cy - p.py) <= CornerGrab);
            if (near) {
                kind = 'resize'; anchor = { x: near[2], y: near[3] };
            } else if (p.x > box.left && p.x < box.right && p.y > box.top && p.y < box.bottom) {
                kind = 'move'; offset = { x: p.x - box.left, y: p.y - box.top, w: box.right - box.left, h: box.bottom - box.top };
            }
        }

        drag = { id: e.pointerId, start: p, kind, anchor, offset, moved: false, ghost: null, last: null };
        frame.setPointerCapture(e.pointerId);
        e.preventDefault();
    };

    const move = e => {
        if (!drag || e.pointerId !== drag.id) return;
        const p = share(frame, e);
        if (!drag.moved && Math.hypot(p.px - drag.start.px, p.py - drag.start.py) < TapSlop) return;
        if (!drag.moved) {
            drag.moved = true;
            drag.ghost = document.createElement('div');
            drag.ghost.className = `studio-box studio-ghost ${frame.classList.contains('cropping') ? 'crop-box' : 'subject-box'}`;
            drag.ghost.setAttribute('aria-hidden', 'true');
            frame.appendChild(drag.ghost);
            frame.dataset.dragging = '1';
        }

        let l, t, r, b;
        if (drag.kind === 'move') {
            l = Math.min(1 - drag.offset.w, Math.max(0, p.x - drag.offset.x));
            t = Math.min(1 - drag.offset.h, Math.max(0, p.y - drag.offset.y));
            r = l + drag.offset.w; b = t + drag.offset.h;
        } else {
            l = Math.min(drag.anchor.x, p.x); r = Math.max(drag.anchor.x, p.x);
            t = Math.min(drag.anchor.y, p.y); b = Math.max(drag.anchor.y, p.y);
        }

        drag.last = [l, t, r, b];
        place(drag.ghost, l, t, r, b);
    };

    const up = async e => {
        if (!drag || e.pointerId !== drag.id) return;
        const done = drag;
        drag = null;
        if (frame.hasPointerCapture(e.pointerId)) frame.releasePointerCapture(e.pointerId);
        try {
            if (e.type === 'pointercancel') {
                // nothing: a scroll or the system took the pointer
            } else if (!done.moved) {
                await component.invokeMethodAsync('TappedAsync', done.start.x, done.start.y);
            } else if (done.last) {
                await component.invokeMethodAsync('DrawnAsync', ...done.last);
            }
        } catch {
            // The circuit is gone; the page says so itself.
        } finally {
            // The ghost stays until the component has drawn the box itself, so the box never blinks.
            done.ghost?.remove();
            delete frame.dataset.dragging;
        }
    };

    // Arrow keys on a box move it, never the page; the component reads the keys itself.
    const keys = e => {
        if (e.target.classList?.contains('studio-box') && ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Delete', 'Backspace'].includes(e.key)) {
            e.preventDefault();
        }
    };

    frame.addEventListener('pointerdown', down);
    frame.addEventListener('pointermove', move);
    frame.addEventListener('pointerup', up);
    frame.addEventListener('pointercancel', up);
    frame.addEventListener('keydown', keys);
    attached.set(frame, () => {
        frame.removeEventListener('pointerdown', down);
        frame.removeEventListener('pointermove', move);
        frame.removeEventListener('pointerup', up);
        frame.removeEventListener('pointercancel', up);
        frame.removeEventListener('keydown', keys);
    });
}

export function detachFrame(frame) {
    attached.get(frame)?.();
    attached.delete(frame);
}

// ---- The preview -------------------------------------------------------------------------------------------------

const previews = new WeakMap();

// A slider dragged by a pointer sends a value at every step; only then is the preview asked for once the values rest.
// A key, a click, a tap or a radio asks at once (a newer answer aborts the one before).
const slider = { pressed: false, askedInPress: false };
const resting = new Set(); // the previews waiting for a dragged slider to rest
document.addEventListener('pointerdown', e => {
    if (e.button === 0 && e.target instanceof Element && e.target.closest('input[type=range], .mud-slider')) {
        slider.pressed = true;
        slider.askedInPress = false;
    }
}, true);
for (const type of ['pointerup', 'pointercancel']) {
    document.addEventListener(type, () => {
        if (!slider.pressed) return;
        slider.pressed = false;
        // The drag is over: what it rests on is asked for now, not after the rest.
        for (const flush of resting) flush();
        resting.clear();
    }, true);
}

/**
 * Shows the preview at `url` in `holder` (an element holding an img.page-preview): at once, except while a slider is
 * dragged by a pointer, whose values are asked for once they have rested `delay` ms (or the pointer is lifted; the
 * drag's first value goes at once, so a click on the slider is not delayed). Fetches it, aborting the fetch before it,
 * and swaps the picture in only once it is decoded, so the last finished preview stays in sight meanwhile. Refusals go
 * to the component's PreviewFailedAsync(status, message). Each preview shown bumps holder.dataset.shown and fires
 * "studio-preview-shown" (the benchmark listens).
 */
export function showPreview(holder, url, delay, component) {
    if (!holder) return;
    let state = previews.get(holder);
    if (!state) {
        state = { timer: 0, flush: null, controller: null, objectUrl: null, shown: 0, wanted: null };
        previews.set(holder, state);
    }

    if (state.wanted === url) return;
    state.wanted = url;
    clearTimeout(state.timer);
    if (state.flush) resting.delete(state.flush);
    state.flush = null;
    state.controller?.abort();
    state.controller = null;
    holder.dataset.busy = '1';
    const asked = performance.now();
    const go = () => {
        clearTimeout(state.timer);
        if (state.flush) resting.delete(state.flush);
        state.flush = null;
        fetchPreview(holder, state, url, component, asked);
    };
    if (delay > 0 && slider.pressed && slider.askedInPress) {
        state.flush = go;
        resting.add(go);
        state.timer = setTimeout(go, delay | 0);
    } else {
        if (slider.pressed) slider.askedInPress = true;
        go();
    }
}

async function fetchPreview(holder, state, url, component, asked) {
    const controller = new AbortController();
    state.controller = controller;
    try {
        const response = await fetch(url, { signal: controller.signal, credentials: 'same-origin', headers: { Accept: 'image/png' } });
        if (!response.ok) {
            let message = null;
            try { message = (await response.json()).detail ?? null; } catch { /* not a problem document */ }
            if (state.controller === controller) {
                delete holder.dataset.busy;
                state.controller = null;
                state.wanted = null; // the same options may be asked again once the refusal has passed
                await component?.invokeMethodAsync('PreviewFailedAsync', response.status, message, Number(response.headers.get('Retry-After') ?? 0));
            }
            return;
        }

        const blob = await response.blob();
        const objectUrl = URL.createObjectURL(blob);
        const next = new Image();
        next.src = objectUrl;
        await next.decode();
        if (state.controller !== controller) {
            URL.revokeObjectURL(objectUrl); // a newer preview was asked for meanwhile
            return;
        }

        const img = holder.querySelector('img.page-preview');
        img.src = objectUrl;
        if (state.objectUrl) URL.revokeObjectURL(state.objectUrl);
        state.objectUrl = objectUrl;
        state.controller = null;
        state.shown++;
        holder.dataset.shown = String(state.shown);
        holder.dataset.ready = '1';
        delete holder.dataset.busy;
        holder.dispatchEvent(new CustomEvent('studio-preview-shown', { bubbles: true, detail: { url, ms: performance.now() - asked } }));
        await component?.invokeMethodAsync('PreviewShownAsync');
    } catch (e) {
        if (e?.name === 'AbortError') return; // a newer preview replaced this one
        if (state.controller === controller) {
            delete holder.dataset.busy;
            state.controller = null;
            state.wanted = null;
            try { await component?.invokeMethodAsync('PreviewFailedAsync', 0, null, 0); } catch { /* circuit gone */ }
        }
    }
}

/** Stops any preview on its way and lets go of the picture. */
export function forgetPreview(holder) {
    const state = holder && previews.get(holder);
    if (!state) return;
    clearTimeout(state.timer);
    if (state.flush) resting.delete(state.flush);
    state.controller?.abort();
    if (state.objectUrl) URL.revokeObjectURL(state.objectUrl);
    previews.delete(holder);
}
