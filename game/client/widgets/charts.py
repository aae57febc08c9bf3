"""Small line charts drawn with pygame (the debrief's): axes, grid, one line per series, a legend."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.client.widgets.theme import DIM, TEXT, render_text

GRID = (58, 62, 72)
AXIS = (120, 126, 138)


@dataclass(frozen=True)
class Series:
    label: str
    colour: tuple[int, int, int]
    points: tuple[tuple[float, float], ...]  # (turn, value)
    dashed: bool = False


def draw_chart(surface: pygame.Surface, rect: pygame.Rect, title: str, series: list[Series], *,
               y_max: float, y_format: str = "{:.0f}", text_size: int = 16,
               note: str | None = None) -> None:
    """A line chart of ``series`` in ``rect`` (x: turns from the first point to the last, y: 0 to ``y_max``)."""
    line_h = render_text("Ag", text_size).get_height()
    surface.blit(render_text(title, text_size + 3, TEXT, bold=True), (rect.x, rect.y))
    legend_rows = _legend_rows(series, rect.w, text_size)
    plot = pygame.Rect(rect.x + 4 * text_size // 2 + 8, rect.y + line_h + 10, 0, 0)
    plot.w = rect.right - plot.x - 8
    plot.h = rect.bottom - plot.y - line_h * (1 + len(legend_rows)) - 12
    if plot.w < 40 or plot.h < 30:
        return
    xs = [x for s in series for x, _ in s.points]
    x_min, x_max = (min(xs), max(xs)) if xs else (1, 2)
    if x_max == x_min:
        x_max = x_min + 1
    pygame.draw.rect(surface, (30, 34, 42), plot)
    for i in range(5):
        value = y_max * i / 4
        y = plot.bottom - plot.h * i / 4
        pygame.draw.line(surface, GRID, (plot.x, y), (plot.right, y))
        label = render_text(y_format.format(value), text_size - 2, DIM)
        surface.blit(label, label.get_rect(midright=(plot.x - 4, y)))
    step = max(1, -(-int(x_max - x_min) // 10))  # whole turns, at most about ten labels
    for turn in range(int(x_min), int(x_max) + 1, step):
        x = plot.x + plot.w * (turn - x_min) / (x_max - x_min)
        label = render_text(str(turn), text_size - 2, DIM)
        surface.blit(label, label.get_rect(midtop=(x, plot.bottom + 2)))
    pygame.draw.rect(surface, AXIS, plot, 1)

    def at(x: float, y: float) -> tuple[float, float]:
        return (plot.x + plot.w * (x - x_min) / (x_max - x_min),
                plot.bottom - plot.h * max(0.0, min(1.0, y / y_max)))

    for s in series:
        points = [at(x, y) for x, y in s.points]
        if len(points) == 1:
            pygame.draw.circle(surface, s.colour, points[0], 3)
        elif s.dashed:
            for (ax, ay), (bx, by) in zip(points, points[1:]):
                _dashed(surface, s.colour, (ax, ay), (bx, by))
        elif points:
            pygame.draw.lines(surface, s.colour, False, points, 3)
    y = plot.bottom + line_h + 4
    for row in legend_rows:
        x = rect.x
        for s in row:
            if s.dashed:
                _dashed(surface, s.colour, (x, y + line_h / 2), (x + 22, y + line_h / 2))
            else:
                pygame.draw.line(surface, s.colour, (x, y + line_h / 2), (x + 22, y + line_h / 2), 3)
            image = render_text(s.label, text_size, TEXT)
            surface.blit(image, (x + 28, y))
            x += 28 + image.get_width() + 16
        y += line_h
    if note:
        image = render_text(note, text_size - 2, DIM)
        surface.blit(image, image.get_rect(topright=(rect.right, rect.y + 4)))
    if not series or not xs:
        image = render_text("no data", text_size, DIM)
        surface.blit(image, image.get_rect(center=plot.center))


def _legend_rows(series: list[Series], width: int, size: int) -> list[list[Series]]:
    rows: list[list[Series]] = [[]]
    used = 0
    for s in series:
        need = 28 + render_text(s.label, size).get_width() + 16
        if rows[-1] and used + need > width:
            rows.append([])
            used = 0
        rows[-1].append(s)
        used += need
    return rows if rows[0] else []


def _dashed(surface: pygame.Surface, colour, start: tuple[float, float], end: tuple[float, float], dash: int = 7) -> None:
    (ax, ay), (bx, by) = start, end
    length = max(1.0, ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5)
    steps = int(length // dash)
    for i in range(0, steps, 2):
        t0, t1 = i / steps, min(1.0, (i + 1) / steps)
        pygame.draw.line(surface, colour, (ax + (bx - ax) * t0, ay + (by - ay) * t0),
                         (ax + (bx - ax) * t1, ay + (by - ay) * t1), 2)
