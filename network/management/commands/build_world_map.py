"""Build the base map of the city maps, ``site/static/img/world-map.svg``, from Natural Earth.

The source is world-atlas's ``countries-50m.json`` (Natural Earth's admin-0 countries
as TopoJSON, public domain; committed under ``network/geodata/``, refreshed with
``npm pack world-atlas@2``). Each arc is simplified once (Douglas-Peucker, distances
measured on the map), so neighbouring countries keep a common border; rings are then
cut at the antimeridian (world-atlas stitches Russia and Fiji across it) and projected
with ``network.geography.project``, the projection of the markers. The output is
committed; run this again only when the source or the projection changes.
"""

import json
import math
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from network.public.geography import MAP_HEIGHT, MAP_WIDTH, project

SOURCE = Path(__file__).resolve().parents[2] / "geodata" / "countries-50m.json"
TARGET = Path(settings.BASE_DIR) / "site" / "static" / "img" / "world-map.svg"
ANTARCTICA = "010"


def decode_arcs(topology):
    """The topology's arcs as lists of (longitude, latitude), undoing delta encoding."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def wrap(longitude):
    """A longitude brought into [-180, 180]."""
    return (longitude + 180) % 360 - 180 if abs(longitude) > 180 else longitude


def simplify(points, tolerance):
    """Douglas-Peucker on the map: the (longitude, latitude) points worth keeping."""
    if len(points) < 3:
        return points
    original, points = points, [project(lat, wrap(lon)) for lon, lat in points]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        farthest, distance = None, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                d = math.hypot(px - ax, py - ay)
            if d > distance:
                farthest, distance = i, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(original, keep, strict=True) if kept]


def ring_points(ring, arcs):
    """A ring of arc indexes (negative: reversed, ``~i``) as one list of points."""
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points):
    """The ring with longitudes made continuous (170, 190 rather than 170, -170)."""
    result = [points[0]]
    for lon, lat in points[1:]:
        previous = result[-1][0]
        lon += 360 * round((previous - lon) / 360)
        result.append((lon, lat))
    return result


def clip(points, inside, crossing):
    """Sutherland-Hodgman: the part of a ring on the inner side of one meridian."""
    result = []
    for current, following in zip(points, points[1:] + points[:1], strict=True):
        if inside(current):
            result.append(current)
        if inside(current) != inside(following):
            result.append(crossing(current, following))
    return result


def at_longitude(meridian):
    def crossing(a, b):
        share = (meridian - a[0]) / (b[0] - a[0])
        return (meridian, a[1] + share * (b[1] - a[1]))

    return crossing


def cut_at_antimeridian(points):
    """The pieces of a ring within [-180, 180], each closed along the map's edge."""
    points = unwrap(points)
    pieces = []
    for shift in (0, -360, 360):
        piece = [(lon + shift, lat) for lon, lat in points]
        piece = clip(piece, lambda p: p[0] <= 180, at_longitude(180))
        piece = clip(piece, lambda p: p[0] >= -180, at_longitude(-180)) if piece else piece
        if len(piece) >= 3:
            pieces.append(piece)
    return pieces


def densify(points, step=1.0):
    """Extra points on long edges (the cut ones), so they follow the map's curved edge."""
    result = []
    for (lon1, lat1), (lon2, lat2) in zip(points, points[1:] + points[:1], strict=True):
        result.append((lon1, lat1))
        count = int(max(abs(lon2 - lon1), abs(lat2 - lat1)) / step)
        result += [
            (lon1 + (lon2 - lon1) * i / count, lat1 + (lat2 - lat1) * i / count)
            for i in range(1, count)
        ]
    return result


def ring_area(points):
    return abs(
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


def path_data(rings):
    """SVG path data with relative moves and one decimal: small, and exact enough."""
    parts = []
    for ring in rings:
        rounded = [(round(x, 1), round(y, 1)) for x, y in ring]
        start_x, start_y = rounded[0]
        steps = []
        previous = rounded[0]
        for point in rounded[1:]:
            dx, dy = round(point[0] - previous[0], 1), round(point[1] - previous[1], 1)
            if dx or dy:
                steps.append(f"{dx:g} {dy:g}")
            previous = point
        if len(steps) >= 2:
            parts.append(f"M{start_x:g} {start_y:g}l{' '.join(steps)}z")
    return "".join(parts)


class Command(BaseCommand):
    help = "Build site/static/img/world-map.svg from Natural Earth (world-atlas TopoJSON)."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=SOURCE, help="TopoJSON file")
        parser.add_argument("--output", type=Path, default=TARGET, help="SVG file to write")
        parser.add_argument(
            "--tolerance",
            type=float,
            default=0.12,
            help="Simplification tolerance in map units (the map is 1000 wide).",
        )
        parser.add_argument(
            "--min-area",
            type=float,
            default=0.15,
            help="Leave out islands smaller than this (square map units).",
        )

    def handle(self, *args, source, output, tolerance, min_area, **options):
        try:
            topology = json.loads(source.read_text())
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read TopoJSON from {source}: {error}") from error

        arcs = [simplify(arc, tolerance) for arc in decode_arcs(topology)]
        paths = []
        for geometry in topology["objects"]["countries"]["geometries"]:
            if geometry.get("id") == ANTARCTICA or geometry["type"] not in {
                "Polygon",
                "MultiPolygon",
            }:
                continue
            polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
            rings = [
                projected
                for polygon in polygons
                for ring in polygon
                for piece in cut_at_antimeridian(ring_points(ring, arcs))
                for projected in [[project(lat, lon) for lon, lat in densify(piece)]]
                if ring_area(projected) >= min_area
            ]
            data = path_data(rings)
            if data:
                name = escape(geometry.get("properties", {}).get("name", ""), {'"': "&quot;"})
                paths.append(f'<path data-name="{name}" d="{data}"/>')

        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {MAP_WIDTH:g} {MAP_HEIGHT:g}" '
            f'width="{MAP_WIDTH:g}" height="{MAP_HEIGHT:g}">\n'
            "<!-- Countries: Natural Earth (public domain), via world-atlas (ISC). "
            "Equal Earth projection; built by manage.py build_world_map. -->\n"
            "<style>path{fill:#d9e1ea;stroke:#fff;stroke-width:.3;"
            "stroke-linejoin:round}</style>\n" + "\n".join(paths) + "\n</svg>\n"
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(svg)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {len(paths)} countries, {len(svg) // 1024} KiB, to {output}"
            )
        )
