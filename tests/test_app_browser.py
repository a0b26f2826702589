"""The classroom page in a real browser: headless Chromium (Debian's ``chromium``) driven by Playwright.

The test starts ``leadsim app`` on a free loopback port, waits until it serves, and checks
what a teacher would: the page loads with its views; moving the pressure slider and pressing
Reset and Step changes what the views show; a setting the model refuses (a seed that is not a whole
number) shows the model's message on the page; the custom intensities appear only for a custom
style, all four at 1 run (there is no sum rule), and the submodel switches are there; ▶ plays
with the views live, pause stops it, the lesson's "Step, Step, Reset, ▶" plays visibly, and the
end of a run says so; a live intervention changes the running model and is marked; presentation
mode fits the readout and the main views on a 1920×1080 and a 1280×720 screen, text grows to
1.8×, and a dark operating system leaves the page light. Screenshots go to ``test-artifacts/`` at
the top of the repository (``app.png``, ``app-refused.png``, ``app-finished.png``,
``app-intervention.png``, ``app-presentation-1080p.png``, ``app-presentation-720p.png``,
``app-presentation-1.8x.png``, ``app-dark-os.png``).

``test_benchmark`` prints the page's speed (weeks per second of Play with all views live, and
Step from click until every view shows the new week), and the server-side cost of one redraw of
the six views by the live views against the page's earlier path (new figures serialised as SVG),
measured in the same run. It asserts only that playing moves and Step arrives, never a
wall-clock limit: the numbers are for reading.

Playwright's own browser download cannot work here: the test uses the system Chromium and fails
(never skips) if it is missing. The page's browser code is served from Solara's asset cache,
which the test fills from the npm registry if needed (``python -m leadsim.app.assets``).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
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
VIEWS = ("behaviour", "styles", "clients", "regimes", "team", "professionals")


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


def _open(browser, app_url, width=1600, height=2000, **options):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page.goto(app_url, timeout=TIMEOUT_MS)
    expect(page.locator(".leadsim-readout")).to_contain_text("0 of 156", timeout=TIMEOUT_MS)
    return context, page


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
    """The slider whose label starts with ``label:`` (labels show the value: "Pressure: 0.50")."""
    pattern = re.compile("^" + re.escape(label) + ":")
    return page.locator(".v-slider").filter(has=page.locator("label", has_text=pattern)).get_by_role("slider")


def _week(page) -> int:
    return int(_tile(page, "week").split()[0])


def _sources(page) -> list[str]:
    return [page.locator(f".leadsim-view-{view} img").get_attribute("src") or "" for view in VIEWS]


def _status(page) -> str:
    return page.locator(".leadsim-status").inner_text()


def _choose(page, select: str, option: str) -> None:
    page.locator(".v-select").filter(has_text=select).first.click()
    page.get_by_role("option", name=option, exact=True).click()


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


def _save(page, name: str, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
    print(f"screenshot: {path}")
    return path


def test_page_loads_with_its_views(page):
    from playwright.sync_api import expect

    expect(page.get_by_text("leadsim classroom: drift toward passivity or collaboration")).to_be_visible()
    for view in VIEWS:
        image = page.locator(f".leadsim-view-{view} img")
        expect(image).to_be_visible()
        assert image.bounding_box()["width"] > 200, view
    expect(page.locator(".leadsim-trythis")).to_contain_text("SF1")
    for button in ("Reset", "Step", "▶"):
        expect(page.get_by_role("button", name=button)).to_be_enabled()
    assert _tile(page, "pressure") == "0.50"
    assert _status(page).startswith("Ready")
    expect(page.get_by_text("Use Threads")).to_have_count(0)
    expect(page.get_by_text("Render interval")).to_have_count(0)


def test_moving_a_slider_and_stepping_changes_the_views(page):
    from playwright.sync_api import expect

    behaviour = page.locator(".leadsim-view-behaviour img")
    before = behaviour.screenshot()
    source_before = behaviour.get_attribute("src")

    pressure = _slider(page, "Pressure")
    pressure.focus()
    pressure.press("End")
    expect(pressure).to_have_attribute("aria-valuenow", "1")
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Reset").click()
    _wait_for_tile(page, "pressure", "1.00")
    assert _tile(page, "week") == "0 of 156"

    page.get_by_role("button", name="Step").click()
    _wait_for_tile(page, "week", "1 of 156")  # Step is one week: the counter is the week
    expect(behaviour).not_to_have_attribute("src", source_before or "")
    page.wait_for_timeout(500)  # let the new image paint
    assert behaviour.screenshot() != before, "the behaviour view did not change"
    for week in (2, 3, 4):  # a few more weeks, for a screenshot worth looking at
        page.get_by_role("button", name="Step").click()
        _wait_for_tile(page, "week", f"{week} of 156")
    assert _status(page) == "Paused at week 4 of 156"
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
    expect(page.get_by_role("button", name="▶")).to_be_disabled()
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

    expect(_slider(page, "Intensity: hierarchical")).to_have_count(0)  # only for a custom style
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


def test_play_pause_and_the_lesson_sequence(page):
    """The issue's trigger: Step a few times, Reset, ▶ without a pause; then pause must stop."""
    from playwright.sync_api import expect

    _choose(page, "Speed", "5 weeks/s")
    for week in (1, 2, 3):
        page.get_by_role("button", name="Step").click()
        _wait_for_tile(page, "week", f"{week} of 156")
    page.get_by_role("button", name="Reset").click()
    _wait_for_tile(page, "week", "0 of 156")
    sources = _sources(page)
    page.get_by_role("button", name="▶").click()
    expect(page.get_by_role("button", name="❚❚ Pause")).to_be_visible()
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while _week(page) < 4:
        assert time.monotonic() < deadline, f"playing did not move the week counter ({_tile(page, 'week')})"
        page.wait_for_timeout(200)
    assert all(a != b for a, b in zip(_sources(page), sources, strict=True)), "a view did not follow the play"
    assert _status(page).startswith("Playing: week")
    page.get_by_role("button", name="❚❚ Pause").click()
    expect(page.locator(".leadsim-status")).to_contain_text("Paused at week")
    stopped = _week(page)
    page.wait_for_timeout(2000)
    assert _week(page) == stopped, "the model ran on after pause"
    assert _status(page) == f"Paused at week {stopped} of 156"
    expect(page.get_by_role("button", name="▶")).to_be_enabled()


def test_a_run_that_ends_says_so(page):
    from playwright.sync_api import expect

    weeks = _slider(page, "Weeks")
    weeks.focus()
    weeks.press("Home")  # 4 weeks
    expect(weeks).to_have_attribute("aria-valuenow", "4")
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Reset").click()
    _wait_for_tile(page, "week", "0 of 4")
    _choose(page, "Speed", "as fast as it goes")
    page.get_by_role("button", name="▶").click()
    expect(page.locator(".leadsim-status")).to_have_text("Finished at week 4: press Reset for a new run")
    expect(page.locator(".leadsim-end")).to_contain_text("press Reset for a new run")
    expect(page.get_by_role("button", name="▶")).to_be_disabled()
    expect(page.get_by_role("button", name="Step")).to_be_disabled()
    _save(page, "app-finished.png")


def test_a_live_intervention_changes_the_running_model(page):
    from playwright.sync_api import expect

    for week in (1, 2):
        page.get_by_role("button", name="Step").click()
        _wait_for_tile(page, "week", f"{week} of 156")
    behaviour = page.locator(".leadsim-view-behaviour img").get_attribute("src")
    now = _slider(page, "Pressure now")
    now.focus()
    now.press("End")
    expect(page.locator(".leadsim-interventions")).to_contain_text("week 2: pressure 0.50→1.00")
    expect(page.locator(".leadsim-view-behaviour img")).not_to_have_attribute("src", behaviour or "")
    assert _tile(page, "pressure") == "0.50"  # acts from the next week on
    page.get_by_role("button", name="Step").click()
    _wait_for_tile(page, "week", "3 of 156")
    assert _tile(page, "pressure") == "1.00"
    page.get_by_role("checkbox", name="Peer action learning now").check()
    expect(page.locator(".leadsim-interventions")).to_contain_text("week 3: action learning on")
    page.wait_for_timeout(500)
    _save(page, "app-intervention.png")


def _bottom(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"] + box["height"]


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_presentation_mode_fits_one_screen(browser, app_url, width, height):
    from playwright.sync_api import expect

    context, page = _open(browser, app_url, width, height)
    try:
        page.get_by_text("Presentation mode").click()
        expect(page.locator(".leadsim-settings")).to_have_count(0)
        page.wait_for_timeout(1000)
        for selector in (".leadsim-readout", ".leadsim-view-behaviour img", ".leadsim-view-styles img"):
            assert _bottom(page, selector) <= height, f"{selector} is below the fold at {width}x{height}"
        _save(page, f"app-presentation-{height}p.png", full_page=False)
    finally:
        context.close()


def test_text_grows_to_1_8_times_and_a_dark_system_leaves_the_page_light(browser, app_url):
    from playwright.sync_api import expect

    context, page = _open(browser, app_url, 1920, 1080, color_scheme="dark")
    try:

        def size(selector: str) -> float:
            return float(
                page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
            )

        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        text = page.locator(".leadsim-trythis p").first
        color = text.evaluate("e => getComputedStyle(e).color")
        background = page.locator(".leadsim-trythis").evaluate("e => getComputedStyle(e).backgroundColor")
        assert color == "rgb(17, 17, 17)" and background == "rgb(255, 255, 255)", (color, background)
        _save(page, "app-dark-os.png", full_page=False)
        before = size(".leadsim-trythis p"), size(".leadsim-stat span")
        image = page.locator(".leadsim-view-behaviour img").get_attribute("src")
        _choose(page, "Text size", "1.8×")
        expect(page.locator(".leadsim-view-behaviour img")).not_to_have_attribute("src", image or "")
        page.wait_for_timeout(500)
        after = size(".leadsim-trythis p"), size(".leadsim-stat span")
        for a, b in zip(before, after, strict=True):
            assert b >= 1.79 * a, (before, after)
        _save(page, "app-presentation-1.8x.png", full_page=False)
    finally:
        context.close()


def test_benchmark(page):
    """Prints the page's speed; asserts only that playing moves and Step arrives."""
    from leadsim.app import figures
    from leadsim.app.session import ClassroomModel

    # Server side, the same run: one redraw of the six views, the old path against the live views.
    model = ClassroomModel()
    for _ in range(52):
        model.step()
    assert model.simulation is not None
    frame, history = model.simulation.dataframe(), model.regime_history

    def old_redraw() -> None:  # what the page did before: new figures, serialised as SVG
        for draw in (figures.behaviour_figure, figures.style_figure, figures.clients_figure):
            figures.to_svg(draw(frame, model.weeks))
        figures.to_svg(figures.regimes_figure(history, model.weeks))
        figures.to_svg(figures.team_figure(model.simulation, 0))
        figures.to_svg(figures.professionals_figure(frame, model.weeks))

    views = figures.LiveViews()
    views.render(model.snapshot())

    def live_redraw() -> None:
        views.render(model.snapshot())

    def median_seconds(run, repeats: int) -> float:
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    old, live = median_seconds(old_redraw, 3), median_seconds(live_redraw, 10)
    print(
        f"\nbenchmark: one redraw of the six views: {old * 1000:.0f} ms as SVG figures (before), "
        f"{live * 1000:.0f} ms as live views (now): {old / live:.1f}x faster"
    )

    # In the browser: Step, from the click until every view shows the new week (timed in the page).
    latencies = []
    for _ in range(5):
        week = _week(page)
        seconds = page.evaluate(
            """() => new Promise(resolve => {
                const images = [...document.querySelectorAll('.leadsim-view img')];
                const waiting = new Set(images);
                const started = performance.now();
                const observer = new MutationObserver(records => {
                    for (const record of records) waiting.delete(record.target);
                    if (waiting.size === 0) { observer.disconnect(); resolve((performance.now() - started) / 1000); }
                });
                images.forEach(image => observer.observe(image, {attributes: true, attributeFilter: ['src']}));
                [...document.querySelectorAll('button')].find(b => b.innerText.trim().toLowerCase() === 'step').click();
            })"""
        )
        _wait_for_tile(page, "week", f"{week + 1} of 156")
        latencies.append(seconds)
    print(
        f"benchmark: Step, click to every view redrawn (timed in the page): median "
        f"{statistics.median(latencies):.2f} s (min {min(latencies):.2f}, max {max(latencies):.2f}, 5 steps)"
    )

    # Play with every view live: weeks per second and redraws the browser received per second.
    page.evaluate(
        """() => { window.leadsimRedraws = 0;
        new MutationObserver(() => { window.leadsimRedraws += 1; })
          .observe(document.querySelector('.leadsim-view-behaviour img'), {attributes: true}); }"""
    )
    for speed in ("20 weeks/s", "as fast as it goes"):
        page.get_by_role("button", name="Reset").click()
        _wait_for_tile(page, "week", "0 of 156")
        _choose(page, "Speed", speed)
        page.get_by_role("button", name="▶").click()
        page.wait_for_timeout(1000)
        week, redraws, started = _week(page), page.evaluate("window.leadsimRedraws"), time.monotonic()
        page.wait_for_timeout(5000)
        weeks, redrawn, seconds = (
            _week(page) - week,
            page.evaluate("window.leadsimRedraws") - redraws,
            time.monotonic() - started,
        )
        if page.get_by_role("button", name="❚❚ Pause").count():
            page.get_by_role("button", name="❚❚ Pause").click()
        assert weeks > 0, f"playing at {speed} did not move"
        print(
            f"benchmark: Play at {speed}, all views live: {weeks / seconds:.1f} weeks/s, "
            f"{redrawn / seconds:.1f} redraws/s in the browser"
        )
