// Pointer and key handling of the job page's line editor (LineEditor.razor). A click removes the stroke under the
// pointer, a drag brushes away every stroke it crosses; mouse, pen and touch alike (pointer events). Which strokes
// are removed, undo and redo live in .NET; this only finds strokes under the pointer and tells it.
const state = new WeakMap();
const TOLERANCE = 6; // CSS pixels around the pointer that still count as on a line
const CLICK_SLOP = 5; // a press that moves less than this is a click, not a brush

function strokeAt(x, y) {
    const hit = (px, py) => {
        for (const element of document.elementsFromPoint(px, py)) {
            if (element instanceof SVGPathElement && element.dataset.index !== undefined && element.closest('.line-canvas')) {
                return element;
            }
        }
        return null;
    };
    const exact = hit(x, y);
    if (exact) {
        return exact;
    }
    for (const r of [TOLERANCE / 2, TOLERANCE]) {
        for (let a = 0; a < 8; a++) {
            const found = hit(x + r * Math.cos(a * Math.PI / 4), y + r * Math.sin(a * Math.PI / 4));
            if (found) {
                return found;
            }
        }
    }
    return null;
}

export function attach(root, canvas, dotnet) {
    let hovered = null;
    let brush = null; // { x, y, moved, hits: Map<index, element> }

    const setHover = (element) => {
        if (hovered && hovered !== element) {
            hovered.removeAttribute('data-hover');
        }
        hovered = element;
        if (element) {
            element.setAttribute('data-hover', '');
        }
    };

    const collect = (x, y) => {
        const element = strokeAt(x, y);
        if (element && !brush.hits.has(element.dataset.index)) {
            brush.hits.set(element.dataset.index, element);
            element.setAttribute('data-brushed', '');
        }
    };

    const down = (e) => {
        if (e.button !== 0) {
            return;
        }
        canvas.setPointerCapture(e.pointerId);
        brush = { x: e.clientX, y: e.clientY, lastX: e.clientX, lastY: e.clientY, moved: false, hits: new Map() };
        e.preventDefault();
    };

    const move = (e) => {
        if (!brush) {
            if (e.pointerType === 'mouse') {
                setHover(strokeAt(e.clientX, e.clientY));
            }
            return;
        }
        if (!brush.moved && Math.hypot(e.clientX - brush.x, e.clientY - brush.y) >= CLICK_SLOP) {
            brush.moved = true;
            collect(brush.x, brush.y);
        }
        if (brush.moved) {
            // Sample the way from the last point, so a quick stroke of the brush misses nothing it crossed.
            const steps = Math.max(1, Math.ceil(Math.hypot(e.clientX - brush.lastX, e.clientY - brush.lastY) / 3));
            for (let s = 1; s <= steps; s++) {
                collect(brush.lastX + (e.clientX - brush.lastX) * s / steps, brush.lastY + (e.clientY - brush.lastY) * s / steps);
            }
            brush.lastX = e.clientX;
            brush.lastY = e.clientY;
        }
    };

    const up = (e) => {
        if (!brush) {
            return;
        }
        const done = brush;
        brush = null;
        if (canvas.hasPointerCapture(e.pointerId)) {
            canvas.releasePointerCapture(e.pointerId);
        }
        for (const element of done.hits.values()) {
            element.removeAttribute('data-brushed');
        }
        let indexes;
        if (done.moved) {
            indexes = [...done.hits.keys()].map(Number);
        } else {
            const element = strokeAt(e.clientX, e.clientY);
            indexes = element ? [Number(element.dataset.index)] : [];
        }
        setHover(null);
        if (indexes.length > 0 && e.type === 'pointerup') {
            dotnet.invokeMethodAsync('RemoveStrokes', indexes);
        }
    };

    const leave = () => setHover(null);

    // Keys the editor uses must not scroll the page or go back in history; the rest keep their meaning (Tab above all).
    const keys = (e) => {
        const command = e.ctrlKey || e.metaKey;
        const onCanvas = e.target === canvas;
        if ((command && ['z', 'Z', 'y', 'Y'].includes(e.key))
            || (onCanvas && ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'Delete', 'Backspace'].includes(e.key))) {
            e.preventDefault();
        }
    };

    canvas.addEventListener('pointerdown', down);
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerup', up);
    canvas.addEventListener('pointercancel', up);
    canvas.addEventListener('pointerleave', leave);
    root.addEventListener('keydown', keys);
    state.set(root, () => {
        canvas.removeEventListener('pointerdown', down);
        canvas.removeEventListener('pointermove', move);
        canvas.removeEventListener('pointerup', up);
        canvas.removeEventListener('pointercancel', up);
        canvas.removeEventListener('pointerleave', leave);
        root.removeEventListener('keydown', keys);
    });
}

export function detach(root) {
    const stop = state.get(root);
    if (stop) {
        stop();
        state.delete(root);
    }
}
