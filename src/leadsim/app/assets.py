"""The page's browser code, cached so that the classroom page works without internet.

Solara's server sends the browser a small HTML page that loads its JavaScript and CSS (the
Vuetify app, RequireJS, Font Awesome) through ``/_solara/cdn/``: a proxy that serves them from
a cache directory (``<venv>/share/solara/cdn``) and fills the cache from a public CDN on first
use. Without internet (a locked-down classroom, CI) the page stays blank. This module fills the
cache from the npm registry with ``npm pack``, once::

    python -m leadsim.app.assets          # fetch what is missing (needs npm)
    python -m leadsim.app.assets --check  # exit 1 if something is missing

The packages and versions are read from the installed Solara's page template, so they follow
Solara upgrades.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["cache_dir", "fetch", "missing_packages", "required_packages"]

# ``{{cdn}}/@widgetti/solara-vuetify3-app@5.2.0/dist/...`` (page template),
# ``${this.getCdn()}/mermaid@10.8.0/dist/...`` (component templates)
_CDN_REFERENCE = re.compile(
    r"(?:\{\{\s*cdn\s*\}\}|\$\{this\.getCdn\(\)\})/((?:@[\w.-]+/)?[\w.-]+@\d+\.\d+\.\d+[\w.-]*)/"
)
# Solara components on the page that load browser code of their own (Markdown loads Mermaid).
_COMPONENT_MODULES = ("markdown.py",)
_PACKAGE = re.compile(r"/?((?:@[\w.-]+/)?[\w.-]+@\d+\.\d+\.\d+[\w.-]*)/")


def _templates() -> str:
    import solara

    root = Path(solara.__file__).parent
    files = [root / "server" / "templates" / "solara.html.j2"]
    files += [root / "components" / name for name in _COMPONENT_MODULES]
    return "\n".join(path.read_text(encoding="utf-8") for path in files if path.is_file())


def _vue3() -> bool:
    import ipyvue

    return str(ipyvue.__version__).startswith("3")


def required_packages() -> list[str]:
    """The npm packages (``name@version``) that the served page loads through Solara's CDN proxy.

    Returns:
        The packages of the installed Solara's page template for the installed Vue major
        version, those of the Solara components the page uses (Markdown's Mermaid), and Font
        Awesome if Solara loads it.
    """
    from solara.server import settings

    app = "solara-vuetify3-app@" if _vue3() else "solara-vuetify-app@"
    found: list[str] = []
    for spec in _CDN_REFERENCE.findall(_templates()):
        is_app = "solara-vuetify" in spec
        if (not is_app or app in spec) and spec not in found:
            found.append(spec)
    if settings.assets.fontawesome_enabled:
        match = _PACKAGE.match(settings.assets.fontawesome_path)
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found


def cache_dir() -> Path:
    """Solara's CDN cache directory, from which its server sends the cached files."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def missing_packages() -> list[str]:
    """The required packages that are not in the cache yet."""
    root = cache_dir()
    return [spec for spec in required_packages() if not (root / spec / "package.json").is_file()]


def fetch(specs: Sequence[str], *, npm: str | None = None) -> list[Path]:
    """Download packages from the npm registry with ``npm pack`` and unpack them into the cache.

    Args:
        specs: Packages as ``name@version``.
        npm: The npm executable; found on PATH if not given.

    Returns:
        The directories written.

    Raises:
        FileNotFoundError: npm is not installed.
        subprocess.CalledProcessError: npm could not fetch a package.
    """
    executable = npm or shutil.which("npm")
    if executable is None:
        raise FileNotFoundError("npm is not installed (Debian: apt-get install npm)")
    root = cache_dir()
    written = []
    for spec in specs:
        with tempfile.TemporaryDirectory() as tmp:
            result = subprocess.run(
                [executable, "pack", spec, "--pack-destination", tmp, "--silent"],
                check=True,
                capture_output=True,
                text=True,
            )
            tarball = Path(tmp) / result.stdout.strip().splitlines()[-1]
            unpacked = Path(tmp) / "unpacked"
            with tarfile.open(tarball) as archive:
                archive.extractall(unpacked, filter="data")
            target = root / spec
            if target.exists():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(unpacked / "package"), target)
            written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Fetch the missing browser packages (or, with ``--check``, only report them).

    Returns:
        0 if every package is (now) cached, 1 if some are missing or could not be fetched.
    """
    parser = argparse.ArgumentParser(
        prog="python -m leadsim.app.assets",
        description="Cache the classroom page's browser code (Solara's CDN files) from the npm registry.",
    )
    parser.add_argument("--check", action="store_true", help="only report missing packages")
    args = parser.parse_args(argv)
    missing = missing_packages()
    if not missing:
        print(f"all of {', '.join(required_packages())} are cached in {cache_dir()}")
        return 0
    if args.check:
        print(f"missing from {cache_dir()}: {', '.join(missing)}", file=sys.stderr)
        return 1
    try:
        for path in fetch(missing):
            print(f"cached {path}")
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or ""
        print(
            f"leadsim: error: could not fetch {', '.join(missing)}: {exc} {detail}".strip(), file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
