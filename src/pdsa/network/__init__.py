"""The network hub: many teams' repositories read side by side (`pdsa network`).

`config` reads the hub's `network.yaml`; `fetch` brings each team's repository into the
hub's cache with the real git; `rollup` reads each team's project as `pdsa report` does and
`shared` matches the change ideas tested in more than one team; `gate` is `pdsa network
check`, the CI gate across every team.
"""

from pdsa.network.config import NETWORK_FILE, Hub, find_network, load_hub
from pdsa.network.fetch import Fetched, FetchOptions, fetch_all
from pdsa.network.rollup import NetworkReport, TeamSummary, roll_up
from pdsa.network.shared import IdeaResult, SharedIdea

__all__ = [
    "NETWORK_FILE",
    "FetchOptions",
    "Fetched",
    "Hub",
    "IdeaResult",
    "NetworkReport",
    "SharedIdea",
    "TeamSummary",
    "fetch_all",
    "find_network",
    "load_hub",
    "roll_up",
]
