"""Command line: ``python -m numba_argmax bench``, ``info`` and ``compile``."""

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

    compile_ = commands.add_parser(
        "compile", help="compile the CPU kernels into Numba's on-disk cache (JIT once, at deploy)",
        description="Compile the CPU kernels for the chosen dtypes and operations into "
                    "Numba's on-disk cache, so that no later process compiles them at its "
                    "first call.  Signatures already cached are loaded, not compiled again.")
    compile_.add_argument("--dtypes", metavar="LIST",
                          help="comma-separated dtypes, NumPy names or codes (f8,float32,bool,M8); "
                               "default: every dtype the kernels read")
    compile_.add_argument("--ops", metavar="LIST",
                          help="comma-separated operations among argmax,argmin,nanargmax,"
                               "nanargmin; default: all four")
    compile_.add_argument("--kernels", metavar="LIST",
                          help="comma-separated entry points (see --list), e.g. "
                               "reduce_flat,reduce_3d; default: all")
    compile_.add_argument("--parallel", action=argparse.BooleanOptionalAction, default=True,
                          help="also the parallel kernels, used for inputs of 2 MiB and more "
                               "(default: yes)")
    compile_.add_argument("--quiet", action="store_true", help="print nothing but errors")
    compile_.add_argument("--list", action="store_true",
                          help="print the kernel signatures it would compile, compile nothing")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    if args.command == "compile":
        from . import _precompile

        return _precompile.main_compile(args)
    from . import _bench  # imported late: `--help` stays instant

    if args.command == "bench":
        return _bench.main_bench(args)
    return _bench.main_info(args)


if __name__ == "__main__":
    sys.exit(main())
