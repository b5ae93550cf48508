"""Only the user's cells make runs, in real kernels: what other tools execute (silently, or
keeping no history, as variable inspectors, completers and widgets do) makes no record, and the
names such runs bind are marked hidden in the next record's variables."""

from __future__ import annotations

from lab_client import wait_for_record_of


def listed(record: dict) -> dict[str, dict]:
    return {entry["name"]: entry for entry in record["variables"]["items"]}


async def test_runs_of_other_tools_make_no_record_and_their_names_are_hidden(jp_fetch, kernel):
    kernel_id, client = kernel
    first = client.send_cell("mine = bytearray(2**20)")
    await wait_for_record_of(jp_fetch, kernel_id, first)
    # A variable inspector's set-up and queries: store_history=False, not silent.
    await client.run(
        "inspector_helper = bytearray(2**20)\n_jupyterlab_variableinspector_maxitems = 10",
        store_history=False,
    )
    await client.run("silent_helper = bytearray(2**20)", silent=True, store_history=False)
    await client.run("print(mine)", store_history=False)
    after = client.send_cell("more = bytearray(2**20)")
    records = await wait_for_record_of(jp_fetch, kernel_id, after)
    assert [record["msg_id"] for record in records] == [first, after]
    assert [record["execution_count"] for record in records] == [1, 2]
    names = listed(records[-1])
    tools = ("inspector_helper", "silent_helper", "_jupyterlab_variableinspector_maxitems")
    for tool_name in tools:
        assert names[tool_name]["hidden"] is True, tool_name
    assert "hidden" not in names["mine"] and "hidden" not in names["more"]
