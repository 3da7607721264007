"""A simulator of Chinese local-government websites, for tests, benchmarks and the demo mode.

Several sites in the shapes real government CMSs use (TRS, Hanweb, VSB and a home-grown one),
each on its own port of 127.0.0.1, with generated meeting reports, page chrome, GBK pages that
misdeclare their charset, robots.txt, misbehaving pages and request counters.
"""

from services.simulator.simulator import Simulator, start_simulator
from services.simulator.site import DEFAULT_SITES, SiteSpec

__all__ = ["DEFAULT_SITES", "Simulator", "SiteSpec", "start_simulator"]
