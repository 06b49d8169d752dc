"""Graph helpers shared by the lowering (reference loops) and the planners (recursive aliases):
pure functions over `{node: [successors]}`."""

from __future__ import annotations


def strongly_connected(edges: dict[str, list[str]]) -> list[list[str]]:
    """The components of the graph that hold a cycle (more than one node, or a node that points at
    itself), found with an iterative Tarjan walk: linear time and no recursion, so a 10,000-type
    schema costs no stack. Nodes are visited in sorted order, so the result is deterministic."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            succ = edges.get(node, [])
            if i < len(succ):
                work.append((node, i + 1))
                nxt = succ[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges.get(node, []):
                    cycles.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return cycles
