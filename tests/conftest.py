import os

# Qt tests run without a screen; set before any Qt import. The offscreen platform's screen
# is the laptop a city hall lends, 1366×768 (room.md), not Qt's default of 800×800: the
# screen-fit tests check the window on it.
LAPTOP_SCREEN = os.path.join(os.path.dirname(__file__), "fixtures", "laptop-screen.json")
if os.environ.setdefault("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={LAPTOP_SCREEN}"

import pytest  # noqa: E402 – after the platform is chosen
from hypothesis import HealthCheck, settings  # noqa: E402

from workshop.model import Prompt, Team, Workshop  # noqa: E402
from workshop.store import WorkshopStore  # noqa: E402

# On a loaded 2-core CI machine, generating examples can be slow through no fault of the
# code under test: Hypothesis' too_slow health check failed the suite there. Examples stay
# derandomised where a test asks for it; only the timing checks are off.
settings.register_profile("workshop", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("workshop")


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory, monkeypatch):
    """Each test gets its own device id and settings, never the developer's."""
    monkeypatch.setenv("WORKSHOP_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("WORKSHOP_LANG", raising=False)


@pytest.fixture
def store():
    s = WorkshopStore.in_memory(Workshop(title="Test workshop", languages=("ja", "en")))
    yield s
    s.close()


@pytest.fixture
def file_store(tmp_path):
    s = WorkshopStore.create(tmp_path / "w.workshop", Workshop(title="File workshop"),
                             device_id="device-a")
    yield s
    s.close()


@pytest.fixture
def prompt(store):
    return store.add(Prompt(text="What would you like to do at the square?"))


@pytest.fixture
def team(store):
    return store.add(Team(name="Table A", colour="#4e79a7", members=5))
