"""`pdsa tree` and the report's diagrams: rich text and Mermaid."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from rich.tree import Tree

from pdsa.render.cycles import DECISION_STYLE
from pdsa.render.safe import clean
from pdsa.story import AFTER_THE_FACT

IDEA_STYLE = {"adopted": "green", "abandoned": "red", "testing": "yellow", "not started": "dim"}


def text_tree(tree: dict[str, Any], name: str) -> Tree:
    """Aim -> drivers -> change ideas -> ramps, for the terminal."""
    root = Tree(Text(clean(name, newlines=False), style="bold"))
    for aim in tree["aims"]:
        root.add(Text("aim: " + clean(aim["statement"]), style="bold cyan"))
    for driver in tree["drivers"]:
        node = root.add(Text(clean(driver["title"], newlines=False), style="bold"))
        _ideas(node, driver["change_ideas"])
        for secondary in driver["secondary"]:
            title = Text(clean(secondary["title"], newlines=False))
            _ideas(node.add(title), secondary["change_ideas"])
    if tree["unassigned"]:
        _ideas(root.add(Text("change ideas without a driver", style="dim")), tree["unassigned"])
    return root


def _ideas(parent: Tree, ideas: list[dict[str, Any]]) -> None:
    for idea in ideas:
        label = Text(f"◆ {clean(idea['title'], newlines=False)} ")
        label.append(f"[{idea['status']}]", style=IDEA_STYLE.get(idea["status"], ""))
        node = parent.add(label)
        for ramp in idea["ramps"]:
            line = Text()
            for index, cycle in enumerate(ramp):
                if index:
                    line.append(" → ", style="dim")
                line.append(clean(cycle["id"][11:] or cycle["id"]))
                tag = cycle["tag"]
                line.append(f" ({tag})", style=DECISION_STYLE.get(tag, "dim"))
                if cycle["retrospective"]:
                    line.append(f" [{AFTER_THE_FACT}]", style="yellow")
            node.add(line)


def _label(text: str) -> str:
    """A Mermaid node label: quoted, with characters that would end it escaped."""
    text = clean(text, newlines=False)  # no raw control character reaches the terminal
    escaped = text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;")
    return '"' + escaped.replace(">", "#gt;").replace("\n", " ") + '"'


def mermaid(tree: dict[str, Any]) -> str:
    """The driver diagram (and each idea's ramp) as a Mermaid flowchart."""
    lines = ["flowchart LR"]
    for n, aim in enumerate(tree["aims"]):
        lines.append(f"  aim{n}[{_label('Aim: ' + aim['statement'])}]")
    aims = [f"aim{n}" for n in range(len(tree["aims"]))] or ["aim"]
    if not tree["aims"]:
        lines.append('  aim["Aim"]')
    for d in tree["drivers"]:
        lines.append(f"  d_{_id(d['id'])}[{_label(d['title'])}]")
        lines += [f"  {a} --> d_{_id(d['id'])}" for a in aims]
        _mermaid_ideas(lines, f"d_{_id(d['id'])}", d["change_ideas"])
        for s in d["secondary"]:
            lines.append(f"  d_{_id(s['id'])}[{_label(s['title'])}]")
            lines.append(f"  d_{_id(d['id'])} --> d_{_id(s['id'])}")
            _mermaid_ideas(lines, f"d_{_id(s['id'])}", s["change_ideas"])
    _mermaid_ideas(lines, aims[0], tree["unassigned"])
    return "\n".join(lines) + "\n"


def _mermaid_ideas(lines: list[str], parent: str, ideas: list[dict[str, Any]]) -> None:
    for idea in ideas:
        node = f"i_{_id(idea['id'])}"
        lines.append(f"  {node}([{_label(idea['title'] + ' · ' + idea['status'])}])")
        lines.append(f"  {parent} --> {node}")
        for ramp in idea["ramps"]:
            previous = node
            for cycle in ramp:
                tag = cycle["tag"]
                cid = f"c_{_id(cycle['id'])}"
                words = [cycle["id"][11:] or cycle["id"], tag]
                if cycle["retrospective"]:
                    words.append(AFTER_THE_FACT)
                lines.append(f"  {cid}[{_label(' · '.join(words))}]")
                lines.append(f"  {previous} -.-> {cid}")
                previous = cid


def _id(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text)
