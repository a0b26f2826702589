"""The "try this" text for each stylized fact: what to set on the page, what to watch, what to ask.

The stylized facts SF1..SF10 are the essay's findings (``shared/essay-digest.md``); the
contrasts follow the checks in ``docs/odd.md`` (Purpose and patterns), cut down to what one
live run on the page can show. One run is one seed: the texts say so where a contrast needs
several seeds to be trusted, and the notebooks repeat the contrasts over seeds.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TRY_THIS", "TryThis", "try_this"]


@dataclass(frozen=True, slots=True)
class TryThis:
    """A short experiment on the page for one stylized fact.

    Attributes:
        fact: ``SF1`` .. ``SF10``.
        title: The fact in a few words.
        setting: What to set in the sidebar (then press Reset and Play).
        watch: Which view to watch and what to look for.
        question: A question for the class.
    """

    fact: str
    title: str
    setting: str
    watch: str
    question: str

    def markdown(self) -> str:
        """The text as Markdown, as the page shows it."""
        return (
            f"**{self.fact}: {self.title}**\n\n"
            f"**Set:** {self.setting}\n\n"
            f"**Watch:** {self.watch}\n\n"
            f"**Ask:** {self.question}"
        )


TRY_THIS: tuple[TryThis, ...] = (
    TryThis(
        "SF1",
        "Drift under pressure",
        "Manager style *adaptive*, reflection 0.1. Run with pressure 0.2, then Reset with pressure 0.9. "
        "Then keep pressure 0.9 and raise reflection to 0.7.",
        "*How managers lead*: the red (hierarchical) band grows faster and further at high pressure; "
        "high reflection holds it back.",
        "Which short-term goals pull on a team manager in your organisation, and what pulls back?",
    ),
    TryThis(
        "SF2",
        "Compensation with support",
        "As SF1: adaptive managers, pressure 0.9.",
        "*How managers lead*: the orange (supportive) band grows together with the red one: managers "
        "make up for tight steering with attention to the person.",
        "Is attention to well-being a way out of performance steering, or part of the same drift?",
    ),
    TryThis(
        "SF3",
        "Supportive leadership goes with passivity",
        "Manager style *supportive*, then Reset with *accountable* (same seed).",
        "*Passivity or collaboration?*: passivity is higher under supportive leadership, although "
        "professionals feel well (see the readout); the team view shows smaller, managerial circles.",
        "Why would a manager who cares about well-being end up with a passive team?",
    ),
    TryThis(
        "SF4",
        "Accountable leadership: the most professional behaviour",
        "Try the four styles one after the other: *hierarchical*, *supportive*, *accountable*, "
        "*visionary*, each with Reset and Play to week 156.",
        "Passivity and collaboration at the end (readout) and the *Regime of each team*: accountable "
        "leadership gives the lowest passivity and the most collaboration.",
        "What does 'giving account' ask of a professional that 'being supported' does not?",
    ),
    TryThis(
        "SF5",
        "Visionary leadership must be co-created",
        "Manager style *visionary*; vision co-creation 0.0 (imposed), then 1.0 (co-created).",
        "Role ambiguity in the readout is lower and passivity lower when the vision is co-created.",
        "How would you co-create a picture of the craft with your team, rather than present one?",
    ),
    TryThis(
        "SF6",
        "Change without a theory of change fails",
        "Adaptive managers; theory of change 0.0, then 1.0.",
        "With a theory of change the red (hierarchical) band stays smaller and collaboration ends "
        "higher: managers stop ordering the change.",
        "What is your theory of change for the next change you want in your team?",
    ),
    TryThis(
        "SF7",
        "Bias toward fitting in under scrutiny",
        "Scrutiny 0.1, then 0.9.",
        "The team view: at high scrutiny professionals look more alike (fewer colours) and the "
        "readout's innovation falls.",
        "When the council and the press are watching, what happens to experiments in the team?",
    ),
    TryThis(
        "SF8",
        "The perception gap",
        "Defaults; then visibility of collaboration 1.0; then peer action learning on.",
        "The readout's perception gap (what professionals report minus what managers see) is "
        "positive, and shrinks when managers see more.",
        "How would you find out what your professionals do with partners outside the office?",
    ),
    TryThis(
        "SF9",
        "The client out of sight",
        "Adaptive managers; pressure 0.2, then 0.9.",
        "*Clients' experience*: felt understood falls further than felt respected under pressure.",
        "What does a client need from a professional beyond being treated with respect?",
    ),
    TryThis(
        "SF10",
        "Peer action learning works, after some time",
        "Pressure 0.8, adaptive managers; peer action learning off, then on (same seed).",
        "*How managers lead* and passivity: with action learning the drift is smaller, but only after "
        "the first months, once trust in the peer group has grown.",
        "Why does learning from peers take time before it changes how a manager leads?",
    ),
)
"""One short experiment per stylized fact, SF1 to SF10 in order."""


def try_this(fact: str) -> TryThis:
    """The experiment for one stylized fact.

    Args:
        fact: ``SF1`` .. ``SF10`` (case-insensitive).

    Raises:
        KeyError: There is no such stylized fact.
    """
    for entry in TRY_THIS:
        if entry.fact.lower() == fact.strip().lower():
            return entry
    raise KeyError(f"no stylized fact {fact!r}; choose one of {', '.join(e.fact for e in TRY_THIS)}")
