#!/usr/bin/python3
"""Reference VAE-GAN in PyTorch with the same architecture, losses and update routes as
io.autoencoded.job.model.VaeGan, for side-by-side speed comparison on the same CPU.

    OMP_NUM_THREADS=2 python3 bench/vaegan_reference.py train --height 64 --width 112 --filters 32 \
        --latent 200 --batch 16 --steps 5 [--upsampling resize-conv|transposed]

Prints one JSON line (frames_per_s, peak_rss_mb, ...) like `autoencoded bench train|reconstruct`.
"""
import argparse
import json
import math
import os
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Body(nn.Module):
    """4 x (5x5 stride-2 conv), filters x1,2,4,8, leaky ReLU 0.2, batch norm on the last three."""

    def __init__(self, channels, filters):
        super().__init__()
        self.convs = nn.ModuleList()
        self.norms = nn.ModuleList()
        cin = channels
        for l in range(4):
            cout = filters << l
            self.convs.append(nn.Conv2d(cin, cout, 5, 2, 2, bias=(l == 0)))
            self.norms.append(nn.Identity() if l == 0 else nn.BatchNorm2d(cout, momentum=0.1, eps=1e-5))
            cin = cout

    def forward(self, x):
        feats = []
        for conv, norm in zip(self.convs, self.norms):
            x = F.leaky_relu(norm(conv(x)), 0.2)
            feats.append(x)
        return feats


class Encoder(nn.Module):
    def __init__(self, h, w, c, f, z):
        super().__init__()
        self.body = Body(c, f)
        flat = 8 * f * (h // 16) * (w // 16)
        self.mu = nn.Linear(flat, z)
        self.logvar = nn.Linear(flat, z)

    def forward(self, x):
        top = self.body(x)[-1].flatten(1)
        return self.mu(top), self.logvar(top)


def upsampler(kind, cin, cout, bias):
    """The decoder's 2x upsampling, as model.upsampling names it."""
    if kind == "transposed":
        return nn.ConvTranspose2d(cin, cout, 5, 2, 2, output_padding=1, bias=bias)
    return nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(cin, cout, 5, 1, 2, bias=bias))


class Decoder(nn.Module):
    def __init__(self, h, w, c, f, z, upsampling):
        super().__init__()
        self.shape = (8 * f, h // 16, w // 16)
        self.project = nn.Linear(z, 8 * f * (h // 16) * (w // 16), bias=False)
        self.project_norm = nn.BatchNorm2d(8 * f)
        ups, norms = [], []
        cin = 8 * f
        for l in range(4):
            last = l == 3
            cout = c if last else cin // 2
            ups.append(upsampler(upsampling, cin, cout, last))
            norms.append(nn.Identity() if last else nn.BatchNorm2d(cout))
            cin = cout
        self.ups = nn.ModuleList(ups)
        self.norms = nn.ModuleList(norms)

    def forward(self, z):
        x = F.relu(self.project_norm(self.project(z).view(-1, *self.shape)))
        for l, (up, norm) in enumerate(zip(self.ups, self.norms)):
            x = up(x)
            x = torch.tanh(x) if l == 3 else F.relu(norm(x))
        return x


class Discriminator(nn.Module):
    def __init__(self, h, w, c, f):
        super().__init__()
        self.body = Body(c, f)
        self.head = nn.Linear(8 * f * (h // 16) * (w // 16), 1)

    def forward(self, x):
        feats = self.body(x)
        return self.head(feats[-1].flatten(1)), feats


def frames(n, h, w, seed=1):
    g = torch.Generator().manual_seed(seed)
    yy = torch.linspace(0, 1, h).view(1, 1, h, 1)
    xx = torch.linspace(0, 1, w).view(1, 1, 1, w)
    phase = torch.rand(n, 1, 1, 1, generator=g) * 6.28
    base = 0.5 * torch.sin(phase + torch.arange(3).view(1, 3, 1, 1) + 3 * xx) * yy
    return base.clamp(-1, 1).float()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["train", "reconstruct"])
    p.add_argument("--height", type=int, default=144)
    p.add_argument("--width", type=int, default=256)
    p.add_argument("--filters", type=int, default=80)
    p.add_argument("--latent", type=int, default=200)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--gamma", type=float, default=2.5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--upsampling", choices=["resize-conv", "transposed"], default="resize-conv")
    p.add_argument("--profile", action="store_true",
                   help="print torch.autograd.profiler's table of the timed steps (by op, self CPU time) to stderr")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    h, w, c, f, zdim, n = a.height, a.width, 3, a.filters, a.latent, a.batch
    enc, dec, dis = Encoder(h, w, c, f, zdim), Decoder(h, w, c, f, zdim, a.upsampling), Discriminator(h, w, c, f)
    opts = [torch.optim.Adam(m.parameters(), lr=2e-4, betas=(0.5, 0.999)) for m in (enc, dec, dis)]
    x = frames(n, h, w)
    pixels = h * w * c

    def train_step():
        mu, logvar = enc(x)
        std = torch.exp(0.5 * logvar)
        z = mu + torch.randn_like(std) * std
        gen = dec(torch.cat([z, torch.randn(n, zdim)]))
        logits, feats = dis(torch.cat([x, gen]))
        prior = -0.5 * torch.sum(1 + logvar - mu * mu - logvar.exp()) / (n * pixels)
        llike = sum(((ft[n:2 * n] - ft[:n]) ** 2).sum() for ft in feats) / (n * pixels * len(feats))
        gan = (F.softplus(-logits[:n]).sum() + F.softplus(logits[n:]).sum()) / n
        # Larsen's routes, all from the pre-update weights
        g_enc = torch.autograd.grad(prior + llike, list(enc.parameters()), retain_graph=True)
        g_dec = torch.autograd.grad(a.gamma * llike - gan, list(dec.parameters()), retain_graph=True)
        g_dis = torch.autograd.grad(gan, list(dis.parameters()))
        for m, grads, opt in zip((enc, dec, dis), (g_enc, g_dec, g_dis), opts):
            for prm, g in zip(m.parameters(), grads):
                prm.grad = g
            opt.step()

    def reconstruct():
        with torch.no_grad():
            enc.eval()
            dec.eval()
            out = dec(enc(x)[0])
            enc.train()
            dec.train()
            return out

    run = train_step if a.kind == "train" else reconstruct
    t0 = time.time()
    run()
    warm = time.time() - t0
    times = []
    with torch.autograd.profiler.profile(enabled=a.profile) as prof:
        t0 = time.time()
        for _ in range(a.steps):
            s = time.time()
            run()
            times.append(time.time() - s)
        secs = time.time() - t0
    if a.profile:
        print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=15), file=sys.stderr)
    params = sum(prm.numel() for m in (enc, dec, dis) for prm in m.parameters())
    print(json.dumps({
        "impl": "pytorch-" + torch.__version__, "kind": a.kind, "height": h, "width": w, "filters": f,
        "latent": zdim, "batch": n, "upsampling": a.upsampling, "steps": a.steps, "params": params, "seconds": round(secs, 3),
        "frames_per_s": round(a.steps * n / secs, 3), "step_seconds": [round(t, 3) for t in times],
        "warmup_seconds": round(warm, 3), "threads": torch.get_num_threads(),
        "dnnl_max_cpu_isa": os.environ.get("DNNL_MAX_CPU_ISA", "unset"),
        "aten_cpu_capability": os.environ.get("ATEN_CPU_CAPABILITY", "unset"),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


if __name__ == "__main__":
    main()
