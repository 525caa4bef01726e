"""A dependency diagram of components: importers above what they import, cycles in red.

Layout (Sugiyama's first steps): the edges that close cycles are set aside, the rest are layered
by longest path so that arrows point downwards from importer to imported, and rows are ordered
by their neighbours' positions. Cycle edges are drawn in red (pointing up, or arcing within a
row). The largest components are shown when there are too many to read.
"""

from __future__ import annotations

import math
from collections import defaultdict

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from analysis.architecture.components import Component
from analysis.architecture.cycles import strongly_connected
from analysis.architecture.section import ComponentImport
from widgets import palette
from widgets.literal_text import literal_tooltip

MAX_NODES = 30
NODE_W, NODE_H, GAP_X, GAP_Y = 150.0, 46.0, 24.0, 70.0
#: components that import and are imported by none are laid out in rows of at least this many
#: (one row of 30 was a strip too thin to read once fitted into the view)
LOOSE_COLUMNS = 5
#: below this zoom the names cannot be read: the view keeps it and scrolls instead of fitting
MIN_SCALE = 0.55


def _acyclic(names: list[str], edges: dict[tuple[str, str], int]) -> set[tuple[str, str]]:
    """The edges left after dropping DFS back edges (the first step of a Sugiyama layout)."""
    successors: dict[str, list[str]] = defaultdict(list)
    for source, target in sorted(edges):
        if source != target:
            successors[source].append(target)
    state: dict[str, int] = {}  # 1 on the DFS stack, 2 done
    kept: set[tuple[str, str]] = set()
    for root in names:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(successors[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                continue  # a back edge: it closes a cycle and is drawn upwards
            else:
                kept.add((node, child))
                if child not in state:
                    state[child] = 1
                    stack.append((child, iter(successors[child])))
    return kept


def layered(names: list[str], edges: dict[tuple[str, str], int]) -> dict[str, tuple[int, int]]:
    """(row, column) per component: importers above what they import (longest-path layering
    after removing back edges), unconnected components below in rows as wide as the widest
    connected row (at least LOOSE_COLUMNS), rows ordered by the mean column of each node's
    neighbours above (barycentre) to reduce crossings."""
    kept = _acyclic(names, edges)
    successors: dict[str, list[str]] = defaultdict(list)
    predecessors: dict[str, list[str]] = defaultdict(list)
    for source, target in kept:
        successors[source].append(target)
        predecessors[target].append(source)
    connected = {n for pair in edges for n in pair if pair[0] != pair[1]}
    row: dict[str, int] = {}
    for name in _topological(names, successors, predecessors):
        row[name] = 1 + max((row[p] for p in predecessors[name]), default=-1)
    last = max((row[n] for n in names if n in connected), default=-1)
    rows: dict[int, list[str]] = defaultdict(list)
    for name in names:
        if name in connected:
            rows[row[name]].append(name)
    width = max([LOOSE_COLUMNS, *(len(members) for members in rows.values())])
    loose = [n for n in names if n not in connected]
    for index, name in enumerate(loose):
        rows[last + 1 + index // width].append(name)
    column: dict[str, float] = {}
    placed: dict[str, tuple[int, int]] = {}
    for number in sorted(rows):
        members = rows[number]
        members.sort(
            key=lambda n: (
                sum(column[p] for p in predecessors[n] if p in column)
                / max(1, sum(1 for p in predecessors[n] if p in column)),
                n,
            )
        )
        for index, name in enumerate(members):
            column[name] = index
            placed[name] = (number, index)
    return placed


def _topological(names, successors, predecessors) -> list[str]:
    waiting = {n: len(predecessors[n]) for n in names}
    ready = sorted(n for n in names if waiting[n] == 0)
    order = []
    while ready:
        name = ready.pop(0)
        order.append(name)
        for child in sorted(successors[name]):
            waiting[child] -= 1
            if waiting[child] == 0:
                ready.append(child)
    return order


class ComponentDiagram(QGraphicsView):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setToolTip(
            "Components and their imports: an arrow points from the importing component to the "
            "imported one; importers sit above. Red: components and imports in a dependency "
            "cycle. Wheel or trackpad to scroll; hover for figures."
        )
        self.shown: list[str] = []
        self.hidden = 0
        self._graph: tuple = ([], [], set())

    def theme_changed(self) -> None:
        """Redraw in the colours of the new theme."""
        self.show_graph(*self._graph)

    def show_graph(
        self, components: list[Component], imports: list[ComponentImport], in_cycles: set[str]
    ) -> None:
        self._graph = (components, imports, in_cycles)
        scene = self.scene()
        scene.clear()
        self.setBackgroundBrush(QBrush(palette.colour("chart_bg")))
        ranked = sorted(components, key=lambda c: (-(c.name in in_cycles), -c.modules, c.name))
        chosen = {c.name: c for c in ranked[:MAX_NODES]}
        self.shown = sorted(chosen)
        self.hidden = max(0, len(components) - len(chosen))
        edges = {
            (e.source, e.target): e.imports
            for e in imports
            if e.source in chosen and e.target in chosen
        }
        if not chosen:
            scene.addText("No Python modules to draw.").setDefaultTextColor(palette.colour("text"))
            return
        positions = layered(sorted(chosen), edges)
        widths: dict[int, int] = defaultdict(int)
        for row, _column in positions.values():
            widths[row] += 1
        widest = max(widths.values())
        centre: dict[str, QPointF] = {}
        for name, (row, column) in positions.items():
            offset = (widest - widths[row]) * (NODE_W + GAP_X) / 2
            x = offset + column * (NODE_W + GAP_X)
            y = row * (NODE_H + GAP_Y)
            centre[name] = QPointF(x + NODE_W / 2, y + NODE_H / 2)
            self._node(chosen[name], QRectF(x, y, NODE_W, NODE_H), name in in_cycles)
        cycle_groups = {
            frozenset(g) for g in strongly_connected(sorted(chosen), edges) if len(g) > 1
        }
        for (source, target), count in edges.items():
            in_cycle = any(source in g and target in g for g in cycle_groups)
            self._edge(centre[source], centre[target], count, in_cycle, f"{source} → {target}")
        if self.hidden:
            note = scene.addSimpleText(
                f"Showing the {len(chosen)} largest components (and all in cycles); "
                f"{self.hidden} smaller ones are in the table."
            )
            note.setBrush(QBrush(palette.colour("text")))
            note.setPos(0, scene.itemsBoundingRect().bottom() + 16)
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-20, -20, 20, 20))
        self._fit()

    def _fit(self) -> None:
        """The whole graph when it can be read that way, else the top at a readable zoom."""
        rect = self.scene().sceneRect()
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() < MIN_SCALE:
            self.resetTransform()
            self.scale(MIN_SCALE, MIN_SCALE)
            self.centerOn(rect.center().x(), rect.top())

    def _node(self, component: Component, rect: QRectF, in_cycle: bool) -> None:
        path = QPainterPath()
        path.addRoundedRect(rect, 8, 8)
        item = QGraphicsPathItem(path)
        item.setBrush(palette.colour("diagram_cycle_bg" if in_cycle else "diagram_node_bg"))
        item.setPen(QPen(palette.colour("diagram_cycle" if in_cycle else "diagram_node"),
                         2 if in_cycle else 1))  # fmt: skip
        instability = "–" if component.instability is None else f"{component.instability:.2f}"
        item.setToolTip(
            literal_tooltip(
                f"{component.name} ({component.kind.replace('_', ' ')})\n"
                f"{component.modules} modules, "
                f"{component.sloc:,} SLOC\nCa {component.ca} · Ce {component.ce} · I {instability}"
                + (f"\nRole: {component.role}" if component.role else "")
                + (f" ({component.layer} layer)" if component.layer else "")
                + (
                    f"\nKernel: imported by {component.importers} domain components"
                    if component.kernel
                    else ""
                )
                + ("\nIn a dependency cycle" if in_cycle else "")
            )
        )
        self.scene().addItem(item)
        label = QGraphicsSimpleTextItem(component.name, item)
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        label.setBrush(QBrush(palette.colour("text")))
        metrics = label.boundingRect()
        if metrics.width() > rect.width() - 10:
            label.setScale((rect.width() - 10) / metrics.width())
        label.setPos(rect.x() + 6, rect.y() + 5)
        plural = "s" if component.modules != 1 else ""
        caption = QGraphicsSimpleTextItem(
            f"{component.modules} module{plural} · I {instability}", item
        )
        caption.setBrush(QBrush(palette.colour("muted")))
        caption.setPos(rect.x() + 6, rect.y() + 25)

    def _edge(self, start: QPointF, end: QPointF, count: int, in_cycle: bool, text: str) -> None:
        dx, dy = end.x() - start.x(), end.y() - start.y()
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length

        # leave and enter at the box borders
        def border(point: QPointF, sign: float) -> QPointF:
            scale = min(
                (NODE_W / 2) / abs(ux) if ux else math.inf,
                (NODE_H / 2) / abs(uy) if uy else math.inf,
            )
            return QPointF(point.x() + sign * ux * scale, point.y() + sign * uy * scale)

        a, b = border(start, 1), border(end, -1)
        colour = palette.colour("diagram_cycle" if in_cycle else "diagram_edge")
        pen = QPen(colour, min(1 + math.log2(count), 5) if count else 1)
        path = QPainterPath(a)
        if abs(dy) < 1:  # same row: arc above the boxes in between
            a = QPointF(start.x() + (1 if dx > 0 else -1) * NODE_W / 4, start.y() - NODE_H / 2)
            b = QPointF(end.x() - (1 if dx > 0 else -1) * NODE_W / 4, end.y() - NODE_H / 2)
            lift = min(GAP_Y * 0.9, 20 + abs(dx) / 6)
            path = QPainterPath(a)
            path.cubicTo(QPointF(a.x(), a.y() - lift), QPointF(b.x(), b.y() - lift), b)
            ux, uy = 0.0, 1.0
        elif dy < 0:  # an edge closing a cycle, drawn upwards: bow out to the right
            a = QPointF(start.x() + NODE_W / 2, start.y())
            b = QPointF(end.x() + NODE_W / 2, end.y())
            bow = NODE_W * 0.45 + abs(dy) / 8
            path = QPainterPath(a)
            path.cubicTo(QPointF(a.x() + bow, a.y()), QPointF(b.x() + bow, b.y()), b)
            ux, uy = -1.0, 0.0
        else:
            path.lineTo(b)
        line = QGraphicsPathItem(path)
        line.setPen(pen)
        line.setToolTip(
            literal_tooltip(
                f"{text}: {count} import{'s' if count != 1 else ''}"
                + (" (part of a cycle)" if in_cycle else "")
            )
        )
        self.scene().addItem(line)
        size = 9.0
        head = QPolygonF(
            [
                b,
                QPointF(b.x() - ux * size - uy * size / 2, b.y() - uy * size + ux * size / 2),
                QPointF(b.x() - ux * size + uy * size / 2, b.y() - uy * size - ux * size / 2),
            ]
        )
        arrow = QGraphicsPolygonItem(head)
        arrow.setBrush(QBrush(colour))
        arrow.setPen(QPen(colour))
        self.scene().addItem(arrow)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.scene() and not self.scene().sceneRect().isEmpty():
            self._fit()
