"""Charts are drawn in parallel, once: an unchanged chart comes from the cache, for any edition,
and a chart drawn by a worker process is the same bytes as one drawn here."""
import dataclasses
from pathlib import Path

from luton2040.site import charts, drawing
from luton2040.site import chart_svg
from luton2040.data.load import load

ROOT = Path(__file__).resolve().parent.parent


def some_specs(count: int) -> dict[str, charts.ChartSpec]:
    data = load(ROOT)
    edition = data.edition()
    specs = {m.id: charts.chart_spec(data, edition, m) for m in data.measures}
    return dict(list((k, v) for k, v in specs.items() if v is not None)[:count])


def test_charts_are_drawn_once_then_reused_from_the_cache(tmp_path):
    specs = some_specs(drawing.POOL_FROM + 1)
    first, drawn = drawing.draw_all(tmp_path, specs)
    assert drawn == len(specs)
    again, drawn_again = drawing.draw_all(tmp_path, specs)
    assert drawn_again == 0
    assert again == first
    assert sorted(p.name for p in (tmp_path / drawing.CACHE_FOLDER).iterdir()) == sorted(
        f"{drawing.chart_key(s)}.svg" for s in specs.values())


def test_a_chart_drawn_in_a_worker_process_is_the_same_as_one_drawn_here(tmp_path):
    specs = some_specs(drawing.POOL_FROM + 1)
    pooled, _ = drawing.draw_all(tmp_path, specs)  # enough charts for the process pool
    assert pooled == {name: chart_svg.render_svg(spec).encode() for name, spec in specs.items()}


def test_a_chart_whose_spec_changes_is_drawn_again(tmp_path):
    name, spec = next(iter(some_specs(1).items()))
    drawing.draw_all(tmp_path, {name: spec})
    changed = dataclasses.replace(spec, colour="#123456")
    svgs, drawn = drawing.draw_all(tmp_path, {name: changed})
    assert drawn == 1
    assert b"#123456" in svgs[name]
