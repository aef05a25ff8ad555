"""Risk through dependencies: which measures are «i risiko via avhengighet», and the round's
dependency graph.

A measure depends on the measures named in its *Avhengigheter* column (formats.md section 1).
A measure is **at risk via a dependency** when it depends, directly or through other measures,
on a measure with red (Rød) or yellow (Gul) Samlet status in the same round. Each such measure
is listed once, with the chain to the worst measure it reaches (red before yellow, then the
shortest chain, then by Tiltak-ID): ``T-0003 → T-0002 → T-0001 (■ Rød)``. Measures that are
completed or stopped are not at risk; dependencies on IDs that are not in the round are ignored.

Every walk keeps a set of visited measures, so a cycle in the data (A depends on B, B on A) is
never looped over; :func:`cycles` names each cycle once (import warns ``dependency-cycle``) and
the graph draws it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

#: Statuses that spread risk, worst first.
RISK_SOURCES = ("Rød", "Gul")
#: Tilstand of measures that can no longer be at risk.
FINISHED = frozenset({"Ferdigstilt", "Stoppet"})


@dataclass(frozen=True)
class AtRisk:
    """A measure at risk via a dependency, with the chain to the measure that puts it there."""

    code: str
    name: str
    owner: str
    status: str | None  # its own Samlet status
    chain: tuple[str, ...]  # (code, …, source): code depends on the next, and so on
    source_status: str  # Rød or Gul: the status of the last measure of the chain
    source_name: str
    source_comment: str | None

    @property
    def source(self) -> str:
        return self.chain[-1]

    @property
    def direct(self) -> bool:
        return len(self.chain) == 2

    @property
    def chain_text(self) -> str:
        return " → ".join(self.chain)


@dataclass(frozen=True)
class GraphNode:
    code: str
    name: str
    status: str | None
    state: str
    layer: int  # 0: depends on nothing in the round; n: longest chain below it (cycles as one)
    at_risk: bool
    in_cycle: bool


@dataclass(frozen=True)
class DependencyGraph:
    nodes: tuple[GraphNode, ...]  # measures with at least one dependency edge in the round
    edges: tuple[tuple[str, str], ...]  # (dependent, depends on)
    cycles: tuple[tuple[str, ...], ...]

    @property
    def layers(self) -> int:
        return 1 + max((n.layer for n in self.nodes), default=-1)


def _edges(deps: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Dependencies limited to the measures present (unknown IDs and self-references out of
    the walk; a self-reference still counts as a cycle in :func:`cycles`)."""
    return {
        code: tuple(dict.fromkeys(d for d in targets if d in deps and d != code))
        for code, targets in deps.items()
    }


def at_risk(measures: Iterable) -> tuple[AtRisk, ...]:
    """The measures at risk via a dependency (see the module docstring), worst first: red
    sources before yellow, direct before longer chains, then by Tiltak-ID.

    ``measures``: objects with ``code``, ``name``, ``owner``, ``status``, ``state``,
    ``comment`` and ``dependencies`` (a round's :class:`~model.round_report.MeasureRow`)."""
    rows = {m.code: m for m in measures}
    graph = _edges({code: m.dependencies for code, m in rows.items()})
    found: list[AtRisk] = []
    for code in sorted(rows):
        row = rows[code]
        if row.state in FINISHED or not graph[code]:
            continue
        chain = _worst_chain(code, graph, rows)
        if chain is None:
            continue
        source = rows[chain[-1]]
        found.append(
            AtRisk(
                code,
                row.name,
                row.owner,
                row.status,
                chain,
                source.status,
                source.name,
                source.comment,
            )
        )
    rank = {s: i for i, s in enumerate(RISK_SOURCES)}
    return tuple(sorted(found, key=lambda a: (rank[a.source_status], len(a.chain), a.code)))


def _worst_chain(start: str, graph: Mapping[str, Sequence[str]], rows: Mapping) -> tuple | None:
    """The shortest chain from ``start`` to a red measure, else to a yellow one (breadth first,
    every measure visited once: cycle-safe)."""
    for wanted in RISK_SOURCES:
        parent: dict[str, str | None] = {start: None}
        queue = deque([start])
        while queue:
            code = queue.popleft()
            for dep in sorted(graph[code]):
                if dep in parent:
                    continue
                parent[dep] = code
                if rows[dep].status == wanted and rows[dep].state not in FINISHED:
                    chain = [dep]
                    while parent[chain[-1]] is not None:
                        chain.append(parent[chain[-1]])  # type: ignore[arg-type]
                    return tuple(reversed(chain))
                queue.append(dep)
    return None


def _components(graph: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Strongly connected components (Tarjan, without recursion), each sorted."""
    tarjan = _Tarjan(graph)
    for root in sorted(graph):
        if root not in tarjan.index:
            tarjan.visit(root)
    return tarjan.out


class _Tarjan:
    """The state of Tarjan's walk: each node's index and low link, the stack of the component
    being found, and the components found so far (in reverse topological order)."""

    def __init__(self, graph: Mapping[str, Sequence[str]]) -> None:
        self.graph = graph
        self.index: dict[str, int] = {}
        self.low: dict[str, int] = {}
        self.on_stack: set[str] = set()
        self.stack: list[str] = []
        self.out: list[list[str]] = []

    def visit(self, root: str) -> None:
        """Walk depth first from ``root`` (an explicit stack of children iterators)."""
        work: list[tuple[str, Iterator[str]]] = []
        self._push(root, work)
        while work:
            node, children = work[-1]
            child = self._next_child(node, children)
            if child is not None:
                self._push(child, work)
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                self.low[parent] = min(self.low[parent], self.low[node])
            if self.low[node] == self.index[node]:
                self.out.append(self._pop_component(node))

    def _push(self, node: str, work: list[tuple[str, Iterator[str]]]) -> None:
        self.index[node] = self.low[node] = len(self.index)
        self.stack.append(node)
        self.on_stack.add(node)
        work.append((node, iter(sorted(self.graph[node]))))

    def _next_child(self, node: str, children: Iterator[str]) -> str | None:
        """The next child not yet visited (None when all are); children on the stack lower
        ``node``'s low link."""
        for child in children:
            if child not in self.index:
                return child
            if child in self.on_stack:
                self.low[node] = min(self.low[node], self.index[child])
        return None

    def _pop_component(self, node: str) -> list[str]:
        component = []
        while True:
            item = self.stack.pop()
            self.on_stack.discard(item)
            component.append(item)
            if item == node:
                return sorted(component)


def cycles(deps: Mapping[str, Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    """One cycle per group of measures that depend on each other in a ring, as the path
    ``(A, B, …, A)`` starting at the smallest ID; a measure that names itself is ``(A, A)``.
    Sorted by their first ID."""
    found: list[tuple[str, ...]] = [
        (code, code) for code, targets in deps.items() if code in targets
    ]
    graph = _edges(deps)
    for component in _components(graph):
        if len(component) < 2:
            continue
        path = _ring(component, graph)
        if path:
            found.append((*path, component[0]))
    return tuple(sorted(found))


def _ring(component: list[str], graph: Mapping[str, Sequence[str]]) -> list[str] | None:
    """The shortest way from the component's first measure back to it, inside the component
    (breadth first): the measures on it, the first one first."""
    members = set(component)
    start = component[0]
    parent: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for dep in sorted(graph[node]):
            if dep not in members:
                continue
            if dep == start:
                path = [node]
                while parent[path[-1]] is not None:
                    path.append(parent[path[-1]])  # type: ignore[arg-type]
                path.reverse()
                return path
            if dep not in parent:
                parent[dep] = node
                queue.append(dep)
    return None


def cycle_text(cycle: Sequence[str]) -> str:
    return " → ".join(cycle)


def graph(measures: Iterable, risky: Iterable[AtRisk] = ()) -> DependencyGraph:
    """The round's dependency graph: the measures with a dependency edge in the round, each in
    a layer (what it depends on lies in lower layers; a cycle shares one layer)."""
    rows = {m.code: m for m in measures}
    edges_of = _edges({code: m.dependencies for code, m in rows.items()})
    edges = tuple((a, b) for a in sorted(edges_of) for b in sorted(edges_of[a]))
    involved = {a for a, _ in edges} | {b for _, b in edges}
    components = _components(edges_of)
    comp_of = {code: i for i, comp in enumerate(components) for code in comp}
    # Tarjan emits components in reverse topological order: dependencies come first.
    layer_of_comp: dict[int, int] = {}
    for i, comp in enumerate(components):
        below = [
            layer_of_comp[comp_of[d]]
            for code in comp
            for d in edges_of[code]
            if comp_of[d] != i and comp_of[d] in layer_of_comp
        ]
        layer_of_comp[i] = 1 + max(below) if below else 0
    in_cycle = {c for comp in components if len(comp) > 1 for c in comp}
    in_cycle |= {code for code, m in rows.items() if code in m.dependencies}
    involved |= in_cycle
    risky_codes = {a.code for a in risky}
    nodes = tuple(
        GraphNode(
            code,
            rows[code].name,
            rows[code].status,
            rows[code].state,
            layer_of_comp[comp_of[code]],
            code in risky_codes,
            code in in_cycle,
        )
        for code in sorted(involved)
    )
    return DependencyGraph(nodes, edges, cycles({code: m.dependencies for code, m in rows.items()}))
