"""Independent reference numbers for the metric tests (numpy + scipy only).

SSIM follows scikit-image's structural_similarity defaults (uniform 7x7 window
via scipy.ndimage.uniform_filter, sample covariance NP/(NP-1), K1=0.01,
K2=0.03, border of 3 cropped before the mean); EDT and Hausdorff use scipy.
Run: python3 scripts/reference_values.py  (numbers are pasted into
src/metrics/*.test.ts; the masks are built by the same formulas there).
"""
import numpy as np
from scipy.ndimage import uniform_filter, distance_transform_edt
from scipy.spatial import cKDTree


def ssim(x, y, data_range, win=7):
    x = x.astype(np.float64)
    y = y.astype(np.float64)
    NP = win ** 2
    cov_norm = NP / (NP - 1)
    ux, uy = uniform_filter(x, win), uniform_filter(y, win)
    uxx, uyy, uxy = uniform_filter(x * x, win), uniform_filter(y * y, win), uniform_filter(x * y, win)
    vx, vy, vxy = cov_norm * (uxx - ux * ux), cov_norm * (uyy - uy * uy), cov_norm * (uxy - ux * uy)
    c1, c2 = (0.01 * data_range) ** 2, (0.03 * data_range) ** 2
    s = ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux ** 2 + uy ** 2 + c1) * (vx + vy + c2))
    p = (win - 1) // 2
    return s[p:-p, p:-p].mean()


def masks():
    yy, xx = np.mgrid[:16, :20]
    rect = ((yy >= 3) & (yy <= 10) & (xx >= 4) & (xx <= 15)).astype(np.uint8)
    disk = ((yy - 8) ** 2 + (xx - 9) ** 2 <= 25).astype(np.uint8)
    y2, x2 = np.mgrid[:32, :32]
    pat_a = (((y2 * 31 + x2 * 17) % 7) < 3).astype(np.uint8)
    pat_b = (((y2 * 13 + x2 * 29) % 5) < 2).astype(np.uint8)
    sparse = (((y2 * y2 * 7 + x2 * x2 * 3 + x2 * y2) % 41) == 0).astype(np.uint8)
    blob = ((y2 - 12) ** 2 + (x2 - 20) ** 2 <= 36).astype(np.uint8)
    return rect, disk, pat_a, pat_b, sparse, blob


def hd_pair(p, g):
    pp, gg = np.argwhere(p), np.argwhere(g)
    d_pg = cKDTree(gg).query(pp)[0]
    d_gp = cKDTree(pp).query(gg)[0]
    return max(d_pg.max(), d_gp.max()), max(np.percentile(d_pg, 95), np.percentile(d_gp, 95))


rect, disk, pat_a, pat_b, sparse, blob = masks()
print('ssim rect/disk', repr(ssim(rect, disk, disk.max() - disk.min())))
print('ssim patA/patB', repr(ssim(pat_a, pat_b, pat_b.max() - pat_b.min())))
print('ssim rect/empty(range 1)', repr(ssim(rect, np.zeros_like(rect), 1.0)))
y, x = np.mgrid[:24, :24]
gx = np.sin(x / 3.0) * np.cos(y / 5.0)
gy = np.sin(x / 3.5 + 0.3) * np.cos(y / 4.0)
print('ssim grey (range 2)', repr(ssim(gx, gy, 2.0)))
print('hd rect/disk', [repr(v) for v in hd_pair(rect, disk)])
print('hd patA/patB', [repr(v) for v in hd_pair(pat_a, pat_b)])
edt = distance_transform_edt(disk)
print('edt disk sum', repr(edt.sum()), 'max', repr(edt.max()))
padded = np.pad(disk, 1)
edt_p = distance_transform_edt(padded)[1:-1, 1:-1]
print('edt rect padded argmax', np.unravel_index(np.argmax(distance_transform_edt(np.pad(rect, 1))[1:-1, 1:-1]), rect.shape))
print('sparse count', sparse.sum(), 'blob count', blob.sum())
print('ssim sparse/blob', repr(ssim(sparse, blob, 1.0)))
print('hd sparse/blob', [repr(v) for v in hd_pair(sparse, blob)])
e = distance_transform_edt(1 - sparse)
print('edt to sparse sites: sum', repr(e.sum()), 'max', repr(e.max()))
