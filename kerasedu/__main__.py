"""Command line: ``python -m kerasedu warmup`` compiles every numba kernel into numba's cache;
``python -m kerasedu kernels`` lists which implementation each kernel runs, and why."""

import argparse
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m kerasedu")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("warmup", help="compile every numba kernel into numba's cache")
    commands.add_parser("kernels", help="list the kernels and which implementation each runs")
    args = parser.parse_args(argv)
    import kerasedu  # noqa: F401  (registers every kernel)
    from kerasedu.backend.kernels import registered_kernels, report, warmup
    if args.command == "warmup":
        start = time.perf_counter()
        if not warmup():
            print("numba is not in use (KERASEDU_KERNELS=numpy or numba missing): "
                  "nothing to compile.")
            return 0
        print(f"compiled {len(registered_kernels())} kernels in "
              f"{time.perf_counter() - start:.1f} s")
    for name, (implementation, why) in report().items():
        if args.command == "kernels" or implementation != "numba":
            print(f"{name:<36} {implementation:<11} {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
