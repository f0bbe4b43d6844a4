"""Command line: ``python -m kerasedu warmup`` compiles every numba kernel into the cache."""

import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m kerasedu")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("warmup", help="compile every numba kernel into numba's on-disk cache")
    args = parser.parse_args(argv)
    if args.command == "warmup":
        from kerasedu.backend.kernels import warmup
        warmup(verbose=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
