"""Replaying one stored run alone, from its row: same parameters, same seed, same weeks."""

from __future__ import annotations

from pathlib import Path

from leadsim.experiments.storage import Results, load_results
from leadsim.model import LeadershipModel

__all__ = ["replay_run"]


def replay_run(results: Results | str | Path, run_id: int) -> LeadershipModel:
    """Run one stored run again and return the model after its last week.

    The row's parameters (every model parameter is stored, so later changes of defaults do not
    matter) and seed give the same run: ``model.summary()`` equals the row's end metrics.

    Args:
        results: Loaded results, or a results directory.
        run_id: The run's ``run_id``.

    Raises:
        KeyError: No such run is stored.
    """
    if not isinstance(results, Results):
        results = load_results(results)
    row = results.runs.loc[results.runs["run_id"] == run_id]
    if row.empty:
        raise KeyError(f"run {run_id} is not stored in {results.path}")
    seed = int(row["seed"].iloc[0])
    model = LeadershipModel(**results.parameters(run_id), rng=seed)
    return model.run(results.experiment.steps)
