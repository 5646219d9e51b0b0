import numpy as np
from scipy.signal import correlate2d
H, W = 24, 40
y, x, c = np.meshgrid(np.arange(H), np.arange(W), np.arange(3), indexing='ij')
a = ((x * 7 + y * 13 + c * 29) % 256).astype(np.float64)
b = np.clip(a + ((x * y + c) % 17) - 8, 0, 255)
def luma(img): return 0.299 * img[..., 0] + 0.587 * img[..., 1] + 0.114 * img[..., 2]
g = np.exp(-((np.arange(11) - 5) ** 2) / (2 * 1.5 ** 2)); g2 = np.outer(g, g); g2 /= g2.sum()
X, Y = luma(a), luma(b)
f = lambda im: correlate2d(im, g2, mode='valid')
mx, my = f(X), f(Y)
vx = f(X * X) - mx * mx; vy = f(Y * Y) - my * my; cxy = f(X * Y) - mx * my
C1 = (0.01 * 255) ** 2; C2 = (0.03 * 255) ** 2
s = ((2 * mx * my + C1) * (2 * cxy + C2)) / ((mx ** 2 + my ** 2 + C1) * (vx + vy + C2))
print(repr(s.mean()))
mse = ((a - b) ** 2).mean(); print(repr(10 * np.log10(255 ** 2 / mse)))
b2 = np.clip(np.floor(a * 0.5) + ((x * 31 + y * 17) % 64), 0, 255)
Y2 = luma(b2); my2 = f(Y2); vy2 = f(Y2*Y2) - my2*my2; cxy2 = f(X*Y2) - mx*my2
s2 = ((2 * mx * my2 + C1) * (2 * cxy2 + C2)) / ((mx ** 2 + my2 ** 2 + C1) * (vx + vy2 + C2))
print(repr(s2.mean()))
