#!/usr/bin/python3
"""Plain OpenCV line pipeline used as the speed yardstick for the engine (see bench/run.sh).

decode -> fit to A4 at 300 DPI (10 mm margin) -> grey -> two Gaussian blurs (difference) -> threshold
-> drop small components -> dilate -> PNG. Prints one JSON line per photo with the median time of N runs.
"""
import json, statistics, sys, time
import cv2
import numpy as np

A4 = (2480, 3508)
MARGIN = 118


def render(path, out):
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    h, w = img.shape[:2]
    pw, ph = (A4[1], A4[0]) if w > h else A4
    s = min((pw - 2 * MARGIN) / w, (ph - 2 * MARGIN) / h)
    tw, th = int(round(w * s)), int(round(h * s))
    fitted = cv2.resize(img, (tw, th), interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    grey = cv2.cvtColor(fitted, cv2.COLOR_BGR2GRAY)
    b1 = cv2.GaussianBlur(grey, (0, 0), 2.0)
    b2 = cv2.GaussianBlur(grey, (0, 0), 3.2)
    dog = cv2.subtract(b2, b1)
    _, lines = cv2.threshold(dog, 4, 255, cv2.THRESH_BINARY)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    keep = np.zeros(n, np.uint8)
    keep[1:][stats[1:, cv2.CC_STAT_AREA] >= 60] = 255
    lines = keep[labels]
    lines = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5)))
    page = np.full((ph, pw), 255, np.uint8)
    ox, oy = (pw - tw) // 2, (ph - th) // 2
    page[oy:oy + th, ox:ox + tw] = 255 - lines
    cv2.imwrite(out, page)


def main():
    runs = int(sys.argv[1])
    out = sys.argv[2]
    cv2.setNumThreads(2)
    for path in sys.argv[3:]:
        for _ in range(3):
            render(path, out)  # warm-up, as the engine's bench does
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            render(path, out)
            times.append((time.perf_counter() - t) * 1000)
        print(json.dumps({"input": path, "runs": runs, "medianTotalMs": round(statistics.median(times), 1)}))


if __name__ == "__main__":
    main()
