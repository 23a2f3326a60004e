"""Cuts the committed Fashion-MNIST subset from Debian's dataset-fashion-mnist package.

    python3 make_subset.py [/usr/share/datasets/fashion-mnist]

Writes train-images/labels (the first 600 images of the training set) and test-images/labels (the first 200 of
the t10k set) as gzipped IDX files, exactly as the originals store them (same header layout, same bytes).
"""
import gzip
import struct
import sys

source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"


def cut(name, count, out):
    with gzip.open(f"{source}/{name}-images-idx3-ubyte.gz", "rb") as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        pixels = f.read(count * rows * cols)
    with gzip.open(f"{source}/{name}-labels-idx1-ubyte.gz", "rb") as f:
        magic_l, n_l = struct.unpack(">II", f.read(8))
        labels = f.read(count)
    # mtime=0: the same input gives the same bytes
    with gzip.GzipFile(f"{out}-images-idx3-ubyte.gz", "wb", mtime=0) as f:
        f.write(struct.pack(">IIII", magic, count, rows, cols) + pixels)
    with gzip.GzipFile(f"{out}-labels-idx1-ubyte.gz", "wb", mtime=0) as f:
        f.write(struct.pack(">II", magic_l, count) + labels)


cut("train", 600, "train")
cut("t10k", 200, "test")
