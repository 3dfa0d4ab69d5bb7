"""How the benchmarks and the browser tests start Chromium: Debian's binary, headless.

Playwright drives it with ``executable_path=CHROMIUM, args=FLAGS``; it never downloads a
browser. Without the background-networking flags Chromium keeps trying to reach Google's
hosts, which this machine's closed network refuses.
"""

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
