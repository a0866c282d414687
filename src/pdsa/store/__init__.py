"""The only code that touches the team's files: find the project, read, write, create, edit.

`files` holds the safe reads and atomic writes, `locks` the write locks, `paths` where things
are, `workspace` the project folder and its cycles (the one door commands go through), and
`cycles` what it hands out.
"""

from pdsa.store.cycles import (
    Change,
    CycleEdit,
    CycleSet,
    Edit,
    LoadedCycle,
    ProjectEdit,
    ReadTally,
    RunningCycles,
)
from pdsa.store.files import (
    DATA_LIMIT,
    STDOUT,
    YAML_LIMIT,
    TextFile,
    WriteError,
    discard_stdout,
    read_bytes,
    read_text,
    unified_diff,
    write_bytes,
    write_output,
    write_text,
)
from pdsa.store.locks import TEMP_SUFFIX, is_temp, stale_temps, write_lock
from pdsa.store.paths import (
    CYCLE_SCHEMA,
    CYCLE_SUFFIX,
    CYCLES_DIR,
    MEASURES_DIR,
    PROJECT_FILE,
    PROJECT_SCHEMA,
    SCHEMA_DIR,
    builtin_templates_dir,
    check_id_is_safe,
    find_root,
)
from pdsa.store.workspace import Workspace

__all__ = [
    "CYCLES_DIR",
    "CYCLE_SCHEMA",
    "CYCLE_SUFFIX",
    "DATA_LIMIT",
    "MEASURES_DIR",
    "PROJECT_FILE",
    "PROJECT_SCHEMA",
    "SCHEMA_DIR",
    "STDOUT",
    "TEMP_SUFFIX",
    "YAML_LIMIT",
    "Change",
    "CycleEdit",
    "CycleSet",
    "Edit",
    "LoadedCycle",
    "ProjectEdit",
    "ReadTally",
    "RunningCycles",
    "TextFile",
    "Workspace",
    "WriteError",
    "builtin_templates_dir",
    "check_id_is_safe",
    "discard_stdout",
    "find_root",
    "is_temp",
    "read_bytes",
    "read_text",
    "stale_temps",
    "unified_diff",
    "write_bytes",
    "write_lock",
    "write_output",
    "write_text",
]
