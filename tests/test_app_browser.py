"""The classroom page in a real browser: headless Chromium (Debian's ``chromium``) driven by Playwright.

The test starts ``leadsim app`` on a free loopback port, waits until it serves, and checks
what a teacher would: the page loads with its views; moving the pressure slider and pressing
Reset and Step changes what the views show; a setting the model refuses (a seed that is not a whole
number) shows the model's message on the page; four custom intensities all at 1 run (there is no
sum rule), and the submodel switches are there. Screenshots go to ``test-artifacts/`` at the top
of the repository (``app.png``: the page after a few weeks; ``app-refused.png``: the refusal).

Playwright's own browser download cannot work here: the test uses the system Chromium and fails
(never skips) if it is missing. The page's browser code is served from Solara's asset cache,
which the test fills from the npm registry if needed (``python -m leadsim.app.assets``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("LEADSIM_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling home, which a closed network
# turns into a flood of failed requests.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 120.0  # a cold machine compiles the model's kernels first (about 8 s)
TIMEOUT_MS = 60_000


def _chromium() -> str:
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not found:
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: the browser test of the classroom page needs it. "
            "Install Debian's package: apt-get install -y chromium "
            "(or point LEADSIM_CHROMIUM at a Chromium binary)."
        )
    return found


def _ensure_assets() -> None:
    from leadsim.app import assets

    missing = assets.missing_packages()
    if missing and assets.main([]) != 0:
        pytest.fail(
            f"the page's browser code ({', '.join(missing)}) is not cached and could not be fetched; "
            "run: python -m leadsim.app.assets (needs npm)"
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(url: str, server: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"leadsim app exited with status {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    pytest.fail(f"leadsim app did not serve {url} within {SERVER_START_TIMEOUT:.0f} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _ensure_assets()
    port = _free_port()
    log = tmp_path_factory.mktemp("app") / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "leadsim", "app", "--port", str(port)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_serving(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, app_url):
    from playwright.sync_api import expect

    # Tall enough that a screenshot shows every view.
    context = browser.new_context(viewport={"width": 1600, "height": 2000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    # Assertions wait as long as actions: on a loaded machine the server answers a Step slowly.
    expect.set_options(timeout=TIMEOUT_MS)
    page.goto(app_url, timeout=TIMEOUT_MS)
    expect(page.locator(".leadsim-readout")).to_contain_text("0 of 156", timeout=TIMEOUT_MS)
    yield page
    context.close()


def _slider(page, label: str):
    return page.locator(".v-slider").filter(has=page.locator("label", has_text=label)).get_by_role("slider")


def _tile(page, label: str) -> str:
    """The value of one readout tile, e.g. ``_tile(page, "week") == "3 of 156"``."""
    text = page.locator(".leadsim-readout").inner_text().split("\n")
    return text[text.index(label) + 1]


def _wait_for_tile(page, label: str, text: str) -> None:
    """Wait until the readout tile ``label`` shows ``text`` (the server answers Reset with a delay)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while _tile(page, label) != text:
        if time.monotonic() > deadline:
            pytest.fail(f"the readout's {label!r} shows {_tile(page, label)!r}, not {text!r}")
        page.wait_for_timeout(250)


def _save(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def test_page_loads_with_its_views(page):
    from playwright.sync_api import expect

    expect(page.get_by_text("leadsim classroom: drift toward passivity or collaboration")).to_be_visible()
    for view in ("behaviour", "styles", "clients", "regimes", "team", "professionals"):
        image = page.locator(f".leadsim-view-{view} img")
        expect(image).to_be_visible()
        assert image.bounding_box()["width"] > 200, view
    expect(page.locator(".leadsim-trythis")).to_contain_text("SF1")
    for button in ("Reset", "Step", "▶"):
        expect(page.get_by_role("button", name=button)).to_be_enabled()
    assert _tile(page, "pressure") == "0.50"


def test_moving_a_slider_and_stepping_changes_the_views(page):
    from playwright.sync_api import expect

    behaviour = page.locator(".leadsim-view-behaviour img")
    before = behaviour.screenshot()
    source_before = behaviour.get_attribute("src")

    pressure = _slider(page, "Pressure")
    pressure.focus()
    pressure.press("End")
    expect(pressure).to_have_attribute("aria-valuenow", "1")
    page.get_by_role("button", name="Reset").click()
    expect(page.locator(".leadsim-readout")).to_contain_text("1.00")
    assert _tile(page, "pressure") == "1.00"
    assert _tile(page, "week") == "0 of 156"

    page.get_by_role("button", name="Step").click()
    expect(page.locator(".leadsim-readout")).not_to_contain_text("0 of 156")
    weeks = int(_tile(page, "week").split()[0])
    assert weeks > 0
    expect(behaviour).not_to_have_attribute("src", source_before or "")
    page.wait_for_timeout(500)  # let the new image paint
    assert behaviour.screenshot() != before, "the behaviour view did not change"
    for _ in range(2):  # a few more weeks, for a screenshot worth looking at
        page.get_by_role("button", name="Step").click()
        expect(page.locator(".leadsim-readout")).not_to_contain_text(f"\n{weeks} of 156")
        weeks = int(_tile(page, "week").split()[0])
    page.wait_for_timeout(500)
    _save(page, "app.png")


def test_a_refused_setting_shows_the_models_message(page):
    from playwright.sync_api import expect

    seed = page.get_by_role("textbox", name="Seed")
    seed.fill("forty-two")
    seed.press("Enter")  # a text field sends its value on Enter (or when it loses focus)
    page.wait_for_timeout(1000)
    page.get_by_role("button", name="Reset").click()

    refusal = page.locator(".leadsim-refusal")
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("'seed' must be a non-negative integer (got 'forty-two')")
    expect(page.locator(".leadsim-readout")).to_have_count(0)
    _save(page, "app-refused.png")

    # The page still works: a valid seed and Reset bring the views back.
    seed.fill("7")
    seed.press("Enter")
    page.wait_for_timeout(1000)
    page.get_by_role("button", name="Reset").click()
    expect(page.locator(".leadsim-readout")).to_contain_text("0 of 156")
    expect(refusal).to_have_count(0)


def test_custom_intensities_need_no_sum_and_laissez_faire_is_offered(page):
    from playwright.sync_api import expect

    page.locator(".v-select").filter(has_text="Manager style").click()
    expect(page.get_by_role("option", name="laissez_faire")).to_be_visible()
    page.get_by_role("option", name="custom intensities").click()
    for kind in ("hierarchical", "supportive", "accountable", "visionary"):
        intensity = _slider(page, f"Intensity: {kind}")
        intensity.focus()
        intensity.press("End")  # all four at 1: no sum rule refuses it
        expect(intensity).to_have_attribute("aria-valuenow", "1")
    page.wait_for_timeout(1000)  # a slider sends its value to the server after a short delay
    page.get_by_role("button", name="Reset").click()
    for kind in ("hierarchical", "supportive", "accountable", "visionary"):
        _wait_for_tile(page, kind, "1.00")  # the defaults show 0.50 on every kind
    assert _tile(page, "week") == "0 of 156"
    expect(page.locator(".leadsim-refusal")).to_have_count(0)
    for switch in ("Support acts as", "Compensation", "Action learning changes"):
        expect(page.locator(".v-select").filter(has_text=switch)).to_be_visible()
    expect(page.get_by_role("checkbox", name="Attention budget")).to_be_checked()
