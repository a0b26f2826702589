"""The weekly mechanisms of leadsim, one module per stage, in the order they run.

Each week (one Mesa step) :class:`leadsim.LeadershipModel` runs:

1. :mod:`~leadsim.mechanisms.organisation` -- pressure pi(t) from its scenario (SF1).
2. :mod:`~leadsim.mechanisms.managers` -- observation of output and collaboration (SF8), style
   drift, compensation, reflection and the change response (SF1, SF2, SF6), action learning
   (SF10).
3. :mod:`~leadsim.mechanisms.professionals` -- motivation crowding, job demands-resources,
   role ambiguity, felt accountability, proactivity (SF3, SF4, SF5), multitask effort, peer
   influence (SF7) and partner ties.
4. :mod:`~leadsim.mechanisms.service` -- creaming, client experience, placement, relapse and
   intake (SF9).
5. Observation -- :mod:`leadsim.observables`, collected by Mesa's DataCollector.

Every stage has the same shape: ``draw_<stage>(rng, state, p)`` draws all the random numbers
the stage needs, and ``<stage>_stage(state, p, draws)`` applies the stage's equations to the
whole population in place, as one numba-compiled pass over the agents' state arrays
(:mod:`leadsim.mechanisms._math` says why). Keeping the draws apart lets ``tests/reference.py``
(plain Python loops over agents, written from the equations in these modules' docstrings,
which ``docs/odd.md`` repeats) be fed the very same draws and be
compared with the library's stage to 1e-9.
"""

from leadsim.mechanisms.managers import ManagerDraws, draw_managers, managers_stage
from leadsim.mechanisms.organisation import organisation_stage, scenario_pressure
from leadsim.mechanisms.professionals import (
    ProfessionalDraws,
    draw_professionals,
    professionals_stage,
)
from leadsim.mechanisms.service import (
    IntakeDraws,
    ServiceDraws,
    draw_intake,
    draw_service,
    intake_stage,
    service_stage,
)

__all__ = [
    "IntakeDraws",
    "ManagerDraws",
    "ProfessionalDraws",
    "ServiceDraws",
    "draw_intake",
    "draw_managers",
    "draw_professionals",
    "draw_service",
    "intake_stage",
    "managers_stage",
    "organisation_stage",
    "professionals_stage",
    "scenario_pressure",
    "service_stage",
]
