"""Command line: ``python -m numba_argmax bench`` and ``python -m numba_argmax info``."""

import argparse
import sys


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m numba_argmax")
    commands = parser.add_subparsers(dest="command", required=True)

    bench = commands.add_parser("bench", help="time numba_argmax against NumPy")
    bench.add_argument("--quick", action="store_true",
                       help="a small grid that finishes in under a minute, JIT included")
    bench.add_argument("--json", metavar="PATH", help="write the results as JSON")
    bench.add_argument("--plot", metavar="PATH", help="write a PNG chart (needs matplotlib)")
    bench.add_argument("--table-rst", metavar="PATH", help="write the table as RST")
    bench.add_argument("--filter", metavar="TEXT", help="only cases whose label contains TEXT")
    bench.add_argument("--samples", type=int, help="interleaved samples per contender")
    bench.add_argument("--sample-time", type=float, metavar="SECONDS",
                       help="target duration of one sample")
    bench.add_argument("--grid-limit", type=int, metavar="N", help="only the first N cases")
    bench.add_argument("--numpy-only", action="store_true",
                       help="skip torch/bottleneck/numbagg even if installed")
    bench.add_argument("--no-progress", action="store_true", help="no progress bar")

    commands.add_parser("info", help="versions, threading layer, threads, CPU, cache dir")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    from . import _bench  # imported late: `--help` stays instant

    if args.command == "bench":
        return _bench.main_bench(args)
    return _bench.main_info(args)


if __name__ == "__main__":
    sys.exit(main())
