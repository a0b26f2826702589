"""The "try this" text for each stylized fact: what to set on the page, what to watch, what to ask.

The stylized facts SF1..SF10 are the essay's findings (``shared/essay-digest.md``); the
contrasts follow the checks in ``docs/odd.md`` (Purpose and patterns), cut down to what one
live run on the page can show. The numbers in the texts were measured on the page at its
defaults (6 teams of 10, seed 42, week 156) and ``tests/test_app.py`` runs every contrast again,
so a text cannot promise what the model no longer gives. One run is one seed: the notebooks
repeat the contrasts over seeds.
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
        "Manager style *adaptive*, reflection 0.1. Run to week 156 with pressure 0.2, then Reset with "
        "pressure 0.9. Then keep pressure 0.9 and raise reflection to 0.7.",
        "*How managers lead* and the *hierarchical* tile: the red (hierarchical) line climbs higher at "
        "high pressure (seed 42, week 156: 0.61 at pressure 0.2, 0.75 at 0.9); reflection 0.7 holds it "
        "lower (0.69). The other three lines fall a little at high pressure: the week is full.",
        "Which short-term goals pull on a team manager in your organisation, and what pulls back?",
    ),
    TryThis(
        "SF2",
        "Compensation with support?",
        "Adaptive managers, reflection 0.1, pressure 0.2 and then 0.9, first with the defaults "
        "(compensation *strain*, attention budget on); then again with the attention budget off; then "
        "with compensation *coupled* and the attention budget off.",
        "Does the orange (supportive) line rise with the red one, as the essay found? At the defaults "
        "it does not: it falls (seed 42, week 156: 0.50 at pressure 0.2, 0.43 at 0.9), because "
        "firefighting and steering eat the week. Without the attention budget it stays about level "
        "(0.50, 0.52); only with coupled compensation and no budget does it rise (0.54, 0.62).",
        "Which account of the manager's week makes compensation appear, and which one do you "
        "recognise from your own work?",
    ),
    TryThis(
        "SF3",
        "Supportive leadership goes with passivity",
        "Manager style *supportive*, then Reset with *accountable*, then *laissez_faire* (same seed). "
        "Then set support acts as *comfort* and compare *supportive* again.",
        "The readout at week 156: passivity is higher under supportive leadership than under "
        "accountable leadership (seed 42: 0.54 against 0.42), although professionals feel better "
        "(well-being 0.81 against 0.68). Laissez-faire, the absence of leadership, is worse on both "
        "(passivity 0.70, well-being 0.49). With support as *comfort* supportive passivity rises "
        "further (0.62) and role ambiguity with it.",
        "Why would a manager who cares about well-being end up with a more passive team than one who "
        "asks for account, and is that the same as a manager who is not there?",
    ),
    TryThis(
        "SF4",
        "Accountable leadership: the most professional behaviour",
        "Try the named styles one after the other: *hierarchical*, *supportive*, *accountable*, "
        "*visionary*, *balanced*, each with Reset and Play to week 156. Then *custom intensities* with "
        "all four at 0.9.",
        "Passivity and collaboration at the end (readout) and the *Regime of each team*: of the named "
        "styles, accountable gives the lowest passivity and the most collaboration (seed 42: 0.42 and "
        "0.25; hierarchical 0.66 and 0.09). A manager high on all four does better still on passivity "
        "(0.33).",
        "What does 'giving account' ask of a professional that 'being supported' does not? And what "
        "would it take, in hours, to be high on all four styles?",
    ),
    TryThis(
        "SF5",
        "Visionary leadership must be co-created",
        "Manager style *visionary*; vision co-creation 0.0 (imposed), then 1.0 (co-created).",
        "The readout at week 156: role ambiguity and passivity are lower when the vision is "
        "co-created (seed 42: role ambiguity 0.44 against 0.25, passivity 0.61 against 0.40).",
        "How would you co-create a picture of the craft with your team, rather than present one?",
    ),
    TryThis(
        "SF6",
        "Change without a theory of change fails",
        "Adaptive managers; theory of change 0.0, then 1.0.",
        "With a theory of change the red (hierarchical) line ends lower and the blue (accountable) and "
        "purple (visionary) ones higher, and collaboration ends higher (seed 42, week 156: "
        "hierarchical 0.67 against 0.58, collaboration 0.17 against 0.25): managers stop ordering the "
        "change.",
        "What is your theory of change for the next change you want in your team?",
    ),
    TryThis(
        "SF7",
        "Bias toward fitting in under scrutiny",
        "Scrutiny 0.1, then 0.9.",
        "The team view: at high scrutiny every professional ends leaning to managerial work (one "
        "colour), and the readout's innovation falls (seed 42, week 156: 0.11 against 0.06).",
        "When the council and the press are watching, what happens to experiments in the team?",
    ),
    TryThis(
        "SF8",
        "The perception gap",
        "Defaults; then visibility 1.0; then visibility back to 0.5 and peer action learning on.",
        "The readout's perception gap (what professionals report minus what managers see) is "
        "positive, and shrinks when managers see more (seed 42, week 156: 0.17 at the defaults, 0.08 "
        "at full visibility, 0.06 with action learning).",
        "How would you find out what your professionals do with partners outside the office?",
    ),
    TryThis(
        "SF9",
        "The client out of sight",
        "Adaptive managers; pressure 0.2, then 0.9.",
        "*Clients' experience*: felt understood falls further than felt respected under pressure "
        "(seed 42, week 156: understood 0.54 to 0.34, respected 0.83 to 0.78).",
        "What does a client need from a professional beyond being treated with respect?",
    ),
    TryThis(
        "SF10",
        "Peer action learning works, after some time",
        "Pressure 0.8, adaptive managers; peer action learning off, then on (same seed). Then on, with "
        "action learning changes *restore* instead of *reframe*.",
        "*How managers lead*, passivity and the *Regime of each team*: with action learning the red "
        "line climbs as without for about half a year, then falls while the purple (visionary) one "
        "rises; by week 156 passivity is 0.23 against 0.56 and most teams are coproducing or "
        "connective (seed 42). With *restore* (reflection and sight come back, the picture of good "
        "leadership stays) the effect is smaller: passivity 0.41, every team compliant.",
        "Why does learning from peers take time before it changes how a manager leads, and what "
        "changes when managers revise their assumptions about their staff?",
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
