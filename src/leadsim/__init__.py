"""leadsim: agent-based simulation of leadership in work-and-reintegration teams.

Mesa agents representing team managers, professionals and clients respond to leadership styles
and performance pressure; experiments compare drift toward passivity or toward collaboration.

>>> from leadsim import LeadershipModel
>>> model = LeadershipModel(pressure=0.8, rng=42).run(52)
>>> round(model.summary()["passivity"], 3)  # doctest: +SKIP
"""

from importlib.metadata import PackageNotFoundError, version

from leadsim.agents import Client, Partner, Professional, TeamManager
from leadsim.errors import LeadsimError, ParameterError, ParameterTypeError
from leadsim.model import LeadershipModel
from leadsim.observables import METRICS, REGIMES
from leadsim.parameters import PARAMETERS, defaults
from leadsim.styles import STYLE_KINDS, STYLE_NAMES

try:
    __version__ = version("leadsim")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "METRICS",
    "PARAMETERS",
    "REGIMES",
    "STYLE_KINDS",
    "STYLE_NAMES",
    "Client",
    "LeadershipModel",
    "LeadsimError",
    "ParameterError",
    "ParameterTypeError",
    "Partner",
    "Professional",
    "TeamManager",
    "__version__",
    "defaults",
]
