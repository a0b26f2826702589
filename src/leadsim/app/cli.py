"""``leadsim app``: serve the classroom page on this computer.

::

    leadsim app              # http://127.0.0.1:8765
    leadsim app --port 9000

The page is served by Solara's server (Starlette under uvicorn) on 127.0.0.1 only: it is meant
for the teacher's own computer and a projector, not for a network. Ctrl-C stops it. Without the
``app`` extra (Mesa's visualisation and Solara) the command says how to install it and exits
with status 2.
"""

from __future__ import annotations

import argparse
import errno
import importlib.util
import os
import socket
import sys
import warnings
from typing import Any

__all__ = ["DEFAULT_PORT", "HOST", "add_parsers", "missing_requirement", "serve"]

HOST = "127.0.0.1"
DEFAULT_PORT = 8765
APP_MODULE = "leadsim.app.page"
INSTALL_HINT = 'the classroom page needs Mesa\'s visualisation and Solara: pip install "leadsim[app]"'

EXIT_OK = 0
EXIT_SERVE_ERROR = 1
EXIT_USAGE = 2


def _port(text: str) -> int:
    try:
        value = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer in [1, 65535] (got {text!r})") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be an integer in [1, 65535] (got {text!r})")
    return value


def add_parsers(subparsers: Any) -> None:
    """Add the ``app`` subcommand to the ``leadsim`` command line.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers``.
    """
    parser = subparsers.add_parser(
        "app",
        help="serve the interactive classroom page (Solara) on 127.0.0.1",
        description=(
            "Serve the interactive classroom page on http://127.0.0.1:PORT: set pressure, manager "
            "style (a named profile or four intensities), vision co-creation, scrutiny, reflection, "
            "action learning and the competing submodels, and watch teams drift toward passivity "
            "or collaboration. Open the printed address in a browser; "
            "Ctrl-C stops the server. See docs/teaching.md for a lesson plan."
        ),
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        metavar="N",
        help=f"port on 127.0.0.1 to serve on (default {DEFAULT_PORT})",
    )
    parser.set_defaults(handler=_app_command)


def missing_requirement() -> str | None:
    """The first module the page needs that is not installed, or ``None`` if all are."""
    for name in ("solara", "uvicorn", "altair", "mesa.visualization"):
        try:
            if importlib.util.find_spec(name) is None:
                return name
        except ImportError:  # a parent package is missing
            return name
    return None


def _app_command(args: argparse.Namespace) -> int:
    missing = missing_requirement()
    if missing is not None:
        print(f"leadsim: error: {INSTALL_HINT} ({missing} is not installed)", file=sys.stderr)
        return EXIT_USAGE
    return serve(args.port)


def _bind(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _warm_up() -> None:
    """Build and step a tiny model once, so the page's first run does not wait for numba."""
    from leadsim.model import LeadershipModel

    LeadershipModel(n_teams=2, team_size=2, caseload=2, n_partners=2, rng=0).run(2)


def _warn_if_assets_missing() -> None:
    """Say in the terminal when the page's browser code is not cached (the page needs internet then)."""
    from leadsim.app import assets

    try:
        missing = assets.missing_packages()
    except (OSError, ImportError) as exc:  # an unreadable cache or a Solara without the template
        print(f"leadsim app: warning: cannot check the page's cached browser code ({exc})", file=sys.stderr)
        return
    if missing:
        print(
            f"leadsim app: warning: the page's browser code is not cached ({', '.join(missing)} missing "
            f"from {assets.cache_dir()}): the page loads it from the internet on first use and stays "
            "blank without internet; cache it once with: python -m leadsim.app.assets (needs npm)",
            file=sys.stderr,
            flush=True,
        )


def serve(port: int = DEFAULT_PORT) -> int:
    """Serve the classroom page on ``http://127.0.0.1:<port>`` until Ctrl-C.

    Args:
        port: The port on 127.0.0.1.

    Returns:
        The exit status: 0 after Ctrl-C, 1 if the port cannot be used.
    """
    # Solara reads these when its server modules are imported: set them first. Telemetry and
    # version checks would only wait on the network of a classroom.
    os.environ["SOLARA_APP"] = APP_MODULE
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    os.environ["SERVER_NAME"] = HOST
    os.environ["SERVER_PORT"] = str(port)
    try:
        sock = _bind(port)
    except OSError as exc:
        reason = "is already in use" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})"
        print(
            f"leadsim: error: port {port} on {HOST} {reason}; choose another with --port",
            file=sys.stderr,
        )
        return EXIT_SERVE_ERROR

    import uvicorn
    from solara.server import settings

    settings.main.mode = "production"
    settings.telemetry.mixpanel_enable = False
    settings.theme.variant = (
        settings.ThemeVariant.light
    )  # a dark operating system must not turn the projector page dark
    settings.theme.show_banner = False
    # Solara warns on every page load that its session cookie falls back to samesite=lax over
    # plain http; on 127.0.0.1 that fallback is what we want, and the warning only alarms teachers.
    warnings.filterwarnings(
        "ignore", message="Cookies with samesite=none require https", category=UserWarning
    )
    _warn_if_assets_missing()
    _warm_up()
    url = f"http://{HOST}:{port}"
    print(f"leadsim app: serving the classroom page on {url} (Ctrl-C to stop)", flush=True)
    config = uvicorn.Config(
        "solara.server.starlette:app",
        log_level="warning",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # a second Ctrl-C during shutdown
        pass
    finally:
        sock.close()
    print("leadsim app: stopped", flush=True)
    return EXIT_OK
