"""python -m site_build [--out site] [--jobs N] [notebooks/en/02_....ipynb ...]  (make site)"""
import argparse

from .build import build

parser = argparse.ArgumentParser(prog="python -m site_build", description=__doc__)
parser.add_argument("--out", default="site", help="the folder to build (emptied first)")
parser.add_argument("--jobs", type=int, default=None, help="notebooks run at a time (default: cores)")
parser.add_argument("notebooks", nargs="*", help="only these notebooks (default: all, both editions)")
args = parser.parse_args()
build(args.out, args.notebooks or None, args.jobs)
