"""``python -m services.simulator --port N``: serve the simulated sites until Ctrl-C."""

from __future__ import annotations

import argparse
import threading

from services.simulator.simulator import start_simulator


def main(argv: list[str] | None = None) -> None:
    """Start the sites on ports N, N+1, … (or free ports) and print where they are."""
    parser = argparse.ArgumentParser(prog="python -m services.simulator")
    parser.add_argument("--port", type=int, default=0, help="first port (default: free ports)")
    parser.add_argument("--column-size", type=int, default=100, help="articles per news column")
    parser.add_argument("--per-page", type=int, default=20, help="articles per list page")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated articles")
    args = parser.parse_args(argv)
    simulator = start_simulator(
        seed=args.seed, column_size=args.column_size, per_page=args.per_page, port=args.port
    )
    for site in simulator.sites:
        print(f"{site:10} {simulator.column_url(site)}", flush=True)
    print('publish: POST {base}/_admin/publish {"title": …, "body": …}', flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()


if __name__ == "__main__":
    main()
