#!/usr/bin/env bash
# Every benchmark row of issue 16 at the issue's sizes, then one summary table (row, pdsa,
# peer, ratio, goal). On a loaded 2-core machine the full run takes an hour or more.
#
#   benchmarks/run_all.sh [--quick] [--profile]
#
#   --quick    smaller sizes and fewer repeats (a few minutes): for trying the scripts, not
#              for the figures the issue asks for
#   --profile  each script also prints the cProfile of its pdsa command
#
# Uses .venv/bin/python next to this folder (or $PYTHON). Prints figures; asserts nothing.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
py="${PYTHON:-$here/../.venv/bin/python}"
quick=0
profile=()
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1 ;;
        --profile) profile=(--profile) ;;
        -h | --help)
            sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "run_all.sh: unknown option $arg (try --help)" >&2
            exit 2
            ;;
    esac
done

summary="$(mktemp "${TMPDIR:-/tmp}/bench-summary.XXXXXX")"
trap 'rm -f "$summary"' EXIT
failed=()

step() {
    local script=$1
    shift
    echo
    echo "=== $script $* ==="
    if ! "$py" "$here/$script.py" "$@" --summary "$summary"; then
        failed+=("$script")
    fi
}

started=$SECONDS
if [ "$quick" = 1 ]; then
    step bench_chart --cycles 200 --png-points 2000 --repeat 3 ${profile[@]+"${profile[@]}"}
    step bench_check --realistic --cycles 600 --repeat 3 ${profile[@]+"${profile[@]}"}
    step bench_list --small 200 --large 2000 --memory 200,2000,6000 --repeat 3 \
        ${profile[@]+"${profile[@]}"}
    step bench_report_terminal --cycles 200 --repeat 3 ${profile[@]+"${profile[@]}"}
    step bench_runchart --points 100000 --repeat 5
else
    step bench_chart ${profile[@]+"${profile[@]}"}
    step bench_check --realistic ${profile[@]+"${profile[@]}"}
    step bench_list ${profile[@]+"${profile[@]}"}
    step bench_report_terminal ${profile[@]+"${profile[@]}"}
    step bench_runchart
fi

echo
echo "=== summary ($(((SECONDS - started) / 60)) min$([ "$quick" = 1 ] && echo ', --quick sizes')) ==="
if [ -s "$summary" ]; then
    "$py" "$here/benchtime.py" "$summary"
fi
if [ ${#failed[@]} -gt 0 ]; then
    echo "failed: ${failed[*]}" >&2
    exit 1
fi
