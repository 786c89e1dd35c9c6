"""Helpers for the timeline and actor tests: what the browser sends for a chart or table click, what the page shows."""

from __future__ import annotations

import json
import re

from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest


def chart(at: AppTest):
    """The timeline's Vega-Lite element (there is one)."""
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1, charts
    return charts[0]


def chart_items(at: AppTest) -> list[dict]:
    """The rows the timeline draws as bars, from the chart element's datasets (Arrow)."""
    import pyarrow as pa

    if not at.get("vega_lite_chart"):
        return []  # nothing in the range: no chart is drawn
    proto = chart(at).proto
    for ds in proto.datasets:
        if ds.name == "items":
            return pa.ipc.open_stream(ds.data.data).read_all().to_pylist()
    return []


def _widget_run(at: AppTest, widget_id: str, value: str) -> AppTest:
    # what the browser does: a new widget value, its callback run before the script
    ws = at._tree.get_widget_states()
    ws.widgets.append(WidgetState(id=widget_id, string_value=value))
    at._run(ws)
    assert not at.exception, at.exception
    return at


def pick(at: AppTest, iid: str | None) -> AppTest:
    """A click on a bar of the timeline (the chart's point selection ``pick`` on ``id``)."""
    value = {"selection": {"pick": [{"id": iid}] if iid else []}}
    return _widget_run(at, chart(at).proto.id, json.dumps(value))


def table(at: AppTest):
    frames = [d for d in at.get("dataframe") if "rm_actor_table" in d.proto.id]
    assert len(frames) == 1, frames
    return frames[0]


def choose_row(at: AppTest, row: int | None) -> AppTest:
    """A click on a row of the actor index (single-row selection)."""
    value = {"selection": {"rows": [] if row is None else [row], "columns": [], "cells": []}}
    return _widget_run(at, table(at).proto.id, json.dumps(value))


def bridge(at: AppTest, kind: str) -> dict:
    for e in at.get("bidi_component"):
        if e.proto.component_name == "regionmap_map_bridge":
            data = json.loads(e.proto.json)
            if data["kind"] == kind:
                return data["msg"]
    raise AssertionError("no map bridge")


def component(at: AppTest, name: str, key_part: str | None = None) -> dict | None:
    for e in at.get("bidi_component"):
        if e.proto.component_name.endswith(name) and (key_part is None or key_part in e.proto.id):
            return json.loads(e.proto.json)
    return None


def param(at: AppTest, name: str):
    value = at.query_params.get(name)
    return value[-1] if isinstance(value, list) else value


def event_card(at: AppTest) -> str | None:
    for h in at.html:
        if 'class="rm-card"' in h.value and "data-event=" in h.value:
            return re.search(r'data-event="([^"]+)"', h.value).group(1)
    return None


def notices(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith("⚠")]
