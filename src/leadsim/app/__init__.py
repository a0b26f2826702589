"""The classroom page: ``leadsim app``, an interactive page built with Solara.

Educators use it to show, live, how performance pressure pulls managers toward hierarchical
steering, why supportive-only leadership lets a team slide into passivity, and what co-created
vision and peer action learning change (stylized facts SF1..SF10, ``docs/teaching.md``).

Modules:

* :mod:`leadsim.app.session`: the page's controls as data (ranges from
  :data:`leadsim.PARAMETERS`) and :class:`~leadsim.app.session.ClassroomModel`, the Mesa model
  the page steps: it builds a :class:`leadsim.LeadershipModel` from the controls, or keeps the
  model's refusal message when it refuses a setting.
* :mod:`leadsim.app.figures`: the live views: matplotlib figures redrawn by blitting.
* :mod:`leadsim.app.player`: the run controller of one tab (Step, Play, Reset, live changes)
  and the frames it draws.
* :mod:`leadsim.app.tryit`: the "try this" text for each stylized fact.
* :mod:`leadsim.app.page`: the Solara page (needs the ``app`` extra: ``pip install "leadsim[app]"``).
* :mod:`leadsim.app.cli`: the ``leadsim app`` subcommand that serves the page on 127.0.0.1.

Only :mod:`leadsim.app.page` and the server import Solara; the rest is plain Python and is
tested without a browser.
"""
