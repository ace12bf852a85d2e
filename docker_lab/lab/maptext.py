"""The map and the matrix as text lines of styled spans, shared by the app and the CLI (pure).

A line is a list of ``(text, style)`` spans; styles are names (``ok``, ``missing``,
``extra``, ``differs``, ``plain``, ``dim``, ``title``) that the app turns into colours
and ``docker-lab map`` into ANSI codes — or nothing: every mark also has a sign
(✓ right, ✗ missing, + extra, ≠ differs, · nothing expected), so the text reads
without colour. Each network is a box (driver, subnet, gateway, internal flag, then
its containers with their addresses and aliases); boxes flow in columns as the width
allows.
"""

from __future__ import annotations

from collections.abc import Sequence

from docker_lab.lab.matrix import OUTCOME_SIGNS, Cell, Matrix, Outcome
from docker_lab.lab.topology import (
    PREDEFINED_TEXT,
    SIGNS,
    ContainerNode,
    Mark,
    NetworkNode,
    Topology,
    state_fr,
)

Span = tuple[str, str]
Line = list[Span]

#: Words for each mark, in the legend.
MARK_WORDS = {Mark.OK: "conforme", Mark.MISSING: "manquant", Mark.EXTRA: "en trop",
              Mark.DIFFERS: "différent", Mark.PLAIN: "sans attente"}
#: What each expected pair kind means in a cell's explanation.
EXPECTED_WORDS = {"reaches": "joignable", "isolated": "isolé", "resolves": "nom résolu"}
BOX_MIN, BOX_MAX = 40, 64


def width_of(line: Line) -> int:
    """Cells taken by *line* (the map uses no wide characters)."""
    return sum(len(text) for text, _ in line)


def plain_text(lines: Sequence[Line]) -> str:
    """The lines without styles."""
    return "\n".join("".join(text for text, _ in line).rstrip() for line in lines)


def legend() -> Line:
    """``✓ conforme  ✗ manquant  + en trop  ≠ différent  · sans attente``."""
    line: Line = [("Légende : ", "dim")]
    for mark in Mark:
        line += [(f"{SIGNS[mark]} {MARK_WORDS[mark]}", mark.value), ("  ", "")]
    return line[:-1]


def _sign(mark: Mark) -> Span:
    return SIGNS[mark], mark.value


def _kind(net: NetworkNode) -> str:
    """``(bridge, interne)``: the driver and the internal flag, for the box's title."""
    parts = [net.driver] if net.driver else []
    if net.internal:
        parts.append("interne")
    return f" ({', '.join(parts)})" if parts else ""


def _props(net: NetworkNode) -> Line:
    if net.mark is Mark.MISSING:
        return [("absent", "missing")] + ([(f" (attendu : {net.subnet})", "dim")]
                                          if net.subnet else [])
    parts = [net.subnet] if net.subnet else []
    if net.gateway:
        parts.append(f"passerelle {net.gateway}")
    return [(" · ".join(parts) or "pas de sous-réseau", "dim")]


def _member_line(name_width: int, m_name: str, mark: Mark, ip: str | None,
                 aliases: Sequence[str], running: bool) -> Line:
    line: Line = [_sign(mark), (" ", ""), (m_name.ljust(name_width), mark.value), (" ", "")]
    if mark is Mark.MISSING:
        return [*line, ("manquant", "missing")]
    line.append((ip or ("arrêté" if not running else "sans adresse"), "" if ip else "dim"))
    if aliases:
        line.append((f"  alias {', '.join(aliases)}", "dim"))
    return line


def _box_body(net: NetworkNode) -> list[Line]:
    body: list[Line] = [] if net.name in ("host", "none") else [_props(net)]
    if net.predefined:
        body.append([(PREDEFINED_TEXT[net.name], "dim")])
    body += [[("≠ ", "differs"), (note, "differs")] for note in net.notes]
    if not net.members:
        body.append([("(aucun container)", "dim")])
    width = max((len(m.name) for m in net.members), default=0)
    body += [_member_line(width, m.name, m.mark, m.ip, m.aliases, m.running)
             for m in net.members]
    return body


def _clip(line: Line, width: int) -> Line:
    out: Line = []
    room = width
    for text, style in line:
        if room <= 0:
            break
        if len(text) > room:
            text = text[:max(0, room - 1)] + "…"
        out.append((text, style))
        room -= len(text)
    return out


def _box(net: NetworkNode, inner: int) -> list[Line]:
    title: Line = [("┌ ", ""), _sign(net.mark), (" ", ""), (net.name, "title"),
                   (_kind(net), "title" if net.internal else "dim"), (" ", "")]
    top = [*_clip(title, inner + 3), ("─" * max(0, inner + 3 - width_of(title)), ""), ("┐", "")]
    lines = [top]
    for line in _box_body(net):
        clipped = _clip(line, inner)
        lines.append([("│ ", ""), *clipped, (" " * (inner - width_of(clipped)), ""), (" │", "")])
    lines.append([("└" + "─" * (inner + 2) + "┘", "")])
    return lines


def network_lines(topo: Topology, width: int = 100) -> list[Line]:
    """Every network as a box, in as many columns as *width* allows."""
    needed = max((width_of(line) for net in topo.networks for line in _box_body(net)),
                 default=BOX_MIN)
    columns = max(1, (width + 1) // (BOX_MIN + 5))
    inner = max(BOX_MIN, min(BOX_MAX, needed, (width + 1) // columns - 5))
    columns = max(1, (width + 1) // (inner + 5))
    boxes = [_box(net, inner) for net in topo.networks]
    lines: list[Line] = []
    for start in range(0, len(boxes), columns):
        row = boxes[start:start + columns]
        height = max(len(b) for b in row)
        for i in range(height):
            line: Line = []
            for j, box in enumerate(row):
                part = box[i] if i < len(box) else [(" " * (inner + 4), "")]
                line += ([(" ", "")] if j else []) + part
            lines.append(line)
    return lines


def _port_spans(c: ContainerNode) -> Line:
    spans: Line = []
    for p in c.ports:
        text = f"{p.host}→{p.container_port}/{p.protocol}" if p.host else f"{p.container_port}"
        if p.mark is Mark.MISSING:
            text = f"{p.container_port} non publié" + (f" (attendu {p.host})" if p.host else "")
        spans += [("  ", ""), _sign(p.mark), (" ", ""), (text, p.mark.value)]
    return spans


def container_lines(topo: Topology) -> list[Line]:
    """One line per container: sign, name, state, image or mode, published ports."""
    width = max((len(c.name) for c in topo.containers), default=0)
    lines: list[Line] = [[("Containers et ports publiés", "title")]]
    for c in topo.containers:
        line: Line = [_sign(c.mark), (" ", ""), (c.name.ljust(width), c.mark.value), (" ", "")]
        if c.mark is Mark.MISSING:
            line.append(("manquant", "missing"))
        else:
            parts = (state_fr(c.status), c.image, f"mode {c.mode}" if c.mode else "",
                     f"service {c.service}" if c.service else "")
            what = " · ".join(p for p in parts if p)
            line.append((what, "dim"))
        lines.append(line + _port_spans(c))
        lines += [[("    ≠ ", "differs"), (note, "differs")] for note in c.notes]
    if not topo.containers:
        lines.append([("(aucun container)", "dim")])
    return lines


def map_lines(topo: Topology, width: int = 100) -> list[Line]:
    """The whole map: legend, network boxes, containers and ports."""
    head: list[Line] = [legend()] if topo.exercise else [
        [("Aucun exercice : l'état du moteur, sans comparaison.", "dim")]]
    return [*head, [], *network_lines(topo, width), [], *container_lines(topo)]


def _cell_text(cell: Cell | None, has_port: bool) -> tuple[str, str]:
    if cell is None:
        return " ─", "dim"
    probes = [cell.resolve, cell.ping] + ([cell.tcp] if has_port else [])
    signs = "".join(OUTCOME_SIGNS[o] for o in probes)
    if not cell.expected:
        prefix, style = " ", "dim" if Outcome.PENDING in probes else ""
    elif cell.as_expected is None:
        prefix, style = "?", "dim"
    else:  # foreseen from the state while the probes run, then measured
        prefix, style = ("=", "ok") if cell.as_expected else ("≠", "missing")
    return prefix + signs, style


def _expectation(kinds: Sequence[str], port: int | None) -> str:
    words = [EXPECTED_WORDS.get(k, k) for k in kinds]
    shown = f" (port {port})" if port and "resolves" not in kinds else ""
    return " et ".join(words) + shown


def matrix_lines(matrix: Matrix) -> list[Line]:
    """The matrix: numbered rows (from) and columns (to), then the cells that differ."""
    title: Line = [("Matrice d'accès", "title"), (" — ligne : depuis, colonne : vers", "dim")]
    if not matrix.containers:
        return [title, [("Aucun container de l'exercice ne tourne : pas de matrice.", "dim")]]
    names = matrix.containers
    label = max(len(n) for n in names) + 4
    cell_width = 6 if matrix.has_port else 5
    lines: list[Line] = [title, [
        (" " * label, ""), *[(f"  {i + 1}".ljust(cell_width), "title") for i in range(len(names))]]]
    for i, source in enumerate(names):
        line: Line = [(f"{i + 1:>2} {source}".ljust(label), "")]
        for target in names:
            text, style = _cell_text(matrix.cell(source, target), matrix.has_port)
            line.append((f" {text}".ljust(cell_width), style))
        lines.append(line)
    what = "DNS, ping" + (", port" if matrix.has_port else "")
    lines.append([(f"Chaque case : {what} — ✓ répond  ✗ ne répond pas  · non testé  "
                   "… en cours  ! sonde impossible", "dim")])
    lines.append([("Devant : = attendu et conforme  ≠ attendu et différent  "
                   "? attendu, en cours", "dim")])
    ports = sorted({(c.target, c.port) for c in matrix.cells.values() if c.port})
    if ports:
        lines.append([("Ports essayés : " + ", ".join(f"{t} {p}" for t, p in ports), "dim")])
    if not matrix.filled:
        lines.append([("Sondes en cours…", "dim")])
    elif matrix.elapsed:
        lines.append([(f"Remplie en {matrix.elapsed:.1f} s.", "dim")])
    if matrix.note:
        lines.append([(matrix.note, "dim")])
    lines += _difference_lines(matrix)
    return lines


def _difference_lines(matrix: Matrix) -> list[Line]:
    lines: list[Line] = []
    for source in matrix.containers:
        for target in matrix.containers:
            cell = matrix.cell(source, target)
            if cell is None or not cell.expected:
                continue
            what = _expectation(cell.expected, cell.port)
            if cell.as_expected is False:
                lines.append([("≠ ", "missing"), (f"{source} → {target}", "title"),
                              (f" : attendu {what}", "missing")])
                lines.append([("    ", ""), (cell.reason, "missing")])
            elif cell.as_expected:
                lines.append([("= ", "ok"), (f"{source} → {target}", ""),
                              (f" : {what}, comme attendu", "dim")])
    for pair, reason in matrix.unplaced:
        lines.append([("✗ ", "missing"), (f"{pair.source} → {pair.target}", "title"),
                      (f" : attendu {_expectation((pair.kind,), pair.port)}", "missing")])
        lines.append([("    ", ""), (reason, "missing")])
    return [[("Ce que l'exercice vérifie", "title")], *lines] if lines else []
