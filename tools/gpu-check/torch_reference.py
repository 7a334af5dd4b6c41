#!/usr/bin/env python3
"""The reference a user would pick instead: the same VGG-16 training step in PyTorch, fp32 with TF32 off.

The network mirrors @icnn/model's ordinary VGG-16 net at the same size: the 13 VGG-16 convolutions with ReLU and
2×2 pools up to conv5_3 (14×14 at 224), the new 3×3 conv + ReLU, a 2×2 pool (7×7), then fc6 (7×7 conv to
`hidden`), ReLU, dropout 0.5, fc7 (1×1), ReLU, dropout 0.5, fc8 (1×1 to one logit); logistic loss on ±1 labels
(mean over the batch), SGD with momentum 0.9. Prints progress to stderr and one JSON line to stdout.
"""
import argparse
import json
import statistics
import sys
import time

import torch
from torch import nn

VGG16_TO_CONV5_3 = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512]


def build(hidden: int, width: float, pooled: int) -> nn.Module:
    layers, channels = [], 3
    for item in VGG16_TO_CONV5_3:
        if item == 'M':
            layers.append(nn.MaxPool2d(2, 2))
            continue
        out = max(1, round(item * width))
        layers += [nn.Conv2d(channels, out, 3, padding=1), nn.ReLU(inplace=True)]
        channels = out
    layers += [nn.Conv2d(channels, channels, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2, 2)]
    layers += [
        nn.Conv2d(channels, hidden, pooled), nn.ReLU(inplace=True), nn.Dropout(0.5),
        nn.Conv2d(hidden, hidden, 1), nn.ReLU(inplace=True), nn.Dropout(0.5),
        nn.Conv2d(hidden, 1, 1), nn.Flatten(),
    ]
    return nn.Sequential(*layers)


def quantile(values, q):
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low, high = int(position), min(int(position) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--batch', type=int, default=32)
    parser.add_argument('--size', type=int, default=224)
    parser.add_argument('--width', type=float, default=1.0)
    parser.add_argument('--hidden', type=int, default=4096)
    parser.add_argument('--warmup', type=int, default=5)
    parser.add_argument('--steps', type=int, default=20)
    parser.add_argument('--tf32', action='store_true', help='allow TF32 (off by default: the fp32 reference)')
    parser.add_argument('--device', default='cuda', help="'cpu' for a smoke test where there is no GPU")
    args = parser.parse_args()

    if args.device == 'cuda' and not torch.cuda.is_available():
        print(json.dumps({'skipped': 'PyTorch sees no CUDA device'}))
        return
    cuda = args.device == 'cuda'
    synchronize = torch.cuda.synchronize if cuda else (lambda: None)
    torch.backends.cuda.matmul.allow_tf32 = args.tf32
    torch.backends.cudnn.allow_tf32 = args.tf32
    torch.backends.cudnn.benchmark = True
    torch.manual_seed(0)
    device = torch.device(args.device)
    # Four 2×2 pools in the backbone and one after the new conv: 224 → 7, fc6's kernel.
    model = build(args.hidden, args.width, args.size // 32).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-4, momentum=0.9)
    x = torch.randn(args.batch, 3, args.size, args.size, device=device) * 60
    labels = torch.tensor([1.0 if b % 2 == 0 else -1.0 for b in range(args.batch)], device=device)

    def step() -> None:
        optimizer.zero_grad(set_to_none=True)
        logits = model(x).squeeze(1)
        loss = nn.functional.softplus(-labels * logits).mean()
        loss.backward()
        optimizer.step()

    times = []
    for i in range(args.warmup + args.steps):
        synchronize()
        start = time.perf_counter()
        step()
        synchronize()
        if i >= args.warmup:
            times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(f'torch: median step {median:.1f} ms over {len(times)} steps', file=sys.stderr)
    print(json.dumps({
        'device': torch.cuda.get_device_name(0) if cuda else 'cpu',
        'torch': torch.__version__,
        'cudnn': torch.backends.cudnn.version(),
        'tf32': args.tf32,
        'batch': args.batch,
        'inputSize': args.size,
        'step': {'medianMs': median, 'p10Ms': quantile(times, 0.1), 'p90Ms': quantile(times, 0.9), 'runs': len(times)},
        'imagesPerSecond': args.batch / (median / 1000),
    }))


if __name__ == '__main__':
    main()
