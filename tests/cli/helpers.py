"""Files the CLI tests hand to ``claimwatch``: any text, and a tiny labelled set written for them."""

from __future__ import annotations

import json
from pathlib import Path

# three conflicts and three ordinary articles, with their gold disputes (value, claimant, disputer)
TINY_ARTICLES = [
    (
        "c1",
        "Organisers said 40,000 people joined the rally.\n\nPolice said 9,000 people attended.",
        [(40000, "Organisers", "Police"), (9000, "Police", "Organisers")],
    ),
    (
        "c2",
        "The union said 1,200 workers walked out.\n\nThe company said only 300 workers stayed away.",
        [(1200, "union", "company"), (300, "company", "union")],
    ),
    (
        "c3",
        "Rescuers said 75 people were missing.\n\nThe governor disputed the figure, saying 20 were missing.",
        [(75, "Rescuers", "governor"), (20, "governor", "Rescuers")],
    ),
    ("n1", "The museum said 5,000 visitors came on its opening day.\n\nTickets cost $12.", []),
    ("n2", "The council said 14 new buses would enter service in June.\n\nDrivers welcomed the plan.", []),
    ("n3", "The bakery sold 800 loaves on Saturday, its owner said.\n\nShe plans to hire two bakers.", []),
]


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def tiny_gold(tmp_path: Path, name: str) -> str:
    """:data:`TINY_ARTICLES` as a gold JSON-lines file named ``name``."""
    rows = [
        {
            "id": art_id,
            "title": "",
            "text": text,
            "disputes": [
                {"value": v, "alt_values": [], "claimant": [c], "disputed_by": [d], "kind": "conflict"}
                for v, c, d in disputes
            ],
        }
        for art_id, text, disputes in TINY_ARTICLES
    ]
    return write(tmp_path, name, "".join(json.dumps(r) + "\n" for r in rows))
