"""The part that knows the web: sources, fetching, link discovery, robots, rate limits."""
