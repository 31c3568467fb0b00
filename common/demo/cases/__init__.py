"""The demo's cases, one module per track, built in this order (a merged case names one built before it)."""

from common.demo.cases.answer import ANSWER
from common.demo.cases.consult import CONSULT
from common.demo.cases.explain import EXPLAIN
from common.demo.cases.intake import INTAKE
from common.demo.cases.propose import PROPOSE
from common.demo.cases.scenario import Scenario
from common.demo.cases.side_roads import SIDE_ROADS

# The spec's own case (the river bank, PROPOSE[0]) first, as the demo has always built it.
SCENARIOS: list[Scenario] = [PROPOSE[0], *INTAKE, *EXPLAIN, *ANSWER, *CONSULT, *PROPOSE[1:], *SIDE_ROADS]

__all__ = ["SCENARIOS", "Scenario"]
