"""No suggestion offers to delete, clear or rebind a name that IPython or another tool put in
the namespace, in a real kernel: a variable inspector's names (bound by runs that keep no
history, as the inspector's are), IPython's ``_N`` output aliases, and a tool's name that holds
the user's own data. The output cache and the last error are freed on purpose, as holders."""

from __future__ import annotations

import re

from lab_client import MiB, wait_for_records
from test_free_memory import advice, run_setup

TOOL_NAMES = (
    "_jupyterlab_variableinspector_cache",
    "__np",
    "inspector_table",
    "inspector_ref",
    "_3",
    "_",
)


def mentions(code: str, name: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", code) is not None


async def test_no_suggestion_names_a_hidden_name(jp_fetch, kernel, api_validator):
    kernel_id, client = kernel
    setup = ["import numpy as np", f"data = np.ones({48 * MiB // 8})", f"np.ones({40 * MiB // 8})"]
    cells = await run_setup(client, setup)
    # What a variable inspector does between the user's cells: its set-up and queries keep no
    # history; one binds a large table of its own, and one a reference to the user's data.
    await client.run(
        "import numpy as __np\n"
        f"_jupyterlab_variableinspector_cache = __np.ones({32 * MiB // 8})\n"
        f"inspector_table = __np.ones({24 * MiB // 8})",
        store_history=False,
    )
    await client.run("inspector_ref = data", silent=True, store_history=False)
    cells += await run_setup(client, ["after = 1"])
    records = await wait_for_records(jp_fetch, kernel_id, len(cells))
    items = {item["name"]: item for item in records[-1]["variables"]["items"]}
    hidden = {name for name, item in items.items() if item.get("hidden")}
    assert {"_jupyterlab_variableinspector_cache", "inspector_table"} <= hidden

    code, reply = await advice(jp_fetch, kernel_id, cells, cells[-1]["id"])
    assert code == 200, reply
    api_validator("AdviceReply").validate(reply)
    offered = {suggestion["id"] for suggestion in reply["suggestions"]}
    # The displayed result is still freed, through the output cache, not through `_3`.
    assert "xdel:Out[3]" in offered
    for suggestion in reply["suggestions"]:
        for name in sorted(hidden | set(TOOL_NAMES)):
            assert name not in suggestion["names"], (name, suggestion)
            assert not mentions(suggestion["code"], name), (name, suggestion)
    # The user's data is held by a tool's name too: deleting `data` alone frees nothing, and
    # the suggestion says so rather than deleting the tool's name.
    (user_data,) = [s for s in reply["suggestions"] if s["names"] == ["data"]]
    assert user_data["expected_bytes"] == 0
    assert "inspector_ref" in user_data["reason"]
    assert not mentions(reply["cell"]["source"], "inspector_ref")
